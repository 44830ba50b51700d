"""6.2.5: Model's forward pass, backward pass and SGD step.

The checks build a Model from Linear layers and activations with known weights,
run forward, backward(loss_gradient) and update_parameters(grads, lr), and read
the weights back. (W_before - W_after) / lr is the gradient the Model applied;
it must equal torch's dL/dW for every layer. Biases may be left alone (the sheet
allows ignoring their gradients) or updated correctly. Several learning rates
and depths expose a fixed learning rate, a wrong sign and skipped components.
"""
import numpy as np
import torch
import torch.nn.functional as F

from ..compare import close, compare
from . import Check, compare_all, leaf, numpy, rng, untouched
from .activations import TORCH


def _forward(layers, activations, x):
    params, h = [], torch.from_numpy(x)
    for (weights, bias), name in zip(layers, activations):
        w, b = leaf(weights), leaf(bias)
        params.append((w, b))
        h = h @ w + b
        if name is not None:
            h = TORCH[name](h)
    return h, params


def _sheet_model():
    """The sheet's model cell: seed 123, Linear(1000, 100), ReLU, Linear(100, 10), ReLU, two datapoints."""
    state = np.random.RandomState(123)
    layers = []
    for d_in, d_out in ((1000, 100), (100, 10)):
        weights = state.randn(d_in, d_out) * 0.05
        layers.append((weights, state.randn(1, d_out) * 0.05))
    x = state.randn(2, 1000)
    y_true = np.zeros((2, 10))
    y_true[0, 4] = y_true[1, 1] = 1
    output, _ = _forward(layers, ["ReLU", "ReLU"], x)
    output = output.detach().requires_grad_(True)
    F.cross_entropy(output, torch.from_numpy(y_true)).backward()
    return layers, ["ReLU", "ReLU"], x, numpy(output.grad), 0.001


def _check(label, layers, activations, x, loss_gradient, lr, gate=False, arrays_untouched=False):
    inputs = {"layers": layers, "activations": activations, "x": x, "loss_gradient": loss_gradient, "lr": lr}
    modules = ("model", "layers") + (("activations",) if any(activations) else ())
    architecture = " → ".join([str(layers[0][0].shape[0])] + [
        f"{w.shape[1]}{' ' + a if a else ''}" for (w, _), a in zip(layers, activations)])

    def reference():
        output, params = _forward(layers, activations, x)
        output.backward(torch.from_numpy(loss_gradient))
        expected = {"output": numpy(output)}
        for i, (w, b) in enumerate(params):
            expected[f"weights{i}"], expected[f"bias{i}"] = numpy(w.grad), numpy(b.grad)
        return expected

    def verify(outcome, expected):
        if arrays_untouched:
            return untouched(outcome, inputs, {"x": "the input x", "loss_gradient": "the loss gradient"})
        problems = compare_all(outcome, expected, [("output", f"Model.forward output ({architecture})", [])])
        wrong_layers = []
        for i, (weights, bias) in enumerate(layers):
            after = outcome.values.get(f"weights{i}")
            if after is None or after.shape != weights.shape:
                problems.append(f"layer {i}'s weights are no longer a {weights.shape[0]}×{weights.shape[1]} array "
                                f"after update_parameters")
                wrong_layers.append(i)
                continue
            gradient = expected[f"weights{i}"]
            hints = [(f"layer {i}'s weights did not change: does backward return a gradient for every layer, and "
                      f"does update_parameters apply it?", np.zeros_like(gradient)),
                     ("the update goes up the gradient: SGD is w ← w − lr · dL/dw", -gradient),
                     (f"the learning rate is ignored: the step is 0.001 · gradient whatever lr (here {lr:g}) is",
                      gradient * 0.001 / lr),
                     ("the step does not use lr: it is the plain gradient", gradient / lr)]
            problem = compare(f"layer {i} ({weights.shape[0]}×{weights.shape[1]}) weight step ÷ lr, i.e. the "
                              f"gradient your Model applied (lr {lr:g}, {architecture})",
                              (weights - after) / lr, gradient, hints)
            if problem:
                problems.append(problem)
                wrong_layers.append(i)
            bias_after = outcome.values.get(f"bias{i}")
            if bias_after is not None and bias_after.shape == bias.shape and not close(bias_after, bias):
                problem = compare(f"layer {i} bias step ÷ lr (biases may also be left unchanged)",
                                  (bias - bias_after) / lr, expected[f"bias{i}"])
                if problem:
                    problems.append(problem)
        last = len(layers) - 1
        if wrong_layers and last not in wrong_layers:
            problems.append(f"the last layer's gradient is right but layer(s) {wrong_layers} are not: check the "
                            f"gradient each component passes back to the one before it, activations included")
        return problems

    return Check("6.2.5", label, "model", modules, inputs, reference, verify, gate=gate)


def checks():
    r = rng(500)

    def network(widths, activations, n=4):
        layers = [(r.standard_normal((a, b)) * 0.6, r.standard_normal((1, b)) * 0.2)
                  for a, b in zip(widths, widths[1:])]
        return layers, activations, r.standard_normal((n, widths[0])), r.standard_normal((n, widths[-1]))

    deep = network([6, 5, 4, 3], ["Tanh", "Sigmoid", None])
    return [
        _check("Model: the sheet's model and data, lr 0.001", *_sheet_model(), gate=True),
        _check("Model: 3 layers with Tanh and Sigmoid, lr 0.5", *deep, 0.5),
        _check("Model: the same model with lr 0.05", *deep, 0.05),
        _check("Model: 2 layers with LeakyReLU and Softmax, lr 0.2", *network([5, 6, 4], ["LeakyReLU", "Softmax"]),
               0.2),
        _check("Model: a single Linear layer, lr 1.0", *network([3, 2], [None], n=5), 1.0),
        _check("Model: leaves the caller's x and loss gradient unchanged", *network([4, 3, 2], ["ReLU", None]), 0.1,
               arrays_untouched=True),
    ]
