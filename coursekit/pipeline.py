"""The instructor's main job in one command: grade a class end to end, with a report.

On the example class (examples/submissions/, one folder per student) and a private
copy of the course in OUT/ (default demo/), with the real nbgrader:

  1. generate the assignment from source/, and check that release/ is up to date;
  2. release it into a private exchange; every student fetches it, works, submits;
  3. collect;
  4. autograde the whole class in parallel workers (coursekit.parallel_autograde);
  5. generate feedback;
  6. export the grades (CSV) and Gradescope's results.json (the autograder CLI's),
     checking that both give every student the same automatic points;
  7. print the grade table and write the report with its pictures.

    python -m coursekit.pipeline [--out demo] [--workers 2]

Every run starts from a fresh copy in OUT/ (with --force wherever nbgrader needs
it), so re-running is safe and gives the same grades.
"""
import argparse
import filecmp
import json
import pathlib
import shutil
import sys
import time

from .course import (ASSIGNMENT, EXAMPLES, ROOT, automatic_scores, environment, fetch, make_course, nbgrader,
                     put_modules, submit)
from .parallel_autograde import autograde_all, submitted_students

STEPS = 7


def step(number, text):
    print(f"[{number}/{STEPS}] {text}", flush=True)


def check_release(course):
    generated = course / "release" / ASSIGNMENT
    committed = ROOT / "release" / ASSIGNMENT
    comparison = filecmp.dircmp(generated, committed, ignore=["__pycache__"])
    stale = comparison.left_only + comparison.right_only + comparison.diff_files
    if stale:
        raise SystemExit(f"release/{ASSIGNMENT} is out of date with source/ ({', '.join(stale)}): "
                         f"run `make assignment` and commit release/")


def run(out, workers=2, examples=EXAMPLES, progress=True):
    """Runs the whole job; returns a dict of what it produced."""
    from autograder.exercises import EXERCISES
    from autograder.gradescope import results_json
    from autograder.grading import grade_many

    from . import report

    started = time.perf_counter()
    out = pathlib.Path(out).resolve()
    for stale in ("course", "exchange", "students", "report"):
        shutil.rmtree(out / stale, ignore_errors=True)
    course = make_course(out / "course")
    exchange = out / "exchange"
    exchange.mkdir(parents=True, mode=0o777)
    env = environment(exchange)

    step(1, "generating the assignment from source/ with nbgrader")
    nbgrader("generate_assignment", ASSIGNMENT, "--force", cwd=course, env=env)
    check_release(course)

    students = sorted(p.name for p in examples.iterdir() if p.is_dir())
    step(2, f"releasing into a private exchange; {len(students)} students fetch, work and submit")
    nbgrader("release_assignment", ASSIGNMENT, "--force", cwd=course, env=env)
    for number, student in enumerate(students, 1):
        home = out / "students" / student
        home.mkdir(parents=True)
        put_modules(examples / student, fetch(home, exchange, env))
        submit(home, student, exchange, out / "students" / ".cache", env)
        print(f"      submitted {number}/{len(students)}: {student}", flush=True)

    step(3, "collecting the submissions")
    nbgrader("collect", ASSIGNMENT, "--update", cwd=course, env=env)
    collected = submitted_students(course, ASSIGNMENT)

    step(4, f"autograding {len(collected)} submissions with nbgrader, {workers} workers in parallel")
    runs = autograde_all(course, ASSIGNMENT, collected, workers=workers, progress=progress)
    failed = [r.student for r in runs if not r.success]
    if failed:
        print(f"      not autograded (retry with coursekit.parallel_autograde --students): {', '.join(failed)}")

    step(5, "generating feedback")
    nbgrader("generate_feedback", ASSIGNMENT, "--force", cwd=course, env=env)

    step(6, "exporting grades (CSV) and Gradescope's results.json")
    reports = out / "report"
    reports.mkdir()
    nbgrader("export", f"--to={reports / 'grades.csv'}", cwd=course, env=env)
    folders = [course / "submitted" / s / ASSIGNMENT for s in collected]
    graded = dict(zip(collected, grade_many(folders, workers=workers, progress=progress)))
    (reports / "gradescope.json").write_text(json.dumps(
        {s: results_json(r) for s, r in graded.items() if not isinstance(r, Exception)}, indent=2))
    scores = automatic_scores(course, EXERCISES)
    cli_scores = {s: {e: round(x.score, 4) for e, x in r.exercises.items()} for s, r in graded.items()
                  if not isinstance(r, Exception)}
    disagree = [s for s in scores if s in cli_scores and any(abs(scores[s][e] - cli_scores[s][e]) > 1e-3
                                                               for e in EXERCISES)]
    if disagree:
        print(f"      the CLI and nbgrader disagree for {', '.join(disagree)} (a kernel that died or hung "
              f"stops the notebook, while the CLI grades each exercise on its own)")

    step(7, "writing the report")
    table = report.grade_table(scores, EXERCISES)
    print(table)
    failures = report.failed_checks({s: r for s, r in graded.items() if not isinstance(r, Exception)})
    print("checks failed most often:")
    for check, count in failures[:5]:
        print(f"  {count} × {check}")
    pictures = report.figures(scores, EXERCISES)
    for name, png in pictures.items():
        (reports / name).write_bytes(png)
    (reports / "report.html").write_text(report.html_report(scores, EXERCISES, failures, pictures))
    (reports / "grade_table.txt").write_text(table + "\n")

    here = pathlib.Path.cwd()
    shown = out.relative_to(here) if out.is_relative_to(here) else out
    print(f"Done in {time.perf_counter() - started:.0f} s: report {shown}/report/report.html, grades "
          f"{shown}/report/grades.csv, Gradescope {shown}/report/gradescope.json, feedback {shown}/course/feedback/")
    return {"course": course, "report": reports, "scores": scores, "cli_scores": cli_scores, "failed": failed,
            "disagree": disagree}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m coursekit.pipeline", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="demo", help="folder for the course copy and the outputs (default demo/)")
    parser.add_argument("--workers", type=int, default=2, help="parallel autograde workers (default 2)")
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    result = run(args.out, args.workers)
    return 1 if result["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
