import numpy as np


class Linear:
    def __init__(self, in_features, out_features):
        self.weights = np.random.randn(in_features, out_features) * 0.05
        self.bias = np.random.randn(1, out_features) * 0.05

    def __call__(self, x):
        self.cache = np.copy(x)
        return np.dot(x, self.weights) + self.bias

    def grad(self, in_gradient):
        dW = np.dot(self.cache.T, in_gradient)
        dX = np.dot(in_gradient, self.weights.T)
        self.db = in_gradient.sum(axis=0, keepdims=True)
        return dW, dX
