"""Differential tests: solutions/ against torch in float64 on property-based inputs.

Each quantity (output, dX, dW, db, loss) is compared separately, within 1e-6,
for random shapes (batch sizes 1..64), values up to +-1000 and random incoming
gradients (never only ones, which would hide a missing multiplication).
"""
import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st

from solutions.activations import LeakyReLU, ReLU, Sigmoid, Softmax, Tanh
from solutions.layers import Linear
from solutions.losses import CrossEntropy, MSELoss
from solutions.model import Model
from tests.conftest import assert_matches_torch, leaf

batch_sizes = st.integers(1, 64)
features = st.integers(1, 32)
# Values are drawn as rng(seed) * scale: the scale spans saturation (+-1000) down to
# tiny inputs; rounding to whole numbers puts exact zeros and ties in the data,
# where ReLU-like derivatives and the softmax maximum are decided.
scales = st.sampled_from([1e-3, 1.0, 10.0, 1000.0])


@st.composite
def arrays(draw, shape):
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    values = rng.standard_normal(shape) * draw(scales)
    return np.round(values) if draw(st.booleans()) else values


@st.composite
def matrices(draw):
    return draw(arrays((draw(batch_sizes), draw(features))))


def incoming_gradient(data, shape):
    """A random incoming gradient; any zeros in it are incidental, never all ones."""
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1), label="gradient seed"))
    return rng.standard_normal(shape) * data.draw(st.sampled_from([0.1, 1.0, 10.0]), label="gradient scale")


ACTIVATIONS = [
    (ReLU, torch.relu),
    (LeakyReLU, lambda x: F.leaky_relu(x, 0.01)),
    (Tanh, torch.tanh),
    (Sigmoid, torch.sigmoid),
    (Softmax, lambda x: torch.softmax(x, dim=-1)),
]


@pytest.mark.parametrize("ours_class, torch_fn", ACTIVATIONS, ids=[a.__name__ for a, _ in ACTIVATIONS])
@given(x=matrices(), data=st.data())
def test_activation_output_and_gradient_match_torch(ours_class, torch_fn, x, data):
    g = incoming_gradient(data, x.shape)
    activation = ours_class()
    y = activation(x)
    dx = activation.grad(g)

    x_t = leaf(x)
    y_t = torch_fn(x_t)
    y_t.backward(torch.from_numpy(g))
    assert_matches_torch(y, y_t, f"{ours_class.__name__} output")
    assert_matches_torch(dx, x_t.grad, f"{ours_class.__name__} dX")


@given(data=st.data(), one_dimensional=st.booleans())
def test_mse_loss_and_gradient_match_torch(data, one_dimensional):
    n = data.draw(batch_sizes)
    shape = (n,) if one_dimensional else (n, data.draw(features))
    y_pred, y_true = data.draw(arrays(shape)), data.draw(arrays(shape))
    loss = MSELoss()
    value = loss(y_pred, y_true)
    grad = loss.grad()

    pred_t = leaf(y_pred)
    loss_t = F.mse_loss(pred_t, torch.from_numpy(y_true))
    loss_t.backward()
    assert_matches_torch(value, loss_t, "MSE loss")
    assert_matches_torch(grad, pred_t.grad, "MSE dY_pred")


@st.composite
def cross_entropy_targets(draw, n, c):
    """(ours, torch's) targets of one of the three kinds torch accepts."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    classes = rng.integers(0, c, size=n)
    kind = draw(st.sampled_from(["one-hot", "class indices", "probabilities"]))
    if kind == "one-hot":
        targets = np.eye(c)[classes]
    elif kind == "class indices":
        return classes, torch.from_numpy(classes)
    else:
        weights = rng.random((n, c)) ** 3
        targets = weights / weights.sum(axis=1, keepdims=True)
    return targets, torch.from_numpy(targets)


@given(data=st.data(), average=st.booleans())
def test_cross_entropy_loss_and_gradient_match_torch(data, average):
    n, c = data.draw(batch_sizes), data.draw(features)
    logits = data.draw(arrays((n, c)))
    targets, targets_t = data.draw(cross_entropy_targets(n, c))
    loss = CrossEntropy(average=average)
    value = loss(logits, targets)
    grad = loss.grad()

    logits_t = leaf(logits)
    loss_t = F.cross_entropy(logits_t, targets_t, reduction="mean" if average else "sum")
    loss_t.backward()
    assert_matches_torch(value, loss_t, "cross entropy loss")
    assert_matches_torch(grad, logits_t.grad, "cross entropy dO")


@given(data=st.data())
def test_linear_output_and_every_gradient_match_torch(data):
    n, d_in, d_out = data.draw(batch_sizes), data.draw(features), data.draw(features)
    x = data.draw(arrays((n, d_in)))
    layer = Linear(d_in, d_out)
    layer.weights = data.draw(arrays((d_in, d_out)))
    layer.bias = data.draw(arrays((1, d_out)))
    g = incoming_gradient(data, (n, d_out))
    y = layer(x)
    grad_weights, grad_input = layer.grad(g)

    x_t, w_t, b_t = leaf(x), leaf(layer.weights), leaf(layer.bias[0])
    y_t = F.linear(x_t, w_t.T, b_t)
    y_t.backward(torch.from_numpy(g))
    assert_matches_torch(y, y_t, "Linear output")
    assert_matches_torch(grad_weights, w_t.grad, "Linear dW")
    assert_matches_torch(grad_input, x_t.grad, "Linear dX")
    assert_matches_torch(layer.grad_bias, b_t.grad[None, :], "Linear db")


TORCH_ACTIVATIONS = {ReLU: torch.nn.ReLU, LeakyReLU: torch.nn.LeakyReLU, Tanh: torch.nn.Tanh,
                     Sigmoid: torch.nn.Sigmoid, Softmax: lambda: torch.nn.Softmax(dim=-1)}


@given(data=st.data())
def test_model_gradients_and_sgd_step_match_torch(data):
    widths = data.draw(st.lists(st.integers(1, 20), min_size=2, max_size=4), label="widths")
    n = data.draw(batch_sizes)
    activations = data.draw(
        st.lists(st.sampled_from(list(TORCH_ACTIVATIONS)), min_size=len(widths) - 1, max_size=len(widths) - 1),
        label="activations")
    lr = data.draw(st.floats(1e-4, 1.0), label="lr")
    x = data.draw(arrays((n, widths[0])))
    y = np.eye(widths[-1])[np.random.default_rng(n).integers(0, widths[-1], size=n)]

    components, torch_components = [], []
    for d_in, d_out, activation in zip(widths, widths[1:], activations):
        layer = Linear(d_in, d_out)
        torch_layer = torch.nn.Linear(d_in, d_out).double()
        with torch.no_grad():
            torch_layer.weight.copy_(torch.from_numpy(layer.weights.T))
            torch_layer.bias.copy_(torch.from_numpy(layer.bias[0]))
        components += [layer, activation()]
        torch_components += [torch_layer, TORCH_ACTIVATIONS[activation]()]
    model, net = Model(components), torch.nn.Sequential(*torch_components)
    loss = CrossEntropy()

    loss_before = loss(model.forward(x), y)
    grads = model.backward(loss.grad())
    model.update_parameters(grads, lr)
    loss_after = loss(model.forward(x), y)

    x_t, y_t = torch.from_numpy(x), torch.from_numpy(y)
    loss_t = F.cross_entropy(net(x_t), y_t)
    loss_t.backward()
    assert_matches_torch(loss_before, loss_t, "model loss before the step")
    torch_layers = [m for m in net if isinstance(m, torch.nn.Linear)]
    for i, (layer, torch_layer) in enumerate(zip(components[::2], torch_layers)):
        assert_matches_torch(grads[2 * i]["weights"], torch_layer.weight.grad.T, f"layer {i} dW")
        assert_matches_torch(grads[2 * i]["bias"], torch_layer.bias.grad[None, :], f"layer {i} db")
    assert all(g == {} for g in grads[1::2]), "activations have no parameters"
    torch.optim.SGD(net.parameters(), lr=lr).step()
    for i, (layer, torch_layer) in enumerate(zip(components[::2], torch_layers)):
        assert_matches_torch(layer.weights, torch_layer.weight.T, f"layer {i} weights after the step")
        assert_matches_torch(layer.bias, torch_layer.bias[None, :], f"layer {i} bias after the step")
    with torch.no_grad():
        assert_matches_torch(loss_after, F.cross_entropy(net(x_t), y_t), "model loss after the step")
