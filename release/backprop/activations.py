# Exercise 6.2 template: the forward passes are last week's provided code; implement
# every place that raises NotImplementedError. Generated from the course's reference
# by coursekit/templates.py: edit that, not this file.
"""Activation functions of the toy library: forward passes and their gradients.

Every activation is applied elementwise (Softmax: along the last axis) to an
array `x` of any shape, usually (N, D): N datapoints in the minibatch, D
features. Calling the object runs the forward pass and remembers its input;
`grad(in_gradient)` then returns dL/dx for that latest call, given the
incoming gradient dL/dy of the same shape as the output.

Each backward rule is "incoming gradient times local derivative", written out
in plain sight, so it can be read against the one-line math in its docstring.
"""
import numpy as np


class Activation:
    """Shared bookkeeping: checks the input, remembers it, checks `grad`'s argument.

    Subclasses implement `forward(x)` and `grad(in_gradient)`; `grad` reads the
    input of the latest call through `self._saved_input(in_gradient)`.
    """

    def __init__(self):
        self._x = None

    def __call__(self, x):
        """x: array of shape (N, D) (any shape is accepted). Returns y, same shape."""
        x = np.asarray(x, dtype=np.float64)
        # Keep a reference, not a copy: the forward pass never writes into x,
        # and the latest call is the one `grad` differentiates.
        self._x = x
        return self.forward(x)

    def forward(self, x):
        raise NotImplementedError

    def grad(self, in_gradient):
        raise NotImplementedError

    def _saved_input(self, in_gradient):
        """Returns (x, in_gradient) as float arrays of the same shape, or raises a clear error."""
        name = type(self).__name__
        if self._x is None:
            raise RuntimeError(
                f"{name}.grad() was called before any forward pass: "
                f"call the activation on an input first, e.g. {name.lower()}(x)."
            )
        in_gradient = np.asarray(in_gradient, dtype=np.float64)
        if in_gradient.shape != self._x.shape:
            raise ValueError(
                f"{name}.grad(): in_gradient has shape {in_gradient.shape}, but the output "
                f"of the latest forward pass has shape {self._x.shape}; they must match."
            )
        return self._x, in_gradient


def _sigmoid(x):
    # exp(-|x|) never overflows; the two branches are the same function
    # 1 / (1 + exp(-x)) rewritten for x >= 0 and x < 0.
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))


def _softmax(x):
    # Shifting by the row maximum leaves softmax unchanged and keeps exp() <= 1.
    e = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


class ReLU(Activation):
    """y = max(x, 0)."""

    def forward(self, x):
        return np.maximum(x, 0.0)

    def grad(self, in_gradient):
        """in_gradient: dL/dy, shape (N, D). Returns dL/dx, shape (N, D).

        dL/dx = dL/dy * [x > 0]   (0 at x == 0, as in torch)
        """
        x, in_gradient = self._saved_input(in_gradient)
        raise NotImplementedError("ReLU.grad: your code here")


class LeakyReLU(Activation):
    """y = x for x > 0, slope * x otherwise (slope 0.01 as torch.nn.LeakyReLU)."""

    def __init__(self, negative_slope=0.01):
        super().__init__()
        self.negative_slope = negative_slope

    def forward(self, x):
        return np.where(x > 0, x, self.negative_slope * x)

    def grad(self, in_gradient):
        """in_gradient: dL/dy, shape (N, D). Returns dL/dx, shape (N, D).

        dL/dx = dL/dy * (1 if x > 0 else slope)   (slope at x == 0, as in torch)
        """
        x, in_gradient = self._saved_input(in_gradient)
        raise NotImplementedError("LeakyReLU.grad: your code here")


class Tanh(Activation):
    """y = tanh(x)."""

    def forward(self, x):
        return np.tanh(x)

    def grad(self, in_gradient):
        """in_gradient: dL/dy, shape (N, D). Returns dL/dx, shape (N, D).

        dL/dx = dL/dy * (1 - tanh(x)^2)
        """
        x, in_gradient = self._saved_input(in_gradient)
        raise NotImplementedError("Tanh.grad: your code here")


class Sigmoid(Activation):
    """y = 1 / (1 + exp(-x)), computed without overflow for any x."""

    def forward(self, x):
        return _sigmoid(x)

    def grad(self, in_gradient):
        """in_gradient: dL/dy, shape (N, D). Returns dL/dx, shape (N, D).

        dL/dx = dL/dy * sigmoid(x) * (1 - sigmoid(x))
        """
        x, in_gradient = self._saved_input(in_gradient)
        raise NotImplementedError("Sigmoid.grad: your code here")


class Softmax(Activation):
    """y_i = exp(x_i) / sum_j exp(x_j) along the last axis (each row of an (N, D) input)."""

    def forward(self, x):
        return _softmax(x)

    def grad(self, in_gradient):
        """in_gradient: dL/dy, shape (N, D). Returns dL/dx, shape (N, D).

        Softmax mixes a row, so this is the full vector-Jacobian product, not the diagonal:
        dL/dx_i = sum_j dL/dy_j * y_j (delta_ij - y_i) = y_i * (dL/dy_i - sum_j dL/dy_j y_j)
        """
        x, in_gradient = self._saved_input(in_gradient)
        raise NotImplementedError("Softmax.grad: your code here")
