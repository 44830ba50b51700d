"""The exercises of the sheet, their points and the student modules they live in.

The one place where points are set: the checks, the CLI, Gradescope's JSON and
the notebook's test cells all read them from here.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    points: float  # automatic points; the proofs of 6.2.2 and 6.2.3 are graded by hand on top
    module: str  # the student module whose code this exercise grades


EXERCISES = {
    e.id: e
    for e in [
        Exercise("6.2.1", "MSE loss gradient", 0.5, "losses"),
        Exercise("6.2.2", "Cross entropy loss gradient", 1.0, "losses"),
        Exercise("6.2.3", "Linear layer gradients", 1.0, "layers"),
        Exercise("6.2.4", "Activation gradients", 1.0, "activations"),
        Exercise("6.2.5", "Model: backward pass and SGD step", 1.5, "model"),
    ]
}

MAX_SCORE = sum(e.points for e in EXERCISES.values())
STUDENT_MODULES = ("activations", "losses", "layers", "model")
