"""python -m autograder: the table, the exit codes, and Gradescope's results.json."""
import json
import pathlib
import shutil
import subprocess
import sys

import pytest

from tests.conftest import SUBMISSIONS

ROOT = pathlib.Path(__file__).resolve().parents[1]


def cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "autograder", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def two_submissions(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    shutil.copytree(SUBMISSIONS / "correct_plain", root / "alice")
    shutil.copytree(SUBMISSIONS / "correct_plain", root / "bob")
    relu = root / "bob" / "activations.py"
    relu.write_text(relu.read_text().replace("return in_gradient * (self.x > 0)", "return (self.x > 0) * 1.0"))
    (root / "bob" / "model.py").unlink()
    return root


def test_grades_several_folders_in_parallel_into_a_table_and_gradescope_json(two_submissions, tmp_path):
    out = tmp_path / "results.json"
    result = cli(two_submissions / "alice", two_submissions / "bob", "--workers", "2", "--json", out)
    assert result.returncode == 0, result.stderr
    rows = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines() if line.strip()}
    assert rows["alice"] == ["0.5", "1", "1", "1", "1.5", "5"]
    bob = rows["bob"]
    assert bob[:3] == ["0.5", "1", "1"] and 0 < float(bob[3]) < 1 and bob[4] == "0"
    assert rows["(max)"] == ["0.5", "1", "1", "1", "1.5", "5"]

    document = json.loads(out.read_text())
    assert set(document) == {"alice", "bob"}
    for name, results in document.items():
        assert set(results) == {"score", "max_score", "tests"}
        assert results["max_score"] == 5.0
        assert abs(sum(t["score"] for t in results["tests"]) - results["score"]) < 1e-3
        for test in results["tests"]:
            assert set(test) == {"name", "score", "max_score", "output", "visibility"}
            assert test["name"].split()[0] in {"6.2.1", "6.2.2", "6.2.3", "6.2.4", "6.2.5"}
            assert test["visibility"] == "visible" and test["output"]
    assert document["alice"]["score"] == 5.0
    bob_failures = [t for t in document["bob"]["tests"] if t["score"] < t["max_score"]]
    assert any("did you multiply by in_gradient?" in t["output"] for t in bob_failures)
    assert any("model.py was not found" in t["output"] for t in bob_failures)


def test_a_single_folder_writes_one_results_object(two_submissions, tmp_path):
    out = tmp_path / "results.json"
    assert cli(two_submissions / "alice", "--json", out).returncode == 0
    document = json.loads(out.read_text())
    assert document["score"] == 5.0 and len(document["tests"]) >= 30


def test_feedback_flag_prints_what_failed(two_submissions):
    result = cli(two_submissions / "bob", "--feedback")
    assert result.returncode == 0
    assert "FAIL  6.2.4 ReLU" in result.stdout and "Likely mistake" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["/no/such/folder"], "not a folder: /no/such/folder"),
    ([str(SUBMISSIONS / "correct_plain"), "--workers", "0"], "--workers must be at least 1"),
    ([], "the following arguments are required"),
])
def test_usage_errors_exit_2_with_a_message(args, message):
    result = cli(*args)
    assert result.returncode == 2
    assert message in result.stderr


def test_exit_code_is_0_whatever_the_scores(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = cli(empty)
    assert result.returncode == 0
    assert result.stdout.splitlines()[2].split()[1:] == ["0", "0", "0", "0", "0", "0"]
