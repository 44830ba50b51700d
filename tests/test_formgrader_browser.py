"""Manual grading of the proofs in JupyterLab's formgrader, in a real headless Chromium.

A temporary copy of the course with one autograded submission is served by
`jupyter lab` (started from the course root, as the README says) on 127.0.0.1 at a
free port. Playwright drives Debian's chromium (never a downloaded browser): the
formgrader lists the assignment and the submission waiting for a manual grade; the
two proof cells get their points and a comment; the gradebook then holds 6.0 / 6.0
and the comment. A screenshot of the graded submission is kept in test-artifacts/.
The student's side: the release notebook opens in JupyterLab and its Validate
button reports the unfinished gradients.
"""
import os
import pathlib
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from nbgrader.api import Gradebook

from coursekit.course import ASSIGNMENT, COURSE_ID, ROOT, environment, make_course, nbgrader, student_copy
from tests.conftest import SUBMISSIONS, write_proofs

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
# Without the background-networking flags Chromium keeps dialing out, which this
# machine's closed network refuses; --no-sandbox because tests run as root.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]
PROOFS = {"proof_6_2_2": "Correct: uses that the targets sum to one.",
          "proof_6_2_3": "Correct, with the shapes checked."}

pytestmark = pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK),
                                reason="Debian's chromium is not installed (.ci/run installs it with apt); "
                                       "this test never downloads a browser")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, seconds, what, show=None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}" + (f"; last seen: {show()}" if show else ""))


def submission_grades(course):
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", COURSE_ID) as gradebook:
        submission = gradebook.find_submission(ASSIGNMENT, "alice")
        notebook = gradebook.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, "alice")
        comments = {c.cell.name: c.manual_comment for c in notebook.comments}
        manual = {g.cell.name: g.manual_score for g in notebook.grades}
        return {"score": submission.score, "max_score": submission.max_score, "comments": comments,
                "manual": manual, "id": notebook.id, "needs_manual_grade": notebook.needs_manual_grade}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("formgrader")
    course = make_course(root / "course")
    env = environment(root / "exchange", HOME=root / "home", JUPYTER_CONFIG_DIR=root / "home" / "jupyter",
                      JUPYTER_RUNTIME_DIR=root / "home" / "runtime")
    nbgrader("generate_assignment", ASSIGNMENT, "--force", cwd=course, env=env)
    submitted = course / "submitted" / "alice" / ASSIGNMENT
    student_copy(course / "release" / ASSIGNMENT, SUBMISSIONS / "correct_plain", submitted)
    write_proofs(submitted / "backprop.ipynb")
    nbgrader("autograde", ASSIGNMENT, "--force", cwd=course, env=env)

    port, token = free_port(), secrets.token_hex(16)
    log = open(root / "jupyter.log", "w")
    process = subprocess.Popen(
        [str(pathlib.Path(sys.executable).with_name("jupyter")), "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={course}"]
        + (["--allow-root"] if os.geteuid() == 0 else []),  # CI machines run tests as root
        cwd=course, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        def up():
            try:
                return urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2).status == 200
            except OSError:
                return process.poll() is not None and pytest.fail((root / "jupyter.log").read_text()[-3000:])
        wait_until(up, 90, "jupyter lab to answer")
        yield {"base": base, "token": token, "course": course, "log": root / "jupyter.log"}
    finally:
        # Stop the server this test started, by its process group, whatever happened.
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(process.pid, sig)
                process.wait(10)
                break
            except (ProcessLookupError, subprocess.TimeoutExpired):
                continue
        log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def test_jupyterlab_shows_the_formgrader_with_the_assignment_and_a_submission_to_grade(server, browser):
    before = submission_grades(server["course"])
    assert before["needs_manual_grade"] and before["score"] == 5.0  # autograde did the rest
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"{server['base']}/lab?token={server['token']}")
    page.get_by_role("menuitem", name="Nbgrader").click(timeout=60_000)
    page.get_by_role("menuitem", name="Formgrader").click()
    formgrader = page.frame_locator("iframe").first
    formgrader.get_by_text(ASSIGNMENT, exact=True).first.wait_for(timeout=60_000)
    page.goto(f"{server['base']}/formgrader/gradebook/{ASSIGNMENT}/{ASSIGNMENT}")
    page.locator("a[href*='/formgrader/submissions/']").first.wait_for(timeout=30_000)
    # the submission's row is marked as needing a manual grade (the proofs)
    assert page.locator(".needs-manual-grade[data-search='needs manual grade']").count() == 1
    page.close()


def test_grading_both_proofs_in_formgrader_completes_the_grade(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server['base']}/lab?token={server['token']}")  # logs in (cookie)
    page.goto(f"{server['base']}/formgrader/gradebook/{ASSIGNMENT}/{ASSIGNMENT}")
    page.locator("a[href*='/formgrader/submissions/']").first.click()
    page.locator("input.score#proof_6_2_3").wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")  # the page's models are loaded and its inputs bound
    for grade_id, comment in PROOFS.items():
        score = page.locator(f"input.score#{grade_id}")
        score.fill("0.5")
        score.press("Tab")
        text = page.locator(f"textarea#{grade_id}-comment")
        text.fill(comment)
        text.press("Tab")
        wait_until(lambda: submission_grades(server["course"])["manual"][grade_id] == 0.5, 15,
                   f"the score of {grade_id} to be saved")
    grades = wait_until(lambda: (g := submission_grades(server["course"]))["score"] == 6.0
                        and all(g["comments"].get(k) == v for k, v in PROOFS.items()) and g, 30,
                        "formgrader to save the grades", show=lambda: submission_grades(server["course"]))
    assert grades["max_score"] == 6.0 and grades["manual"]["proof_6_2_2"] == 0.5
    assert not grades["needs_manual_grade"]
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "formgrader_graded_submission.png"
    page.reload()
    page.locator("input.score#proof_6_2_3").wait_for()
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    print(f"\nscreenshot: {shot}")
    page.close()


def test_validate_in_jupyterlab_reports_the_unfinished_gradients(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"{server['base']}/lab/tree/release/{ASSIGNMENT}/backprop.ipynb?token={server['token']}")
    validate = page.get_by_role("button", name="Validate")
    validate.wait_for(timeout=90_000)
    validate.click()
    dialog = page.locator(".jp-Dialog")
    dialog.wait_for(timeout=180_000)
    wait_until(lambda: "Validating" not in dialog.inner_text(), 180, "validation to finish")
    report = dialog.inner_text()
    assert "NotImplementedError" in report or "failed" in report.lower(), report[:2000]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "validate_untouched_release.png"))
    page.close()
