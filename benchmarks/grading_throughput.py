"""Benchmark: grading a class three ways, side by side in one run.

Builds temporary courses whose submitted/ folder holds COUNT submissions, copies of
the example submissions cycled (the hostile one left out: its time-outs would
measure the time limits, not the graders), then times on this machine:

  cli       python -m autograder <every submission> --workers 2   (no notebooks)
  serial    nbgrader autograde backprop --force                   (stock: one student at a time)
  parallel  python -m coursekit.parallel_autograde backprop --workers 2

and prints seconds per submission, the speed-ups (targets: cli >= 10x serial,
parallel >= 1.8x serial) and whether all three gave every submission the same
automatic score per exercise.

    .venv/bin/python benchmarks/grading_throughput.py [--count 200]
"""
import argparse
import itertools
import json
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from coursekit.course import (ASSIGNMENT, EXAMPLES, automatic_scores, environment, make_course, nbgrader,  # noqa: E402
                             student_copy)

BENCHMARKED = ("correct_plain", "correct_einsum", "correct_package", "typical_bugs", "untouched")
EXERCISE_IDS = ("6.2.1", "6.2.2", "6.2.3", "6.2.4", "6.2.5")


def build_class(course, count):
    """submitted/<student>/backprop/ for count students, as nbgrader collect leaves them."""
    release = course / "release" / ASSIGNMENT
    students = []
    for i, example in zip(range(count), itertools.cycle(BENCHMARKED)):
        student = f"s{i:03d}_{example}"
        student_copy(release, EXAMPLES / example, course / "submitted" / student / ASSIGNMENT)
        students.append(student)
    return students


def cli_scores(results, students):
    scores = {}
    for student in students:
        by_exercise = {e: 0.0 for e in EXERCISE_IDS}
        for test in results[student]["tests"]:
            by_exercise[test["name"].split()[0]] += test["score"]
        scores[student] = {e: round(s, 4) for e, s in by_exercise.items()}
    return scores


def timed(label, count, function):
    started = time.perf_counter()
    function()
    seconds = time.perf_counter() - started
    print(f"{label}: {seconds:.1f} s, {seconds / count:.3f} s per submission", flush=True)
    return seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=200, help="submissions in the class (default 200)")
    parser.add_argument("--workers", type=int, default=2, help="workers of cli and parallel (default 2)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        folder = pathlib.Path(folder)
        courses = {}
        for name in ("serial", "parallel"):  # two identical classes: neither run sees the other's grades
            course = make_course(folder / name)
            env = environment(folder / "exchange")
            nbgrader("generate_assignment", ASSIGNMENT, "--force", cwd=course, env=env)
            students = build_class(course, args.count)
            courses[name] = course
        print(f"{args.count} submissions ({', '.join(BENCHMARKED)}, cycled); {args.workers} workers", flush=True)

        results_path = folder / "results.json"
        submissions = [courses["serial"] / "submitted" / s / ASSIGNMENT for s in students]
        cli = timed("cli (autograder, no notebooks)", args.count, lambda: subprocess.run(
            [sys.executable, "-m", "autograder", *map(str, submissions), "--workers", str(args.workers),
             "--json", str(results_path)], cwd=ROOT, check=True, capture_output=True))
        serial = timed("nbgrader autograde (stock, serial)", args.count, lambda: nbgrader(
            "autograde", ASSIGNMENT, "--force", cwd=courses["serial"], env=env, timeout=24 * 3600))
        parallel = timed(f"coursekit.parallel_autograde ({args.workers} workers)", args.count, lambda: subprocess.run(
            [sys.executable, "-m", "coursekit.parallel_autograde", ASSIGNMENT, "--course", str(courses["parallel"]),
             "--workers", str(args.workers)], cwd=ROOT, env=env, check=True, capture_output=True))

        results = json.loads(results_path.read_text())
        results = {key.split("/")[-2]: value for key, value in results.items()}
        by_cli, by_serial = cli_scores(results, students), automatic_scores(courses["serial"], EXERCISE_IDS)
        by_parallel = automatic_scores(courses["parallel"], EXERCISE_IDS)
        print(f"speed-up over serial nbgrader: cli {serial / cli:.1f}x (target >= 10x), "
              f"parallel {serial / parallel:.2f}x (target >= 1.8x)")
        same = by_cli == by_serial == by_parallel
        print(f"identical automatic scores per exercise for all {args.count} submissions: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
