"""The Gradescope autograder zip: built from the autograder package, run as Gradescope runs it."""
import json
import os
import shutil
import stat
import subprocess
import zipfile

from coursekit import gradescope_zip
from coursekit.course import venv_tools_on_path
from tests.conftest import SUBMISSIONS


def gradescope_layout(tmp_path, submission_files):
    """tmp/autograder/{source (the unpacked zip), submission, results} as Gradescope lays it out."""
    root = tmp_path / "autograder"
    archive = gradescope_zip.build(tmp_path / "gradescope_autograder.zip")
    with zipfile.ZipFile(archive) as unpacked:
        unpacked.extractall(root / "source")
        modes = {i.filename: i.external_attr >> 16 for i in unpacked.infolist()}
    (root / "results").mkdir()
    shutil.copytree(submission_files, root / "submission")
    return root, modes


def run_autograder(root):
    env = venv_tools_on_path({**os.environ, "AUTOGRADER_ROOT": str(root)})
    env.pop("PYTHONPATH", None)  # only what the zip holds
    result = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env, capture_output=True,
                            text=True, timeout=300, cwd="/")
    assert result.returncode == 0, result.stderr
    return json.loads((root / "results" / "results.json").read_text())


def test_zip_holds_setup_run_script_pinned_requirements_and_the_packages(tmp_path):
    root, modes = gradescope_layout(tmp_path, SUBMISSIONS / "correct_plain")
    source = root / "source"
    assert modes["setup.sh"] & stat.S_IXUSR and modes["run_autograder"] & stat.S_IXUSR
    requirements = (source / "requirements.txt").read_text().split()
    assert "torch==2.13.0" in requirements and any(r.startswith("numpy==") for r in requirements)
    assert "download.pytorch.org/whl/cpu" in (source / "setup.sh").read_text()
    assert (source / "autograder" / "__main__.py").exists() and (source / "solutions" / "layers.py").exists()
    assert not list(source.rglob("test_*.py"))


def test_run_autograder_grades_a_submission_into_results_json(tmp_path):
    results = run_autograder(gradescope_layout(tmp_path, SUBMISSIONS / "typical_bugs")[0])
    assert set(results) == {"score", "max_score", "tests"} and results["max_score"] == 5.0
    assert 0 < results["score"] < 5
    failing = [t for t in results["tests"] if t["score"] < t["max_score"]]
    assert any(t["name"].startswith("6.2.4 Softmax") for t in failing)


def test_run_autograder_finds_modules_uploaded_inside_a_folder(tmp_path):
    upload = tmp_path / "upload"
    shutil.copytree(SUBMISSIONS / "correct_package", upload / "my_backprop")
    results = run_autograder(gradescope_layout(tmp_path, upload)[0])
    assert results["score"] == 5.0
