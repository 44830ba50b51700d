"""The kit's autograder: checks that import a student's modules and compare them with torch.

    python -m autograder SUBMISSION_DIR [...] [--json PATH] [--workers N]

`grade(submission_dir)` grades one folder of modules (activations.py, losses.py,
layers.py, model.py, or packages of those names); `grade_exercise("6.2.4", dir)`
grades one exercise, as the notebook's hidden test cells do. Student code runs in
a separate, limited process (see sandbox.py); comparisons and scores stay here.

This file imports nothing heavy on purpose: the sandbox's process server imports
the package to reach autograder.child, and must not load torch (or the checks).
"""


def grade(submission_dir, *args, **options):
    """Grades every exercise of one submission folder; returns a grading.SubmissionResult."""
    from .grading import grade as _grade

    return _grade(submission_dir, *args, **options)


def grade_exercise(exercise, submission_dir=".", *args, **options):
    """Grades one exercise (e.g. "6.2.4"); returns its grading.ExerciseResult."""
    from .grading import grade_exercise as _grade_exercise

    return _grade_exercise(exercise, submission_dir, *args, **options)
