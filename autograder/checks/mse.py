"""6.2.1: the gradient of the MSE loss (the mean over all N×D elements, as torch.nn.MSELoss)."""
import numpy as np
import torch.nn.functional as F

from ..compare import shape_text
from . import Check, compare_all, leaf, numpy, rng, untouched


def _check(label, y_pred, y_true, first_call=None, gate=False, arrays_untouched=False):
    inputs = {"y_pred": y_pred, "y_true": y_true}
    if first_call is not None:
        inputs["first_call"] = first_call
    shape = shape_text(y_pred.shape)

    def reference():
        pred = leaf(y_pred)
        loss = F.mse_loss(pred, leaf(y_true))
        loss.backward()
        return {"loss": numpy(loss), "grad": numpy(pred.grad)}

    def verify(outcome, expected):
        if arrays_untouched:
            return untouched(outcome, inputs, {"y_pred": "y_pred", "y_true": "y_true"})
        diff = np.asarray(y_pred, dtype=np.float64) - y_true
        n = diff.shape[0]
        hints = [("you divided by N, the batch size; torch's MSELoss averages over all N·D elements",
                  2 * diff / n),
                 ("the factor 2 from the square is missing", diff / diff.size),
                 ("you differentiated w.r.t. y_true; grad() is the gradient w.r.t. y_pred", -2 * diff / diff.size)]
        return compare_all(outcome, expected, [("loss", f"MSE loss on {shape} inputs", []),
                                               ("grad", f"MSE gradient w.r.t. y_pred ({shape})", hints)])

    return Check("6.2.1", label, "mse", ("losses",), inputs, reference, verify, gate=gate)


def checks():
    r = rng(100)
    p, t = r.standard_normal((6, 4)) * 2, r.standard_normal((6, 4))
    return [
        _check("MSE: the sheet's data (integer arrays)", np.array([0, 1, 2]), np.array([1, 3, 3]), gate=True),
        _check("MSE: 6×4 minibatch", p, t),
        _check("MSE: 7 values (1-D)", r.standard_normal(7) * 3, r.standard_normal(7)),
        _check("MSE: one object called on two inputs, then grad (must use the latest)", p, t,
               first_call=(r.standard_normal((6, 4)), r.standard_normal((6, 4)))),
        _check("MSE: leaves the caller's arrays unchanged", p.copy(), t.copy(), arrays_untouched=True),
    ]
