"""Gradescope's results.json format for a graded submission, and the autograder's entry point there.

One test per check, named with its exercise number first ("6.2.4 ReLU: ..."), so
Gradescope groups and sorts them by exercise; the top-level score is the kit's
score (an exercise whose sheet check failed scores 0 even where checks passed).

    python -m autograder.gradescope SUBMISSION_DIR RESULTS_JSON   (run_autograder calls this)
"""
import json
import pathlib
import sys
import traceback


def test_output(exercise, result):
    if result.passed and result.score < result.check.points:
        return f"Passed, but scores 0: {exercise.note}"
    if result.passed:
        return "Passed."
    return "\n".join(result.messages)


def results_json(submission):
    """The results.json dictionary of one grading.SubmissionResult."""
    tests = []
    for exercise in submission.exercises.values():
        for result in exercise.checks:
            tests.append({
                "name": result.title,
                "score": round(result.score, 6),
                "max_score": round(result.check.points, 6),
                "output": test_output(exercise, result),
                "visibility": "visible",
            })
    return {"score": submission.score, "max_score": submission.max_score, "tests": tests}


def submission_folder(root):
    """The folder holding the student's modules: root, or the one folder below it that
    does (students often upload a zip of their assignment folder)."""
    root = pathlib.Path(root)
    from .exercises import STUDENT_MODULES
    from .static import find_module

    def holds_modules(folder):
        return any(find_module(folder, m) for m in STUDENT_MODULES)

    if holds_modules(root):
        return root
    below = [p for p in sorted(root.rglob("*")) if p.is_dir() and "__MACOSX" not in p.parts and holds_modules(p)]
    return below[0] if below else root


def main(argv=None):
    """Grades a Gradescope submission; always writes a results.json, even when grading fails."""
    submission, results_path = (argv or sys.argv[1:])[:2]
    results_path = pathlib.Path(results_path)
    results_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        from .grading import grade

        document = results_json(grade(submission_folder(submission)))
    except Exception:  # the student must still get a result, and the staff a reason
        from .exercises import MAX_SCORE

        document = {"score": 0.0, "max_score": MAX_SCORE, "tests": [],
                    "output": "The autograder failed on this submission; please contact the course staff.\n"
                              + traceback.format_exc(limit=3)}
    results_path.write_text(json.dumps(document, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
