"""The whole instructor/student flow on the real nbgrader, in a temporary copy of the course.

generate_assignment → release_assignment → students fetch, work and submit through a
private exchange → collect (and zip_collect for an LMS download) → autograde →
generate_feedback → export. The class:

  alice  correct modules, proofs written          5.0 automatic points
  bob    the untouched release                    0
  carol  two bugs (average=False ignored in cross entropy, sigmoid derivative of x)
  dave   an MSE bug, and a test cell and a locked cell edited to hide it
  erin   an infinite loop in ReLU.grad
  henry  an infinite loop that swallows the interrupt, in ReLU.grad
  frank  os._exit() in Linear.grad: the kernel dies at the sheet's Linear cell
  gina   correct modules, downloaded from an LMS and collected with zip_collect
"""
import csv
import json
import time
import zipfile

import pytest
from nbgrader.api import Gradebook

import autograder
from tests.conftest import SUBMISSIONS, edit_cell, write_proofs
from coursekit.course import (ASSIGNMENT, COURSE_ID, environment, fetch, grade_id_of_test, make_course, nbgrader,
                              put_modules, submit)

CELL_TIMEOUT = 10  # seconds; the course's 60 s would make the looping students slow to grade
EXERCISE_IDS = ("6.2.1", "6.2.2", "6.2.3", "6.2.4", "6.2.5")


def edit(folder, filename, old, new):
    path = folder / filename
    text = path.read_text()
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new))


def cell_id_of(notebook_path, text):
    notebook = json.loads(notebook_path.read_text())
    return next(c["metadata"]["nbgrader"]["grade_id"] for c in notebook["cells"] if text in "".join(c["source"]))


def modules_of(name):
    return sorted((SUBMISSIONS / name).glob("*.py"))


def work_alice(work):
    put_modules(SUBMISSIONS / "correct_plain", work)
    write_proofs(work / "backprop.ipynb")


def work_bob(work):
    pass


def work_carol(work):
    work_alice(work)
    edit(work, "losses.py", "        if self.average:\n            g", "        if True:\n            g")
    edit(work, "activations.py", "        self.out = np.exp(-np.logaddexp(0, -x))",
         "        self.x = x\n        self.out = np.exp(-np.logaddexp(0, -x))")
    edit(work, "activations.py", "in_gradient * self.out * (1 - self.out)", "in_gradient * self.x * (1 - self.x)")


def work_dave(work):
    work_alice(work)
    edit(work, "losses.py", "return 2 * (self.y_pred - self.y_true)", "return (self.y_pred - self.y_true)")
    notebook = work / "backprop.ipynb"
    edit_cell(notebook, "test_6_2_1", "# nothing to see here\npass")
    locked = cell_id_of(notebook, "y_true = np.array([1, 3, 3])")
    edit_cell(notebook, locked, "y_pred = np.array([0, 1, 2])\ny_true = np.array([0, 1, 2])\nloss = MSELoss()\n")


def work_erin(work):
    work_alice(work)
    edit(work, "activations.py", "return in_gradient * (self.x > 0)", "while True:\n            pass")


def work_henry(work):
    work_alice(work)
    edit(work, "activations.py", "return in_gradient * (self.x > 0)",
         "import time\n        while True:\n            try:\n                time.sleep(1)\n"
         "            except BaseException:\n                pass")


def work_frank(work):
    work_alice(work)
    edit(work, "layers.py", "grad_weights = self.x.T @ in_gradient", "import os\n        os._exit(1)")


STUDENTS = {"alice": work_alice, "bob": work_bob, "carol": work_carol, "dave": work_dave, "erin": work_erin,
            "henry": work_henry, "frank": work_frank}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """Runs the whole flow once; returns what the tests inspect."""
    root = tmp_path_factory.mktemp("flow")
    course = make_course(root / "course")
    exchange = root / "exchange"
    exchange.mkdir(mode=0o777)
    env = environment(exchange)
    nbgrader("generate_assignment", ASSIGNMENT, "--force", cwd=course, env=env)
    nbgrader("release_assignment", ASSIGNMENT, "--force", cwd=course, env=env)

    works, validations = {}, {}
    for student, work in STUDENTS.items():
        home = root / "students" / student
        home.mkdir(parents=True)
        works[student] = fetch(home, exchange, env)
        work(works[student])
        if student in ("alice", "bob"):  # students validate before they submit
            validations[student] = nbgrader("validate", f"{ASSIGNMENT}/backprop.ipynb", cwd=home, env=env,
                                            check=False)
        submit(home, student, exchange, root / "cache" / student, env)
    nbgrader("collect", ASSIGNMENT, cwd=course, env=env)

    # gina's class used an LMS: the instructor downloaded one archive of renamed files.
    archive = course / "downloaded" / ASSIGNMENT / "archive"
    archive.mkdir(parents=True)
    release = course / "release" / ASSIGNMENT
    with zipfile.ZipFile(archive / "backprop_download.zip", "w") as download:
        prefix = "backprop_gina_attempt_2026-11-20-10-00-00_"
        download.write(release / "backprop.ipynb", prefix + "backprop.ipynb")
        for path in modules_of("correct_einsum"):
            download.write(path, prefix + path.name)
    nbgrader("zip_collect", ASSIGNMENT, "--force", cwd=course, env=env)
    works["gina"] = SUBMISSIONS / "correct_einsum"

    started = time.perf_counter()
    autograde = nbgrader("autograde", ASSIGNMENT, "--force", f"--Execute.timeout={CELL_TIMEOUT}",
                         cwd=course, env=env, check=False)
    seconds = time.perf_counter() - started
    nbgrader("generate_feedback", ASSIGNMENT, "--force", cwd=course, env=env)
    nbgrader("export", cwd=course, env=env)

    scores = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", COURSE_ID) as gradebook:
        submissions = gradebook.assignment_submissions(ASSIGNMENT)
        for submission in submissions:
            notebook = gradebook.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, submission.student_id)
            grades = {g.cell.name: g for g in notebook.grades}
            scores[submission.student_id] = {
                "tests": {e: grades[grade_id_of_test(e)].auto_score for e in EXERCISE_IDS},
                "proofs_need_grading": [grades[p].needs_manual_grade for p in ("proof_6_2_2", "proof_6_2_3")],
                "grade_count": len(notebook.grades),
            }
    return {"course": course, "autograde": autograde, "seconds": seconds, "scores": scores, "works": works,
            "validations": validations}


def total(course, student):
    return round(sum(course["scores"][student]["tests"].values()), 4)


def test_autograde_finishes_for_the_whole_class_despite_hostile_code(course):
    assert course["autograde"].returncode == 0, course["autograde"].stderr[-5000:]
    assert set(course["scores"]) == set(STUDENTS) | {"gina"}
    # every student's notebook has its 5 test cells and 2 proofs in the gradebook, once
    assert {s["grade_count"] for s in course["scores"].values()} == {7}
    print(f"\nnbgrader autograde: {course['seconds']:.1f} s for {len(course['scores'])} submissions "
          f"({course['seconds'] / len(course['scores']):.1f} s each, incl. time-outs of {CELL_TIMEOUT} s)")


def test_a_correct_submission_gets_every_automatic_point(course):
    assert total(course, "alice") == 5.0
    assert total(course, "gina") == 5.0  # through zip_collect
    assert course["scores"]["alice"]["proofs_need_grading"] == [True, True]


def test_the_untouched_release_gets_nothing(course):
    assert total(course, "bob") == 0.0


def test_a_partly_wrong_submission_gets_the_points_of_the_parts_it_got_right(course):
    tests = course["scores"]["carol"]["tests"]
    assert tests["6.2.1"] == 0.5 and tests["6.2.3"] == 1.0 and tests["6.2.5"] == 1.5
    assert tests["6.2.2"] == pytest.approx(5 / 6, abs=1e-4)  # 5 of 6 checks: average=False is ignored
    assert tests["6.2.4"] == 0.0  # the sigmoid fails the sheet's own data


def test_edited_locked_and_test_cells_are_graded_by_the_original_tests(course):
    tests = course["scores"]["dave"]["tests"]
    assert tests["6.2.1"] == 0.0
    assert [tests[e] for e in ("6.2.2", "6.2.3", "6.2.4", "6.2.5")] == [1.0, 1.0, 1.0, 1.5]


def test_loops_and_dead_kernels_keep_the_points_earned_before(course):
    assert course["scores"]["erin"]["tests"] == {"6.2.1": 0.5, "6.2.2": 1.0, "6.2.3": 1.0, "6.2.4": 0.0,
                                                 "6.2.5": 0.0}
    assert course["scores"]["henry"]["tests"] == course["scores"]["erin"]["tests"]
    assert course["scores"]["frank"]["tests"] == {"6.2.1": 0.5, "6.2.2": 1.0, "6.2.3": 0.0, "6.2.4": 0.0,
                                                  "6.2.5": 0.0}


@pytest.mark.parametrize("student", ["alice", "bob", "carol", "dave", "erin", "gina"])
def test_the_cli_gives_the_same_scores_as_nbgrader_autograde(course, student):
    """Not for frank and henry: once their kernel is gone, the notebook cannot run the
    later exercises at all, while the CLI grades each exercise on its own."""
    cli = autograder.grade(course["works"][student])
    assert {e: r.score for e, r in cli.exercises.items()} == pytest.approx(course["scores"][student]["tests"],
                                                                          abs=1e-4)


def test_feedback_shows_failures_with_a_message_and_no_hidden_test_source(course):
    html = (course["course"] / "feedback" / "carol" / ASSIGNMENT / "backprop.html").read_text()
    assert "6.2.2 cross entropy: 6×3 logits, average=False" in html
    assert "average=False is ignored" in html  # the likely mistake
    assert "Sigmoid" in html and "AssertionError" in html  # the visible test that failed
    for secret in ("BEGIN HIDDEN TESTS", "hidden_tests(", "from autograder"):
        assert secret not in html
    frank = (course["course"] / "feedback" / "frank" / ASSIGNMENT / "backprop.html").read_text()
    assert "KernelDied" in frank and "NotRun" in frank


def test_export_writes_every_students_grade(course):
    with open(course["course"] / "grades.csv") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    assert set(rows) == set(STUDENTS) | {"gina"}
    assert float(rows["alice"]["raw_score"]) == 5.0 and float(rows["alice"]["max_score"]) == 6.0


def test_validate_reports_unfinished_gradients_and_passes_a_correct_notebook(course):
    untouched = course["validations"]["bob"].stdout
    assert "VALIDATION FAILED" in untouched and "NotImplementedError" in untouched
    assert "MSELoss.grad: your code here" in untouched
    assert "Success! Your notebook passes all the tests." in course["validations"]["alice"].stdout
