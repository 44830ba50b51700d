"""Hostile student code cannot crash grading, fake a pass, or cost more than the checks it breaks."""
import pathlib

import numpy as np
import pytest

import autograder
from autograder.child import encode
from autograder.sandbox import Limits, decode
from tests.conftest import SUBMISSIONS, submission_variant

KIT_ROOT = pathlib.Path(__file__).resolve().parents[1]
FAST = Limits(check_seconds=2.0, submission_seconds=60.0)


def variant(tmp_path, edits, files=None):
    return submission_variant(tmp_path / "submission", edits, files)


def scores(result):
    return {e: r.score for e, r in result.exercises.items()}


def failed(result, exercise):
    return [r for r in result.exercises[exercise].checks if not r.passed]


FULL = {"6.2.1": 0.5, "6.2.2": 1.0, "6.2.3": 1.0, "6.2.4": 1.0, "6.2.5": 1.5}


def only_lost(result, *exercises):
    """Every other exercise keeps full marks."""
    kept = [e for e in FULL if e not in exercises]
    return {e: scores(result)[e] for e in kept} == {e: FULL[e] for e in kept}


RELU_GRAD = "return in_gradient * (self.x > 0)"


def test_an_infinite_loop_costs_only_the_checks_that_run_it(tmp_path):
    folder = variant(tmp_path, {"activations.py": [(RELU_GRAD, "while True:\n            pass")]})
    result = autograder.grade(folder, FAST)
    lost = failed(result, "6.2.4")
    assert lost and all("ReLU" in r.title for r in lost), [r.title for r in lost]
    assert all("did not finish within 2 s" in r.messages[0] for r in lost)
    assert only_lost(result, "6.2.4", "6.2.5")  # the sheet's model runs the student's ReLU


def test_a_module_that_hangs_on_import_fails_its_checks_at_once(tmp_path):
    folder = variant(tmp_path, {"model.py": [("class Model:", "while True:\n    pass\n\n\nclass Model:")]})
    result = autograder.grade(folder, FAST)
    assert result.exercises["6.2.5"].score == 0
    assert all("importing model" in r.messages[0] for r in failed(result, "6.2.5"))
    assert only_lost(result, "6.2.5")


@pytest.mark.parametrize("statement, message", [
    ("import sys; sys.exit(1)", "sys.exit(1)"),
    ("import os; os._exit(0)", "exited with code 0"),
    ("import ctypes; ctypes.string_at(0)", "SIGSEGV"),
    ("raise KeyboardInterrupt", "KeyboardInterrupt"),
], ids=["sys.exit", "os._exit", "segfault", "KeyboardInterrupt"])
def test_exits_and_crashes_lose_only_the_checks_that_trigger_them(tmp_path, statement, message):
    old = "return in_gradient * self.out * (1 - self.out)"
    folder = variant(tmp_path, {"activations.py": [(old, statement + "\n        " + old)]})
    result = autograder.grade(folder, FAST)
    lost = failed(result, "6.2.4")
    assert lost and all("Sigmoid" in r.title for r in lost), [r.title for r in lost]
    assert all(message in r.messages[0] for r in lost), lost[0].messages
    assert only_lost(result, "6.2.4")
    # Grading goes on afterwards, also for the next submission.
    assert autograder.grade(SUBMISSIONS / "correct_plain").score == 5.0


def test_killing_the_process_that_forked_it_does_not_stop_grading(tmp_path):
    old = "return in_gradient * self.out * (1 - self.out)"
    kill = "import os, signal; os.kill(os.getppid(), signal.SIGKILL)\n        "
    folder = variant(tmp_path, {"activations.py": [(old, kill + old)]})
    assert autograder.grade(folder, FAST).score == 5.0  # its answers were right
    assert autograder.grade(SUBMISSIONS / "correct_plain", FAST).score == 5.0


def test_patching_numpy_cannot_fake_a_pass(tmp_path):
    patch = ("import numpy as np\n"
             "np.allclose = lambda *a, **k: True\n"
             "np.isclose = lambda *a, **k: np.True_\n"
             "np.array_equal = lambda *a, **k: True\n"
             "np.testing.assert_allclose = lambda *a, **k: None\n")
    folder = variant(tmp_path, {"activations.py": [("import numpy as np\n", patch),
                                                   (RELU_GRAD, "return np.zeros_like(in_gradient)")]})
    result = autograder.grade(folder, FAST)
    assert result.exercises["6.2.4"].score == 0
    assert any("ReLU gradient" in m for r in failed(result, "6.2.4") for m in r.messages)


def test_a_module_importing_torch_scores_zero_for_its_exercises(tmp_path):
    folder = variant(tmp_path, {"losses.py": [("import numpy as np", "import numpy as np\nimport torch")]})
    result = autograder.grade(folder, FAST)
    assert result.exercises["6.2.1"].score == 0 and result.exercises["6.2.2"].score == 0
    for exercise in ("6.2.1", "6.2.2"):
        assert "losses.py imports torch (line 2)" in result.exercises[exercise].note
        assert "implement the gradients by hand" in result.exercises[exercise].note
    assert scores(result)["6.2.3"] == 1.0 and scores(result)["6.2.5"] == 1.5


def test_torch_imported_at_run_time_is_refused(tmp_path):
    old = "return in_gradient * (1 - self.out ** 2)"
    sneaky = "import importlib; importlib.import_module('to' + 'rch')\n        " + old
    folder = variant(tmp_path, {"activations.py": [(old, sneaky)]})
    result = autograder.grade(folder, FAST)
    lost = failed(result, "6.2.4")
    assert lost and all("Tanh" in r.title for r in lost)
    assert "torch cannot be imported while grading" in lost[0].messages[0]


@pytest.mark.parametrize("package", ["solutions", "autograder"])
def test_the_kit_is_not_importable_by_submissions(tmp_path, package):
    cheat = f"import sys\nsys.path.insert(0, {str(KIT_ROOT)!r})\nimport {package}\n"
    folder = variant(tmp_path, {"activations.py": [("import numpy as np\n", "import numpy as np\n" + cheat)]})
    result = autograder.grade(folder, FAST)
    assert result.exercises["6.2.4"].score == 0
    assert f"{package} is not available to submissions" in failed(result, "6.2.4")[0].messages[0]


def test_megabytes_of_output_are_survived_and_kept_out_of_the_graders_output(tmp_path, capfd):
    noisy = "print('x' * 2_000_000); import os; os.write(1, b'y' * 1_000_000)\n        " + RELU_GRAD
    folder = variant(tmp_path, {"activations.py": [(RELU_GRAD, noisy)]})
    result = autograder.grade(folder, FAST)
    assert result.score == 5.0
    out, err = capfd.readouterr()
    assert len(out) + len(err) < 10_000


def test_printed_output_is_quoted_in_the_feedback_of_a_failing_check(tmp_path):
    folder = variant(tmp_path, {"activations.py": [(RELU_GRAD, "print('debugging relu')\n        return None")]})
    result = autograder.grade(folder, FAST)
    messages = [m for r in failed(result, "6.2.4") for m in r.messages]
    assert any("returned None; did you forget a return statement?" in m for m in messages)
    assert any("debugging relu" in m for m in messages)


@pytest.mark.parametrize("returned, message", [
    ("np.full_like(self.p, np.nan)", "contains nan"),
    ("'the gradient'", "expected a NumPy array of shape 2×4, got a str"),
    ("g[:, :2]", "expected shape 2×4, got 2×2"),
    ("g.tolist()", None),  # a nested list of the right numbers is accepted
], ids=["NaN", "str", "wrong shape", "list"])
def test_wrong_values_types_and_shapes_are_graded_with_a_clear_message(tmp_path, returned, message):
    old = "        return g\n"
    folder = variant(tmp_path, {"losses.py": [(old, f"        return {returned}\n")]})
    result = autograder.grade(folder, FAST)
    if message is None:
        assert result.score == 5.0
        return
    assert result.exercises["6.2.2"].score == 0
    assert message in failed(result, "6.2.2")[0].messages[0]
    assert only_lost(result, "6.2.2")


@pytest.mark.parametrize("content, message", [
    (b"import numpy as np\n\nclass Linear:\n    def grad(self,, g):\n        pass\n", "layers.py is not valid Python"),
    ("import numpy as np\nNAME = 'r\u00e9sum\u00e9'\n".encode("latin-1"), "not valid UTF-8"),
    (b"import numpy as np\x00\n", "contains NUL bytes"),
], ids=["syntax error", "latin-1 bytes", "NUL byte"])
def test_files_that_are_not_python_are_reported(tmp_path, content, message):
    folder = variant(tmp_path, {}, {"layers.py": content})
    result = autograder.grade(folder, FAST)
    assert result.exercises["6.2.3"].score == 0
    assert message in failed(result, "6.2.3")[0].messages[0]
    assert only_lost(result, "6.2.3", "6.2.5")  # the sheet's model needs the student's Linear


@pytest.mark.parametrize("header", ["# -*- coding: latin-1 -*-\nNAME = 'r\u00e9sum\u00e9'\n", "# r\u00e9sum\u00e9\n"],
                         ids=["declared encoding", "in a comment"])
def test_latin_1_bytes_that_python_accepts_are_graded_normally(tmp_path, header):
    source = header + (SUBMISSIONS / "correct_plain" / "layers.py").read_text()
    folder = variant(tmp_path, {}, {"layers.py": source.encode("latin-1")})
    assert autograder.grade(folder, FAST).score == 5.0


def test_a_missing_module_is_reported(tmp_path):
    folder = variant(tmp_path, {})
    (folder / "layers.py").unlink()
    result = autograder.grade(folder, FAST)
    assert result.exercises["6.2.3"].score == 0
    assert "layers.py was not found in the submission" in failed(result, "6.2.3")[0].messages[0]
    # As in the notebook, the sheet's model cannot run without the student's Linear.
    assert result.exercises["6.2.5"].score == 0
    assert only_lost(result, "6.2.3", "6.2.5")


def test_a_model_is_not_marked_down_for_an_activation_the_sheets_model_does_not_use(tmp_path):
    old = "return in_gradient * (1 - self.out ** 2)"
    folder = variant(tmp_path, {"activations.py": [(old, "return in_gradient * (1 - self.out)")]})
    result = autograder.grade(folder, FAST)
    assert result.exercises["6.2.4"].score < 1.0
    assert result.exercises["6.2.5"].score == 1.5
    assert "reference Linear and activations" in result.exercises["6.2.5"].note


def test_memory_hogs_hit_the_memory_limit(tmp_path):
    hog = "big = np.ones((2 ** 31,))\n        " + RELU_GRAD
    folder = variant(tmp_path, {"activations.py": [(RELU_GRAD, hog)]})
    result = autograder.grade(folder, FAST)
    lost = failed(result, "6.2.4")
    assert lost and all("ReLU" in r.title for r in lost)
    assert "MemoryError" in lost[0].messages[0] and "memory limit is 2 GiB" in lost[0].messages[0]


def test_the_grader_never_unpickles_what_a_sandbox_sends():
    header, arrays = decode(encode({"type": "result"}, {"grad": np.ones(3)}))
    assert header == {"type": "result"} and np.array_equal(arrays["grad"], np.ones(3))
    import io
    buffer = io.BytesIO()
    np.savez(buffer, __header__=np.frombuffer(b'{"type": "x"}', dtype=np.uint8), evil=np.array([object()]))
    with pytest.raises(ValueError, match="malformed message"):
        decode(buffer.getvalue())
    with pytest.raises(ValueError, match="malformed message"):
        decode(b"not an archive")
