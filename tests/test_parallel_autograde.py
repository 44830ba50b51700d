"""Parallel autograding through nbgrader: the same gradebook as a serial run, failures isolated."""
import shutil
import subprocess
import sys

import pytest
from nbgrader.api import Gradebook

from coursekit.course import ASSIGNMENT, COURSE_ID, ROOT, environment, make_course, nbgrader, student_copy
from coursekit.parallel_autograde import autograde_all, submitted_students
from tests.conftest import SUBMISSIONS, submission_variant

CLASS = {"ann": "correct_plain", "ben": "typical_bugs", "cem": "correct_einsum", "dia": "untouched",
         "eli": "correct_package", "fay": "correct_plain"}
# ReLU.grad kills the process that started the kernel: here, a parallel worker.
KILLER = {"activations.py": [("return in_gradient * (self.x > 0)",
                              "import os, signal; os.kill(os.getppid(), signal.SIGKILL)")]}


def build_course(folder, with_killer):
    course = make_course(folder)
    env = environment(folder.parent / "exchange")
    nbgrader("generate_assignment", ASSIGNMENT, "--force", cwd=course, env=env)
    release = course / "release" / ASSIGNMENT
    for student, example in CLASS.items():
        student_copy(release, SUBMISSIONS / example, course / "submitted" / student / ASSIGNMENT)
    if with_killer:
        killer = submission_variant(folder.parent / "killer_modules", KILLER)
        student_copy(release, killer, course / "submitted" / "zed" / ASSIGNMENT)
        # a notebook that is not a notebook any more (a broken upload)
        broken = course / "submitted" / "gus" / ASSIGNMENT
        shutil.copytree(release, broken)
        (broken / "backprop.ipynb").write_text('{"cells": [ this is not JSON')
    return course, env


def gradebook(course):
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", COURSE_ID) as gb:
        rows = []
        for submission in gb.assignment_submissions(ASSIGNMENT):
            notebook = gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, submission.student_id)
            rows += [(submission.student_id, g.cell.name, g.auto_score) for g in notebook.grades]
        return sorted(rows, key=lambda r: (r[0], r[1]))


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("parallel")
    serial, env = build_course(root / "serial" / "course", with_killer=False)
    nbgrader("autograde", ASSIGNMENT, "--force", cwd=serial, env=env)
    parallel, _ = build_course(root / "parallel" / "course", with_killer=True)
    runs = autograde_all(parallel, ASSIGNMENT, submitted_students(parallel, ASSIGNMENT), workers=2, progress=False)
    return serial, parallel, runs


def test_parallel_gradebook_equals_the_serial_one_with_every_grade_once(graded):
    serial, parallel, runs = graded
    expected = gradebook(serial)
    got = [row for row in gradebook(parallel) if row[0] not in ("zed", "gus")]
    assert got == expected
    assert len({(s, c) for s, c, _ in got}) == len(got) == 7 * len(CLASS)


def test_a_worker_killed_by_student_code_loses_only_that_students_run(graded):
    _, _, runs = graded
    by_student = {r.student: r for r in runs}
    assert set(by_student) == set(CLASS) | {"zed", "gus"}
    assert not by_student["zed"].success and "worker process died" in by_student["zed"].message
    assert by_student["zed"].attempts == 2  # retried once on a fresh worker, then reported
    assert all(by_student[s].success for s in CLASS)


def test_a_run_that_fails_once_is_retried_on_a_fresh_worker(graded, tmp_path):
    # The first run kills its worker (as a kernel that never started fails a run);
    # the retry grades the same submission in full.
    _, parallel, _ = graded
    marker = tmp_path / "killed-once"
    once = {"activations.py": [(
        "return in_gradient * (self.x > 0)",
        f"import os, signal, pathlib; first = not pathlib.Path({str(marker)!r}).exists(); "
        f"pathlib.Path({str(marker)!r}).touch(); first and os.kill(os.getppid(), signal.SIGKILL); "
        "return in_gradient * (self.x > 0)")]}
    modules = submission_variant(tmp_path / "once_modules", once)
    student_copy(parallel / "release" / ASSIGNMENT, modules, parallel / "submitted" / "flo" / ASSIGNMENT)
    [run] = autograde_all(parallel, ASSIGNMENT, ["flo"], workers=1, progress=False)
    assert marker.exists() and run.success and run.attempts == 2, run
    scores = {cell: score for student, cell, score in gradebook(parallel) if student == "flo"}
    assert sum(score for score in scores.values() if score is not None) == 5.0, scores
    [once_only] = autograde_all(parallel, ASSIGNMENT, ["zed"], workers=1, progress=False, retries=0)
    assert not once_only.success and once_only.attempts == 1


def test_a_malformed_notebook_fails_only_its_student_with_nbgraders_reason(graded):
    _, _, runs = graded
    gus = next(r for r in runs if r.student == "gus")
    assert not gus.success
    assert gus.message.startswith("nbformat.reader.NotJSONError: Notebook does not appear to be JSON"), gus.message


def test_the_command_reports_failures_and_how_to_retry_them(graded):
    _, parallel, _ = graded
    command = [sys.executable, "-m", "coursekit.parallel_autograde", ASSIGNMENT, "--course", str(parallel),
               "--students", "zed", "ann", "--workers", "2"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=ROOT,
                            env=environment())
    assert result.returncode == 1
    assert "autograded 1 of 2 submissions" in result.stdout
    assert "retry with: python -m coursekit.parallel_autograde backprop" in result.stdout
    assert "--students zed" in result.stdout


def test_a_submission_over_the_time_limit_is_stopped_and_reported(graded):
    _, parallel, _ = graded
    runs = autograde_all(parallel, ASSIGNMENT, ["ann"], workers=1, timeout=1.0, progress=False)
    assert not runs[0].success and "no result within 1 s" in runs[0].message


def test_usage_errors_exit_2(tmp_path):
    result = subprocess.run([sys.executable, "-m", "coursekit.parallel_autograde", ASSIGNMENT, "--course",
                             str(tmp_path)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2 and "is not a course root" in result.stderr
