"""Benchmark: one SGD training step of the sheet's model, solutions/ vs torch.nn, side by side.

Model (Exercise 6.2.5): Linear 1000->100, ReLU, Linear 100->10, ReLU, cross entropy.
One step = forward, loss, backward, parameter update, in float64 for both.
Ours and torch's steps are timed in alternating blocks in one run, so machine
noise hits both alike; the figure that matters is the ratio ours / torch
(target: <= 1.0). Blocks, not single steps, alternate, with a pause between
them: both libraries' BLAS/OpenMP worker threads keep spinning for a while after
their work (Intel OpenMP's KMP_BLOCKTIME is 200 ms), and on a 2-core machine a
step that starts while the other library's threads spin measures the contention,
not the library.

    .venv/bin/python benchmarks/training_step.py [--rounds R] [--steps S]
"""
import argparse
import pathlib
import sys
import time

import numpy as np
import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "solutions"))
from activations import ReLU  # noqa: E402
from layers import Linear  # noqa: E402
from losses import CrossEntropy  # noqa: E402
from model import Model  # noqa: E402

BATCH_SIZES = (2, 64, 1024)
LR = 0.001


def build(batch_size, seed=0):
    """Returns (ours_step, torch_step, check): two step functions on the same weights and data."""
    np.random.seed(seed)
    layer1, layer2 = Linear(1000, 100), Linear(100, 10)
    ours = Model([layer1, ReLU(), layer2, ReLU()])
    loss = CrossEntropy()
    x = np.random.randn(batch_size, 1000)
    y = np.eye(10)[np.random.randint(0, 10, size=batch_size)]

    net = torch.nn.Sequential(
        torch.nn.Linear(1000, 100), torch.nn.ReLU(), torch.nn.Linear(100, 10), torch.nn.ReLU()
    ).double()
    with torch.no_grad():
        for torch_layer, layer in ((net[0], layer1), (net[2], layer2)):
            torch_layer.weight.copy_(torch.from_numpy(layer.weights.T))
            torch_layer.bias.copy_(torch.from_numpy(layer.bias[0]))
    criterion = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(net.parameters(), lr=LR)
    x_torch, y_torch = torch.from_numpy(x), torch.from_numpy(y)

    def ours_step():
        loss(ours.forward(x), y)
        ours.update_parameters(ours.backward(loss.grad()), LR)

    def torch_step():
        optimizer.zero_grad()
        criterion(net(x_torch), y_torch).backward()
        optimizer.step()

    def check():
        # Both models took the same number of steps: their weights must agree,
        # or the timings compare different work.
        diff = np.max(np.abs(layer1.weights - net[0].weight.detach().numpy().T))
        assert diff < 1e-9, f"ours and torch diverged by {diff}"

    return ours_step, torch_step, check


PAUSE_S = 0.3  # longer than the 200 ms the other library's threads may spin


def time_block(step, steps):
    """Seconds per step over one block, after a pause and untimed warm-up steps."""
    time.sleep(PAUSE_S)
    for _ in range(3):  # warm-up: allocator, BLAS thread wake-up, torch dispatch caches
        step()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    return (time.perf_counter() - start) / steps


def measure(batch_size, rounds, steps):
    """Returns median seconds per step (ours, torch) and the median of the per-round
    ratios ours/torch, over `rounds` rounds of one block each, back to back: pairing
    the blocks of a round cancels drift of the machine's load between rounds."""
    ours_step, torch_step, check = build(batch_size)
    ours_times, torch_times = [], []
    for _ in range(rounds):
        ours_times.append(time_block(ours_step, steps))
        torch_times.append(time_block(torch_step, steps))
    check()
    ratios = np.array(ours_times) / np.array(torch_times)
    return float(np.median(ours_times)), float(np.median(torch_times)), float(np.median(ratios))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=9, help="alternating blocks per model and batch size")
    parser.add_argument("--steps", type=int, default=40, help="timed steps per block")
    args = parser.parse_args(argv)
    print(f"One SGD step of Linear(1000,100)-ReLU-Linear(100,10)-ReLU + cross entropy, float64; "
          f"median over {args.rounds} alternating blocks of {args.steps} steps "
          f"(torch {torch.__version__}, {torch.get_num_threads()} threads; numpy {np.__version__})")
    print(f"{'batch':>6} {'ours [ms]':>10} {'torch [ms]':>11} {'ours/torch':>11}")
    ratios = []
    for batch_size in BATCH_SIZES:
        ours, theirs, ratio = measure(batch_size, args.rounds, args.steps)
        ratios.append(ratio)
        print(f"{batch_size:>6} {ours * 1e3:>10.3f} {theirs * 1e3:>11.3f} {ratio:>11.2f}")
    verdict = "met" if max(ratios) <= 1.0 else "NOT met"
    print(f"target ours/torch <= 1.0 at every batch size: {verdict} (worst {max(ratios):.2f})")


if __name__ == "__main__":
    main()
