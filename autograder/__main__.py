"""python -m autograder SUBMISSION_DIR [SUBMISSION_DIR ...] [--json PATH] [--workers N]

Grades folders of student modules directly (no notebook, no nbgrader), prints a
table of points per exercise per submission, and optionally writes Gradescope's
results.json. Exits 0 whatever the scores; 2 for usage errors.
"""
import argparse
import json
import os
import pathlib
import sys


def _parse(argv):
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__.split("\n\n")[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("submissions", nargs="+", metavar="SUBMISSION_DIR",
                        help="folder holding activations.py, losses.py, layers.py, model.py (or packages)")
    parser.add_argument("--json", metavar="PATH", help="write Gradescope results.json (several folders: "
                        "one object per submission, keyed by folder name)")
    parser.add_argument("--workers", type=int, default=1, metavar="N", help="submissions graded at once (default 1)")
    parser.add_argument("--check-timeout", type=float, default=5.0, metavar="S",
                        help="seconds one check may run (default 5)")
    parser.add_argument("--feedback", action="store_true", help="print every submission's feedback")
    args = parser.parse_args(argv)
    missing = [s for s in args.submissions if not pathlib.Path(s).is_dir()]
    if missing:
        parser.error(f"not a folder: {missing[0]}")
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    return args


def _keys(folders):
    """Folder names, with the path where two folders share a name."""
    names = [pathlib.Path(f).resolve().name for f in folders]
    return [os.path.normpath(f) if names.count(n) > 1 else n for f, n in zip(folders, names)]


def _table(keys, results, exercises):
    width = max([len("submission")] + [len(k) for k in keys])
    header = f"{'submission':<{width}}  " + "  ".join(f"{e:>6}" for e in exercises) + "   total"
    lines = [header, "-" * len(header)]
    for key, result in zip(keys, results):
        if isinstance(result, Exception):
            lines.append(f"{key:<{width}}  grading failed: {result}")
            continue
        cells = "  ".join(f"{result.exercises[e].score:>6.3g}" for e in exercises)
        lines.append(f"{key:<{width}}  {cells}  {result.score:>6.3g}")
    maxima = "  ".join(f"{exercises[e].points:>6.3g}" for e in exercises)
    lines.append(f"{'(max)':<{width}}  {maxima}  {sum(e.points for e in exercises.values()):>6.3g}")
    return "\n".join(lines)


def main(argv=None):
    args = _parse(argv)
    # Heavy imports after parsing, so usage errors are instant.
    from .exercises import EXERCISES
    from .gradescope import results_json
    from .grading import grade_many
    from .sandbox import Limits

    results = grade_many(args.submissions, Limits(check_seconds=args.check_timeout), args.workers)
    for folder, result in zip(args.submissions, results):
        if isinstance(result, Exception):
            print(f"error grading {folder}: {result!r}", file=sys.stderr)

    keys = _keys(args.submissions)
    print(_table(keys, results, EXERCISES))
    if args.feedback:
        for key, result in zip(keys, results):
            if not isinstance(result, Exception):
                print(f"\n== {key}: {result.score:g} / {result.max_score:g}")
                print("\n".join(e.feedback() for e in result.exercises.values()))
    if args.json:
        documents = {k: results_json(r) for k, r in zip(keys, results) if not isinstance(r, Exception)}
        document = next(iter(documents.values())) if len(args.submissions) == 1 and documents else documents
        pathlib.Path(args.json).write_text(json.dumps(document, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
