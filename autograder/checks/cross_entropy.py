"""6.2.2: the gradient of the cross entropy loss w.r.t. its logits (softmax applied inside)."""
import numpy as np
import torch
import torch.nn.functional as F

from ..compare import shape_text
from . import Check, compare_all, leaf, numpy, rng, untouched

SHEET_LOGITS = np.array([[0.4, 0.35, 0.71, 0.30], [0.01, 0.01, 0.01, 0.65]])
SHEET_TARGETS = np.array([[0, 0, 1, 0], [0, 0, 0, 1]])


def _check(label, logits, targets, average=None, first_call=None, gate=False, only_gradient=False,
           arrays_untouched=False):
    inputs = {"logits": logits, "targets": targets, "average": average}
    if first_call is not None:
        inputs["first_call"] = first_call
    shape = shape_text(logits.shape)
    mode = "summed" if average is False else "averaged"

    def reference():
        o = leaf(logits)
        loss = F.cross_entropy(o, torch.tensor(targets, dtype=torch.float64),
                               reduction="sum" if average is False else "mean")
        loss.backward()
        return {"loss": numpy(loss), "grad": numpy(o.grad)}

    def verify(outcome, expected):
        if arrays_untouched:
            return untouched(outcome, inputs, {"logits": "the predictions", "targets": "the targets"})
        n = logits.shape[0]
        p, y = numpy(torch.softmax(torch.from_numpy(logits), dim=1)), targets
        hints = [("you applied the softmax to the targets or skipped it; the gradient is softmax(o) - y",
                  (logits - y) / (1 if average is False else n)),
                 ("you divided by N·C, the number of entries; average over the N datapoints only",
                  (p - y) / logits.size)]
        if average is False:
            hints.insert(0, ("average=False is ignored: the summed loss's gradient is not divided by N",
                             (p - y) / n))
        else:
            hints.insert(0, ("the division by the batch size N of the averaged loss is missing", p - y))
            hints.insert(1, ("you divided by the batch size N twice", (p - y) / n ** 2))
        quantities = [("grad", f"cross entropy gradient w.r.t. the {shape} logits ({mode} loss)", hints)]
        if not only_gradient:
            quantities.insert(0, ("loss", f"cross entropy loss on {shape} logits ({mode})", []))
        return compare_all(outcome, expected, quantities)

    return Check("6.2.2", label, "cross_entropy", ("losses",), inputs, reference, verify, gate=gate)


def checks():
    r = rng(200)
    logits, targets = r.standard_normal((5, 4)) * 2, np.eye(4)[r.integers(0, 4, size=5)]
    large = r.choice([-1000.0, -10.0, 0.0, 10.0, 1000.0], size=(3, 4))
    return [
        _check("cross entropy: the sheet's data", SHEET_LOGITS, SHEET_TARGETS, average=True, gate=True),
        _check("cross entropy: 5×4 logits, one-hot targets, averaged", logits, targets),
        _check("cross entropy: 6×3 logits, average=False (summed over the batch)",
               r.standard_normal((6, 3)) * 2, np.eye(3)[r.integers(0, 3, size=6)], average=False),
        # Only the gradient: last week's provided loss may use log(softmax + 1e-8),
        # which caps the loss for such logits but leaves softmax(o) - y exact.
        _check("cross entropy: logits of ±1000 (no overflow, no NaN)", large, np.eye(4)[[0, 1, 2]],
               only_gradient=True),
        _check("cross entropy: one object called on two inputs, then grad (must use the latest)", logits, targets,
               first_call=(r.standard_normal((3, 4)), np.eye(4)[[1, 2, 3]])),
        _check("cross entropy: leaves the caller's arrays unchanged", logits.copy(), targets.copy(),
               arrays_untouched=True),
    ]
