"""6.2.3: the gradients of the Linear layer w.r.t. its weights and its input.

The sheet allows ignoring the bias gradient, so it is not graded. Weights are
set explicitly after construction, so the checks do not depend on how a
student's constructor draws them.
"""
import numpy as np
import torch

from . import Check, compare_all, leaf, numpy, rng, untouched


def _sheet_layer():
    """The sheet's cell: seed 23, a 4×5 minibatch, then Linear(5, 2) as last week's code draws it."""
    state = np.random.RandomState(23)
    x = state.randn(4, 5)
    return x, state.randn(5, 2) * 0.05, state.randn(1, 2) * 0.05


def _check(label, x, weights, bias, in_gradient, first_x=None, gate=False, arrays_untouched=False):
    inputs = {"x": x, "weights": weights, "bias": bias, "in_gradient": in_gradient}
    if first_x is not None:
        inputs["first_x"] = first_x
    n, d_in = x.shape
    d_out = weights.shape[1]

    def reference():
        x_t, w_t, b_t = leaf(x), leaf(weights), leaf(bias)
        y = x_t @ w_t + b_t
        y.backward(torch.from_numpy(in_gradient))
        return {"output": numpy(y), "grad_weights": numpy(w_t.grad), "grad_input": numpy(x_t.grad)}

    def verify(outcome, expected):
        if arrays_untouched:
            return untouched(outcome, inputs, {"x": "the input x", "in_gradient": "in_gradient"})
        g, ones = in_gradient, np.ones_like(in_gradient)
        weight_hints = [("you divided by the batch size; dL/dW = X^T dL/dY has no average", x.T @ g / n),
                        ("your gradient ignores in_gradient (as if it were all ones)", x.T @ ones)]
        input_hints = [("your gradient ignores in_gradient (as if it were all ones)", ones @ weights.T)]
        if d_in == d_out:  # only then does W have the shape W^T should have
            input_hints.append(("you used W instead of W^T: dL/dX = dL/dY W^T", g @ weights))
        return compare_all(outcome, expected, [
            ("output", f"Linear output for a {n}×{d_in} input and {d_in}×{d_out} weights", []),
            ("grad_weights", f"gradient w.r.t. the weights ({d_in}×{d_out}), first item of grad()'s pair",
             weight_hints),
            ("grad_input", f"gradient w.r.t. the input ({n}×{d_in}), second item of grad()'s pair", input_hints),
        ])

    return Check("6.2.3", label, "linear", ("layers",), inputs, reference, verify, gate=gate)


def checks():
    r = rng(300)

    def layer(n, d_in, d_out):
        return (r.standard_normal((n, d_in)), r.standard_normal((d_in, d_out)) * 0.5,
                r.standard_normal((1, d_out)) * 0.1, r.standard_normal((n, d_out)))

    x, w, b, g = layer(6, 5, 3)
    return [
        _check("Linear: the sheet's data, gradient of ones", *_sheet_layer(), np.ones((4, 2)), gate=True),
        _check("Linear: 6×5 input, 5→3 layer, random incoming gradient", x, w, b, g),
        _check("Linear: square 4→4 layer, random incoming gradient", *layer(5, 4, 4)),
        _check("Linear: a batch of one datapoint", *layer(1, 3, 2)),
        _check("Linear: one layer called on two inputs, then grad (must use the latest)", x, w, b, g,
               first_x=r.standard_normal((6, 5)) * 2),
        _check("Linear: leaves the caller's x and in_gradient unchanged", x.copy(), w, b, g.copy(),
               arrays_untouched=True),
    ]
