"""Compares one quantity a student's code returned with torch's, and says what went wrong.

A message names the quantity and its shape, the largest difference and where it
is, and, when the values match a known mistake, the likely mistake. Messages
never contain test source.
"""
import numpy as np

TOLERANCE = 1e-3  # the sheet: "the same (or maybe with some very small <1e-3 differences)"


def close(got, expected):
    return np.allclose(got, expected, rtol=TOLERANCE, atol=TOLERANCE)


def shape_text(shape):
    return "scalar" if shape == () else "×".join(str(n) for n in shape)


def _where(index):
    return (" at [" + ", ".join(str(int(i)) for i in index) + "]") if len(index) else ""


def _constant_factor(got, expected):
    """k if got ≈ k * expected for one k far from 1, else None."""
    denominator = float(np.sum(expected * expected))
    if denominator < 1e-12:
        return None
    k = float(np.sum(got * expected)) / denominator
    if abs(k - 1) > 0.01 and abs(k) > 1e-9 and close(got, k * expected):
        return k
    return None


def likely_mistake(got, expected, hints=()):
    """The first hint whose alternative matches got, else a generic pattern, else None.

    hints: (message, alternative array) pairs, computed by the check from the
    same inputs with the mistake made on purpose.
    """
    for message, alternative in hints:
        alternative = np.asarray(alternative, dtype=np.float64)
        if alternative.shape == got.shape and not close(alternative, expected) and close(got, alternative):
            return message
    if np.all(np.abs(got) <= TOLERANCE) and not close(got, expected):
        return "it is all zeros: is the computation missing, or is the result never stored/returned?"
    k = _constant_factor(got, expected)
    if k is not None:
        if abs(k + 1) < 0.01:
            return "it has the opposite sign: check the sign of each term"
        return f"it is {k:.4g} times the correct value: check for a missing or extra factor or divisor"
    return None


def compare(what, got, expected, hints=(), wrong_type=None):
    """None when got matches expected within the tolerance, else a message for the student.

    got: the float64 array the student's code returned (None if it was not numeric).
    """
    expected = np.asarray(expected, dtype=np.float64)
    if got is None:
        if wrong_type == "None":
            return f"{what}: your code returned None; did you forget a return statement?"
        return f"{what}: expected a NumPy array of shape {shape_text(expected.shape)}, got a {wrong_type}"
    if expected.shape == () and got.size == 1:
        got = got.reshape(())
    if got.shape != expected.shape:
        hint = ""
        if got.shape == expected.T.shape and got.ndim == 2 and close(got, expected.T):
            hint = " It is the transpose of the correct result."
        elif got.shape == expected.shape[::-1]:
            hint = " The dimensions are swapped: check the order of a matrix product or a transpose."
        return (f"{what}: expected shape {shape_text(expected.shape)}, got {shape_text(got.shape)}.{hint}")
    bad = ~np.isfinite(got)
    if np.any(bad):
        index = np.unravel_index(int(np.argmax(bad)), got.shape) if got.ndim else ()
        return (f"{what}: contains {got[index]}{_where(index)} where torch has "
                f"{expected[index]:.6g}; compute it in a numerically stable way (e.g. avoid exp of large numbers)")
    if close(got, expected):
        return None
    difference = np.abs(got - expected)
    index = np.unravel_index(int(np.argmax(difference)), got.shape) if got.ndim else ()
    failing = int(np.sum(~np.isclose(got, expected, rtol=TOLERANCE, atol=TOLERANCE)))
    message = (f"{what}: largest difference {difference[index]:.4g}{_where(index)} "
               f"(yours {got[index]:.6g}, torch {expected[index]:.6g}); {failing} of {got.size} entries differ "
               f"by more than {TOLERANCE:g}")
    mistake = likely_mistake(got, expected, hints)
    return f"{message}. Likely mistake: {mistake}" if mistake else message
