# Exercise 6.2 template: the forward passes are last week's provided code; implement
# every place that raises NotImplementedError. Generated from the course's reference
# by coursekit/templates.py: edit that, not this file.
"""A model of the toy library: a chain of components (layers and activations).

forward runs the chain, backward runs it in reverse, passing each component's
input gradient on to the component before it, and update_parameters takes one
SGD step. Unlike torch there is no autograd: the chain itself is the graph.
"""
import numbers

import numpy as np


def _is_layer(component):
    # A layer is whatever has weights to train; its grad returns (grad_weights, grad_input).
    return hasattr(component, "weights")


class Model:
    """Model(components): components in forward order, e.g. [Linear, ReLU, Linear, ReLU]."""

    def __init__(self, components):
        self.components = list(components)
        self._ran_forward = False

    def forward(self, x):
        """x: (N, D_in). Returns the output of the last component, (N, D_out)."""
        for component in self.components:
            x = component(x)
        self._ran_forward = True
        return x

    __call__ = forward

    def backward(self, loss_gradient):
        """loss_gradient: dL/d(output), shape (N, D_out), e.g. loss.grad().

        Returns grads: one dict per component, in the order of self.components:
        {"weights": dL/dW, "bias": dL/db} for a layer ("bias" only when the layer
        keeps grad_bias), {} for an activation. Chain rule, last component first:
        dL/d(input of c) = c.grad(dL/d(output of c)).
        """
        if not self._ran_forward:
            raise RuntimeError("Model.backward() was called before Model.forward(x).")
        grads = [None] * len(self.components)
        in_gradient = loss_gradient
        for i in reversed(range(len(self.components))):
            component = self.components[i]
            raise NotImplementedError("Model.backward: your code here")
        return grads

    def update_parameters(self, grads, lr):
        """One SGD step: parameter <- parameter - lr * gradient, for every layer.

        grads: what backward returned. lr: learning rate, a real number.
        """
        if not isinstance(lr, numbers.Real) or not np.isfinite(lr):
            raise ValueError(f"Model.update_parameters: lr must be a finite real number, got {lr!r}.")
        if len(grads) != len(self.components):
            raise ValueError(
                f"Model.update_parameters: got {len(grads)} gradient entries for "
                f"{len(self.components)} components; pass what backward() returned."
            )
        for component, component_grads in zip(self.components, grads):
            for name, gradient in component_grads.items():
                parameter = getattr(component, name)
                if np.shape(gradient) != np.shape(parameter):
                    raise ValueError(
                        f"Model.update_parameters: gradient for {type(component).__name__}.{name} "
                        f"has shape {np.shape(gradient)}, the parameter {np.shape(parameter)}."
                    )
                raise NotImplementedError("Model.update_parameters: your code here")
