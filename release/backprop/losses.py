# Exercise 6.2 template: the forward passes are last week's provided code; implement
# every place that raises NotImplementedError. Generated from the course's reference
# by coursekit/templates.py: edit that, not this file.
"""Loss functions of the toy library: the loss value and its gradient w.r.t. the predictions.

`loss(y_pred, y_true)` computes the loss and remembers what its gradient needs;
`loss.grad()` returns dL/dy_pred for that latest call. A loss is where
backpropagation starts, so `grad` takes no incoming gradient.
Semantics follow torch.nn.MSELoss and torch.nn.CrossEntropyLoss.
"""
import numpy as np


def _require_forward(loss):
    if loss._saved is None:
        name = type(loss).__name__
        raise RuntimeError(
            f"{name}.grad() was called before the loss was computed: "
            f"call loss(y_pred, y_true) first."
        )
    return loss._saved


class MSELoss:
    """L = mean((y_pred - y_true)^2) over all elements, as torch.nn.MSELoss()."""

    def __init__(self):
        self._saved = None

    def __call__(self, y_pred, y_true):
        """y_pred, y_true: arrays of the same shape, (N,) or (N, D). Returns L, a float."""
        y_pred = np.asarray(y_pred, dtype=np.float64)
        y_true = np.asarray(y_true, dtype=np.float64)
        if y_pred.shape != y_true.shape:
            raise ValueError(
                f"MSELoss: y_pred has shape {y_pred.shape} but y_true has shape {y_true.shape}; "
                f"they must match (no broadcasting: it silently computes a different loss)."
            )
        if y_pred.size == 0:
            raise ValueError("MSELoss: y_pred is empty; the mean of no elements is undefined.")
        diff = y_pred - y_true
        self._saved = diff
        return float(np.mean(diff * diff))

    def grad(self):
        """Returns dL/dy_pred, same shape as y_pred.

        dL/dy_pred = 2 (y_pred - y_true) / (number of elements)
        """
        diff = _require_forward(self)
        raise NotImplementedError("MSELoss.grad: your code here")


def _log_softmax(logits):
    # Exact log-softmax: log p = z - log(sum(exp(z))) with z = logits - max.
    # The sheet's printed 1.0391157169 was computed as log(softmax + 1e-8); the
    # epsilon shifts the loss by ~1e-8 but breaks down for extreme logits
    # (log(0 + 1e-8) = -18.4 instead of about -2000 for logits of +-1000),
    # whereas this form agrees with torch for any finite logits.
    z = logits - np.max(logits, axis=1, keepdims=True)
    return z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))


def _as_target_distribution(y_true, shape):
    """Turns targets into an (N, C) array of per-row probabilities, or raises a clear error.

    Accepted, as torch accepts them: one-hot rows (as on the sheet), soft labels
    (rows of probabilities that sum to 1), or class indices of shape (N,).
    """
    n, c = shape
    y_true = np.asarray(y_true)
    if y_true.shape == (n,):
        if not (np.issubdtype(y_true.dtype, np.number) and np.all(np.mod(y_true, 1) == 0)):
            raise ValueError("CrossEntropy: class-index targets of shape (N,) must be whole numbers.")
        if np.any((y_true < 0) | (y_true >= c)):
            raise ValueError(
                f"CrossEntropy: class indices must lie in 0..{c - 1} for {c} classes; "
                f"got values from {y_true.min()} to {y_true.max()}."
            )
        one_hot = np.zeros((n, c))
        one_hot[np.arange(n), y_true.astype(np.intp)] = 1.0
        return one_hot
    if y_true.shape != (n, c):
        raise ValueError(
            f"CrossEntropy: targets have shape {y_true.shape}; expected one-hot or probability "
            f"rows of shape {(n, c)} like the predictions, or class indices of shape {(n,)}."
        )
    y_true = y_true.astype(np.float64)
    if not np.all((y_true >= 0) & (y_true <= 1)):  # also false for NaN
        raise ValueError("CrossEntropy: targets must be one-hot rows or probabilities in [0, 1].")
    row_error = np.abs(np.sum(y_true, axis=1) - 1.0)
    if row_error.max() > 1e-6:
        bad = int(np.argmax(row_error))
        raise ValueError(
            f"CrossEntropy: every target row must sum to 1 (one-hot or probabilities); "
            f"row {bad} sums to {np.sum(y_true[bad]):g}."
        )
    return y_true


class CrossEntropy:
    """Softmax followed by cross entropy, as torch.nn.CrossEntropyLoss.

    L = -sum_i y_i log softmax(o)_i per datapoint, averaged over the N datapoints
    of the minibatch (average=True) or summed (average=False).
    """

    def __init__(self, average=True):
        self.average = average
        self._saved = None

    def __call__(self, y_pred, y_true):
        """y_pred: logits of shape (N, C). y_true: one-hot (N, C), probabilities (N, C)
        or class indices (N,). Returns L, a float."""
        logits = np.asarray(y_pred, dtype=np.float64)
        if logits.ndim != 2 or logits.shape[0] == 0 or logits.shape[1] == 0:
            raise ValueError(
                f"CrossEntropy: predictions must be logits of shape (N, C) with N, C >= 1; got "
                f"shape {logits.shape} (reshape a single datapoint to (1, C))."
            )
        if not np.all(np.isfinite(logits)):
            raise ValueError("CrossEntropy: predictions contain NaN or infinity.")
        targets = _as_target_distribution(y_true, logits.shape)
        log_p = _log_softmax(logits)
        self._saved = (np.exp(log_p), targets)
        total = -np.sum(targets * log_p)
        return float(total / logits.shape[0] if self.average else total)

    def grad(self):
        """Returns dL/do, shape (N, C), for the logits o of the latest call.

        dL/do = (softmax(o) - y) / N   (without the / N when average=False)
        """
        probs, targets = _require_forward(self)
        raise NotImplementedError("CrossEntropy.grad: your code here")
