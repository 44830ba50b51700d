# Exercise 6.2 template: the forward passes are last week's provided code; implement
# every place that raises NotImplementedError. Generated from the course's reference
# by coursekit/templates.py: edit that, not this file.
"""Layers of the toy library: the fully connected `Linear` layer.

Y = X W + b with X of shape (N, in_features), W of shape (in_features, out_features)
and b of shape (1, out_features), so a layer maps a minibatch row by row.
"""
import numpy as np


class Linear:
    """Fully connected layer Y = X W + b.

    Attributes:
      weights: (in_features, out_features), drawn as randn * 0.05 at construction.
      bias: (1, out_features), drawn as randn * 0.05 right after the weights.
      grad_weights, grad_bias: the gradients of the latest `grad` call (None before).

    The draw order and scale are last week's provided code; the sheet's printed
    outputs depend on them, so nothing else here touches NumPy's random state.
    """

    def __init__(self, in_features, out_features):
        self.in_features = in_features
        self.out_features = out_features
        self.weights = np.random.randn(in_features, out_features) * 0.05
        self.bias = np.random.randn(1, out_features) * 0.05
        self.grad_weights = None
        self.grad_bias = None
        self._x = None
        self._w = None

    def __call__(self, x):
        """x: (N, in_features). Returns Y = x W + b, shape (N, out_features)."""
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 2 or x.shape[1] != self.weights.shape[0]:
            raise ValueError(
                f"Linear: input has shape {x.shape}, but this layer takes (N, {self.weights.shape[0]}) "
                f"for its weights of shape {self.weights.shape}."
            )
        # Remember the input and the weights this output was computed with: the
        # gradient belongs to this forward pass even if the weights are replaced
        # (e.g. by an update step) before grad() is called.
        self._x = x
        self._w = self.weights
        return x @ self.weights + self.bias

    def grad(self, in_gradient, need_grad_input=True):
        """in_gradient: dL/dY, shape (N, out_features).

        Returns (grad_weights, grad_input), as the sheet calls it:
          grad_weights = dL/dW = X^T dL/dY, shape (in_features, out_features)
          grad_input   = dL/dX = dL/dY W^T, shape (N, in_features)
        and keeps grad_bias = dL/db = sum over the batch of dL/dY, shape (1, out_features),
        in self.grad_bias (the sheet allows ignoring it; Model uses it).
        With need_grad_input=False, grad_input is None and not computed (Model
        does that for its first layer, whose input is the data).
        """
        if self._x is None:
            raise RuntimeError(
                "Linear.grad() was called before any forward pass: call the layer on an input first."
            )
        in_gradient = np.asarray(in_gradient, dtype=np.float64)
        expected = (self._x.shape[0], self._w.shape[1])
        if in_gradient.shape != expected:
            raise ValueError(
                f"Linear.grad(): in_gradient has shape {in_gradient.shape}, but the output of the "
                f"latest forward pass has shape {expected}; they must match."
            )
        raise NotImplementedError("Linear.grad: your code here")
        return self.grad_weights, grad_input
