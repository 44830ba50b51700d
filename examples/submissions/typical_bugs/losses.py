# Example submission with typical bugs (marked BUG), for the demo class.
import numpy as np


class MSELoss:
    def __call__(self, y_pred, y_true):
        self.y_pred = np.asarray(y_pred, dtype=float)
        self.y_true = np.asarray(y_true, dtype=float)
        return np.mean((self.y_pred - self.y_true) ** 2)

    def grad(self):
        return 2 * (self.y_pred - self.y_true) / len(self.y_pred)  # BUG: divides by N, not N*D


class CrossEntropy:
    def __init__(self, average=True):
        self.average = average

    def __call__(self, y_pred, y_true):
        e = np.exp(y_pred - np.max(y_pred, axis=1, keepdims=True))
        self.p = e / np.sum(e, axis=1, keepdims=True)
        self.y = y_true
        loss = -np.sum(y_true * np.log(self.p + 1e-8))
        return loss / y_pred.shape[0] if self.average else loss

    def grad(self):
        g = self.p - self.y
        if self.average:
            g = g / self.p.shape[0]
        return g
