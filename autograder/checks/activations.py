"""6.2.4: the gradients of ReLU, LeakyReLU, Tanh, Sigmoid and Softmax.

Per activation: the sheet's data with a gradient of ones (Softmax is not on the
sheet), N×D data with exact zeros and a random incoming gradient, an object
reused for a second input, the caller's arrays left alone, and for the
saturating ones inputs of ±1000.
"""
import numpy as np
import torch
import torch.nn.functional as F

from ..compare import shape_text
from . import Check, compare_all, leaf, numpy, rng, untouched

TORCH = {
    "ReLU": torch.relu,
    "LeakyReLU": lambda x: F.leaky_relu(x, 0.01),
    "Tanh": torch.tanh,
    "Sigmoid": torch.sigmoid,
    "Softmax": lambda x: torch.softmax(x, dim=-1),
}
SHEET_X = np.array([[0.1, -0.3, 0.5, 0.9, 0, -1.0],
                    [0.2, -0.4, 1.1, 0.4, 0.3, 0]])


def _reference(name, x, in_gradient):
    def reference():
        x_t = leaf(x)
        y = TORCH[name](x_t)
        y.backward(torch.from_numpy(np.asarray(in_gradient, dtype=np.float64)))
        local = leaf(x)
        TORCH[name](local).backward(torch.ones_like(local))
        return {"output": numpy(y), "grad": numpy(x_t.grad), "local": numpy(local.grad)}
    return reference


def _gradient_hints(name, x, g, expected):
    """Known mistakes, made on purpose on the same data."""
    hints = [("your gradient equals the local derivative: did you multiply by in_gradient?", expected["local"])]
    y = expected["output"]
    if name == "ReLU":
        hints.append(("your gradient is 1 at x == 0; torch (and the sheet) use 0 there", g * (x >= 0)))
    elif name == "LeakyReLU":
        hints.append(("your gradient is 1 at x == 0; torch uses the slope 0.01 there", g * np.where(x >= 0, 1, 0.01)))
        hints.append(("your gradient is 0 for x < 0; LeakyReLU's slope there is 0.01", g * (x > 0)))
    elif name == "Tanh":
        hints.append(("you computed 1 - x² from the input; the derivative is 1 - tanh(x)²", g * (1 - x * x)))
    elif name == "Sigmoid":
        hints.append(("you computed s(1 - s) with s = the input x; use s = sigmoid(x)", g * x * (1 - x)))
    elif name == "Softmax":
        hints.append(("you kept only the diagonal of the softmax Jacobian, y_i(1 - y_i); the full product is "
                      "y_i (g_i - Σ_j g_j y_j)", g * y * (1 - y)))
        hints.append(("you summed over the batch (axis 0); sum over each row's entries (axis 1)",
                      y * (g - np.sum(g * y, axis=0, keepdims=True))))
    return hints


def _check(name, label, x, in_gradient, first_x=None, gate=False, only_gradient=False, arrays_untouched=False):
    inputs = {"name": name, "x": x, "in_gradient": in_gradient}
    if first_x is not None:
        inputs["first_x"] = first_x
    shape = shape_text(x.shape)

    def verify(outcome, expected):
        if arrays_untouched:
            return untouched(outcome, inputs, {"x": "the input x", "in_gradient": "in_gradient"})
        quantities = [("grad", f"{name} gradient w.r.t. its {shape} input",
                       _gradient_hints(name, x, in_gradient, expected))]
        if not only_gradient:
            quantities.insert(0, ("output", f"{name} output on a {shape} input", []))
        return compare_all(outcome, expected, quantities)

    return Check("6.2.4", f"{name}: {label}", "activation", ("activations",), inputs,
                 _reference(name, x, in_gradient), verify, gate=gate)


def checks():
    result = []
    for seed, name in enumerate(TORCH):
        r = rng(400 + seed)
        x = np.round(r.standard_normal((5, 7)) * 2, 1)  # rounding puts exact zeros in the data
        x[0, :3] = 0.0
        g = r.standard_normal((5, 7))
        if name != "Softmax":
            result.append(_check(name, "the sheet's data, gradient of ones", SHEET_X, np.ones((2, 6)), gate=True))
        result.append(_check(name, "5×7 data with zeros, random incoming gradient", x, g))
        result.append(_check(name, "one object called on two inputs, then grad (must use the latest)",
                             x, g, first_x=r.standard_normal((5, 7)) * 3))
        result.append(_check(name, "leaves the caller's x and in_gradient unchanged", x.copy(), g.copy(),
                             arrays_untouched=True))
        if name in ("Tanh", "Sigmoid", "Softmax"):
            large = r.choice([-1000.0, -300.0, 0.0, 300.0, 1000.0], size=(4, 5))
            result.append(_check(name, "inputs of ±1000 (no overflow, no NaN)", large, r.standard_normal((4, 5))))
    return result
