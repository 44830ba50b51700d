"""The checks, one module per exercise; this file holds what they share.

A check is data plus two functions that run in the grader, never in the sandbox:
the inputs and the sandbox program to call the student's code with, `reference`
(the expected values, from torch in float64, computed once and cached), and
`verify` (compares the student's values with them and returns the problems).
"""
import functools
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import torch

from ..compare import compare


@dataclass(frozen=True, eq=False)
class Check:
    exercise: str
    name: str  # the kind of input, as students see it: never test source
    program: str  # a function in autograder.child.PROGRAMS
    modules: tuple  # the student modules the program needs
    inputs: dict  # keyword arguments of the program (arrays are sent to the sandbox)
    reference: Callable  # () -> {quantity: expected array}
    verify: Callable  # (outcome, expected) -> [problem, ...]
    gate: bool = False  # the sheet's own data (the notebook's visible test): failing it fails the exercise
    points: float = field(default=0.0)  # set by all_checks() from the exercise's points

    @property
    def title(self):
        return f"{self.exercise} {self.name}"

    def expected(self):
        return _expected(self)


@functools.lru_cache(maxsize=None)
def _expected(check):
    return check.reference()


def leaf(array):
    """A float64 torch leaf tensor that records its gradient."""
    return torch.tensor(np.asarray(array, dtype=np.float64), dtype=torch.float64, requires_grad=True)


def numpy(tensor):
    return tensor.detach().numpy().copy()


def rng(seed):
    return np.random.default_rng(seed)


def compare_all(outcome, expected, quantities):
    """Problems for each (name, label, hints) quantity the student's values must match."""
    problems = []
    for name, label, hints in quantities:
        problem = compare(label, outcome.values.get(name), expected[name], hints,
                          outcome.wrong_types.get(name, "value that is missing"))
        if problem:
            problems.append(problem)
    return problems


def untouched(outcome, inputs, labels):
    """Problems for input arrays (name -> label) the student's code wrote into."""
    problems = []
    for name, label in labels.items():
        after = outcome.arguments_after.get(name)
        if after is not None and not np.array_equal(after, inputs[name], equal_nan=True):
            problems.append(f"your code modified {label} in place; the caller's arrays must stay unchanged "
                            f"(work on a copy, e.g. x = x.copy(), or build a new array)")
    return problems


def all_checks():
    """Every check of every exercise, in exercise order, each with its share of the points."""
    return list(_all_checks())


@functools.lru_cache(maxsize=None)
def _all_checks():
    from ..exercises import EXERCISES
    from . import activations, cross_entropy, linear, model, mse

    by_exercise = {"6.2.1": mse, "6.2.2": cross_entropy, "6.2.3": linear, "6.2.4": activations, "6.2.5": model}
    checks = []
    for exercise_id, module in by_exercise.items():
        exercise_checks = module.checks()
        share = EXERCISES[exercise_id].points / len(exercise_checks)
        for check in exercise_checks:
            assert check.exercise == exercise_id, check.title
            object.__setattr__(check, "points", share)
            checks.append(check)
    return tuple(checks)
