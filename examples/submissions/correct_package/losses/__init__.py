import numpy as np


class MSELoss:
    def __call__(self, y_pred, y_true):
        self.residual = np.subtract(y_pred, y_true, dtype=float)
        return (self.residual ** 2).mean()

    def grad(self):
        n = np.prod(self.residual.shape)
        return self.residual * (2.0 / n)


class CrossEntropy:
    def __init__(self, average=True):
        self.average = average

    def __call__(self, y_pred, y_true):
        from .scipy_free_logsumexp import logsumexp
        lse = logsumexp(y_pred)
        self.softmax = np.exp(y_pred - lse)
        self.targets = np.array(y_true, dtype=float)
        total = float(np.sum(self.targets * (lse - y_pred)))
        self.n = len(y_pred) if self.average else 1
        return total / self.n

    def grad(self):
        return (self.softmax - self.targets) / self.n
