"""Every command in README.md is run by a test, so a README that drifts fails CI.

Commands are the lines of the README's ```sh blocks. Cheap ones run here, literally;
the others are run by the test named next to them (the nbgrader flow, the pipeline).
A command added to the README without a runner here, or a runner whose command left
the README, fails.
"""
import os
import pathlib
import re
import shutil
import subprocess

import pytest

from coursekit.course import venv_tools_on_path
from tests.conftest import nbval_sanitized

ROOT = pathlib.Path(__file__).resolve().parents[1]
README = ROOT / "README.md"

# command -> where it is run (a test file::function, or CI)
RUN_ELSEWHERE = {
    "make demo": "tests/test_pipeline.py::test_the_class_is_graded_as_expected",
    "make test": ".ci/run",
    "nbgrader release_assignment backprop": "tests/test_nbgrader_flow.py::test_autograde_finishes_for_the_whole_class_despite_hostile_code",
    "nbgrader collect backprop": "tests/test_nbgrader_flow.py::test_autograde_finishes_for_the_whole_class_despite_hostile_code",
    "python -m coursekit.parallel_autograde backprop --workers 2": "tests/test_parallel_autograde.py::test_the_command_reports_failures_and_how_to_retry_them",
    "nbgrader generate_feedback backprop --force": "tests/test_nbgrader_flow.py::test_feedback_shows_failures_with_a_message_and_no_hidden_test_source",
    "nbgrader export": "tests/test_nbgrader_flow.py::test_export_writes_every_students_grade",
    "nbgrader fetch_assignment backprop --course backprop-course": "tests/test_nbgrader_flow.py::test_autograde_finishes_for_the_whole_class_despite_hostile_code",
    "nbgrader validate backprop/backprop.ipynb": "tests/test_nbgrader_flow.py::test_validate_reports_unfinished_gradients_and_passes_a_correct_notebook",
    "nbgrader submit backprop --course backprop-course": "tests/test_nbgrader_flow.py::test_autograde_finishes_for_the_whole_class_despite_hostile_code",
    "jupyter lab": "tests/test_formgrader_browser.py::test_jupyterlab_shows_the_formgrader_with_the_assignment_and_a_submission_to_grade",
}
RUN_HERE = {
    "make assignment": "test_make_assignment_reproduces_the_committed_files",
    "python -m autograder examples/submissions/typical_bugs --feedback": "test_cli_commands_of_the_readme",
    "python -m autograder examples/submissions/* --workers 2 --json results.json": "test_cli_commands_of_the_readme",
    "make gradescope": "test_make_gradescope_builds_the_zip",
}


def readme_commands():
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", README.read_text(), re.S):
        for line in block.splitlines():
            command = line.split("  #")[0].strip()
            if command:
                commands.append(command)
    return commands


def test_every_readme_command_has_a_runner_and_every_runner_a_command():
    commands = readme_commands()
    unknown = [c for c in commands if c not in RUN_ELSEWHERE and c not in RUN_HERE]
    assert not unknown, f"README commands no test runs: {unknown}"
    # The comments of the README name two alternatives; they are run too.
    documented = set(commands) | {"nbgrader zip_collect backprop", "nbgrader autograde backprop --force"}
    stale = [c for c in list(RUN_ELSEWHERE) + list(RUN_HERE) if c not in documented]
    assert not stale, f"runners for commands the README no longer shows: {stale}"


@pytest.mark.parametrize("command, where", sorted(RUN_ELSEWHERE.items()))
def test_the_tests_named_as_runners_exist(command, where):
    if where == ".ci/run":
        assert "make test" in (ROOT / ".ci" / "run").read_text()
        return
    path, function = where.split("::")
    assert f"def {function}(" in (ROOT / path).read_text(), f"{command}: {where} is gone"
    if command == "jupyter lab":
        assert '"lab"' in (ROOT / path).read_text()
    if command.startswith("nbgrader "):
        verb = command.split()[1]
        text = (ROOT / path).read_text()
        # a student's fetch and submit go through coursekit.course's helpers of that name
        helper = {"fetch_assignment": "fetch", "submit": "submit"}.get(verb)
        through_helper = helper and f"{helper}(" in text and f'"{verb}"' in (ROOT / "coursekit/course.py").read_text()
        assert f'"{verb}"' in text or through_helper, f"{path} does not run nbgrader {verb}"


def test_make_demo_runs_the_pipeline():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^demo: venv\n(\t.*\n)*\t.*-m coursekit\.pipeline", makefile, re.M)


def repo_copy(tmp_path):
    """The repository's files (tracked, or new and not ignored) in tmp_path/repo, with the real .venv linked in."""
    copy = tmp_path / "repo"
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    for name in files:
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, copy / name)  # keeps times: make must not see a newer requirements.txt
    (copy / ".venv").symlink_to(ROOT / ".venv")
    return copy


def make(target, cwd):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MAKEFLAGS", "MFLAGS")}
    return subprocess.run(["make", target], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


def test_make_assignment_reproduces_the_committed_files(tmp_path):
    copy = repo_copy(tmp_path)
    result = make("assignment", copy)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    for folder in ("source/backprop", "release/backprop"):
        for path in sorted((ROOT / folder).iterdir()):
            if path.is_file():
                made, committed = (copy / folder / path.name).read_bytes(), path.read_bytes()
                if path.suffix == ".ipynb":  # stored outputs: as nbval compares them (CPU-dependent last digits)
                    made, committed = nbval_sanitized(made.decode()), nbval_sanitized(committed.decode())
                assert made == committed, f"make assignment changed {folder}/{path.name}: regenerate and commit it"


def test_make_gradescope_builds_the_zip(tmp_path):
    copy = repo_copy(tmp_path)
    result = make("gradescope", copy)
    assert result.returncode == 0, result.stderr
    assert (copy / "dist" / "gradescope_autograder.zip").stat().st_size > 10_000


def test_cli_commands_of_the_readme(tmp_path):
    run = tmp_path / "run"
    run.mkdir()
    (run / "examples").symlink_to(ROOT / "examples")
    env = venv_tools_on_path({**os.environ, "PYTHONPATH": str(ROOT)})
    feedback = subprocess.run("python -m autograder examples/submissions/typical_bugs --feedback", shell=True,
                              cwd=run, env=env,
                              capture_output=True, text=True, timeout=300)
    assert feedback.returncode == 0 and "Likely mistake" in feedback.stdout
    bulk = subprocess.run("python -m autograder examples/submissions/* --workers 2 --json results.json", shell=True,
                          cwd=run, env=env,
                          capture_output=True, text=True, timeout=300)
    assert bulk.returncode == 0 and (run / "results.json").exists()
    assert "correct_plain" in bulk.stdout and "hostile" in bulk.stdout


def test_the_readme_states_the_number_of_checks_and_their_points():
    from autograder.checks import all_checks
    from autograder.exercises import EXERCISES

    text = README.read_text()
    assert f"How it scores: {len(all_checks())} checks" in text
    for exercise in EXERCISES.values():
        assert f"{exercise.id} " in text and f"{exercise.points:.1f}" in text
