import numpy as np


class Linear:
    def __init__(self, in_features, out_features):
        self.weights = np.random.randn(in_features, out_features) * 0.05
        self.bias = np.random.randn(1, out_features) * 0.05

    def __call__(self, x):
        self.x = x
        return x @ self.weights + self.bias

    def grad(self, in_gradient):
        self.grad_bias = np.sum(in_gradient, axis=0, keepdims=True)
        grad_weights = self.x.T @ in_gradient
        grad_input = in_gradient @ self.weights.T
        return grad_weights, grad_input
