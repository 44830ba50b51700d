# The sheet allows ignoring bias gradients: this Model trains the weights only.
from layers import Linear


class Model:
    def __init__(self, components):
        self.components = list(components)

    def forward(self, x):
        out = x
        for component in self.components:
            out = component(out)
        return out

    def backward(self, loss_gradient):
        grads = []
        gradient = loss_gradient
        for component in reversed(self.components):
            if isinstance(component, Linear):
                grad_weights, gradient = component.grad(gradient)
                grads.append((component, grad_weights))
            else:
                gradient = component.grad(gradient)
        return grads

    def update_parameters(self, grads, lr):
        for layer, grad_weights in grads:
            layer.weights = (layer.weights - lr * grad_weights).astype(np.float32)


import numpy as np  # noqa: E402  (students put imports in odd places too)
