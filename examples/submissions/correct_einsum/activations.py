# A correct solution in another style: float32 arithmetic, einsum, an explicit
# softmax Jacobian, and local derivatives cached by the forward pass.
import numpy as np

F32 = np.float32


class ReLU:
    def __call__(self, x):
        x = np.asarray(x, dtype=F32)
        self.local = (x > 0).astype(F32)
        return x * self.local

    def grad(self, in_gradient):
        return np.einsum("nd,nd->nd", in_gradient.astype(F32), self.local)


class LeakyReLU:
    def __call__(self, x):
        x = np.asarray(x, dtype=F32)
        self.local = np.where(x > 0, F32(1), F32(0.01))
        return x * self.local

    def grad(self, in_gradient):
        return in_gradient.astype(F32) * self.local


class Tanh:
    def __call__(self, x):
        y = np.tanh(np.asarray(x, dtype=F32))
        self.local = 1 - y * y
        return y

    def grad(self, in_gradient):
        return in_gradient.astype(F32) * self.local


class Sigmoid:
    def __call__(self, x):
        x = np.clip(np.asarray(x, dtype=F32), -60, 60)
        y = 1 / (1 + np.exp(-x))
        self.local = y * (1 - y)
        return y

    def grad(self, in_gradient):
        return in_gradient.astype(F32) * self.local


class Softmax:
    def __call__(self, x):
        x = np.asarray(x, dtype=F32)
        e = np.exp(x - x.max(axis=-1, keepdims=True))
        y = e / e.sum(axis=-1, keepdims=True)
        # J[n, i, j] = y_i (delta_ij - y_j), one Jacobian per datapoint
        self.jacobian = np.einsum("ni,ij->nij", y, np.eye(y.shape[1], dtype=F32)) - np.einsum("ni,nj->nij", y, y)
        return y

    def grad(self, in_gradient):
        return np.einsum("nj,nji->ni", in_gradient.astype(F32), self.jacobian)
