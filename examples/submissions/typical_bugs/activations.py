# Example submission with typical bugs (marked BUG), for the demo class.
import numpy as np


class ReLU:
    def __call__(self, x):
        self.x = x
        return np.maximum(0, x)

    def grad(self, in_gradient):
        return in_gradient * (self.x > 0)


class LeakyReLU:
    def __init__(self, slope=0.01):
        self.slope = slope

    def __call__(self, x):
        self.x = x
        return np.where(x > 0, x, self.slope * x)

    def grad(self, in_gradient):
        local = np.ones_like(self.x, dtype=float)
        local[self.x <= 0] = self.slope
        return in_gradient * local


class Tanh:
    def __call__(self, x):
        self.out = np.tanh(x)
        return self.out

    def grad(self, in_gradient):
        return in_gradient * (1 - self.out ** 2)


class Sigmoid:
    def __call__(self, x):
        x = np.asarray(x, dtype=float)
        self.out = np.exp(-np.logaddexp(0, -x))
        return self.out

    def grad(self, in_gradient):
        return in_gradient * self.out * (1 - self.out)


class Softmax:
    def __call__(self, x):
        e = np.exp(x - np.max(x, axis=1, keepdims=True))
        self.out = e / np.sum(e, axis=1, keepdims=True)
        return self.out

    def grad(self, in_gradient):
        s = self.out
        return in_gradient * s * (1 - s)  # BUG: only the diagonal of the Jacobian
