"""nbval keeps the source notebook's outputs from regressing.

The stored outputs were produced against the reference (python -m coursekit.execute_source);
nbval re-runs the notebook the same way and compares every output.
"""
import json
import subprocess
import sys

import nbformat

from coursekit.execute_source import NOTEBOOK, kernel_environment, reference_folder
from tests.conftest import NBVAL_SANITIZE


def run_nbval(folder):
    (folder / "pytest.ini").write_text("[pytest]\n")  # not the kit's settings
    # a kernel on a busy CI machine can take longer to start than nbval's default 60 s
    command = [sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env", "--nbval-sanitize-with",
               str(NBVAL_SANITIZE), "--nbval-kernel-startup-timeout", "300", "-p", "no:cacheprovider", "-q",
               str(folder / NOTEBOOK.name)]
    return subprocess.run(command, cwd=folder, env=kernel_environment(), capture_output=True, text=True,
                          timeout=600)


def test_the_source_notebook_was_executed_and_stored_with_its_outputs():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    unexecuted = [i for i, c in enumerate(code) if c.execution_count is None]
    assert not unexecuted, "run python -m coursekit.execute_source (nbval passes unexecuted notebooks vacuously)"
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1)), "executed top to bottom, once"
    silent = [c.source.splitlines()[0] for c in code if not c.outputs]
    assert silent == ["import numpy as np"], f"only the imports cell prints nothing, not: {silent}"
    # one stream per name and cell: how prints were split into messages must not reach the file
    split = [i for i, c in enumerate(code) if len([o.name for o in c.outputs if o.output_type == "stream"])
             != len({o.name for o in c.outputs if o.output_type == "stream"})]
    assert not split, f"code cells {split} store split streams: run python -m coursekit.execute_source"


def test_nbval_passes_on_the_source_notebook(tmp_path):
    reference_folder(tmp_path)
    result = run_nbval(tmp_path)
    assert result.returncode == 0, result.stdout[-5000:]
    assert f"{len([c for c in nbformat.read(NOTEBOOK, 4).cells if c.cell_type == 'code'])} passed" in result.stdout


def test_nbval_fails_when_an_output_changes(tmp_path):
    path = reference_folder(tmp_path)
    notebook = json.loads(path.read_text())
    mse_cell = next(c for c in notebook["cells"] if "print('MSE gradient')" in "".join(c["source"])
                    and "MSELoss()" in "".join(c["source"]))
    stream = mse_cell["outputs"][0]
    stream["text"] = [line.replace("-1.33333333", "-1.33333334") for line in stream["text"]]
    path.write_text(json.dumps(notebook))
    result = run_nbval(tmp_path)
    assert result.returncode != 0
    assert "1 failed" in result.stdout and "-1.33333334" in result.stdout


def test_full_precision_floats_are_compared_to_four_decimals(tmp_path):
    # The sanitizer hides the CPU-dependent last digits of a full-precision float,
    # never a change a student or a maintainer could cause (here 1e-4 in the loss).
    path = reference_folder(tmp_path)
    notebook = json.loads(path.read_text())
    step_cell = next(c for c in notebook["cells"] if "m.update_parameters(grads, 0.001)" in "".join(c["source"]))
    stream = step_cell["outputs"][0]
    loss = "".join(stream["text"]).strip()
    assert len(loss.split(".")[1]) > 11, loss  # printed in full, so the sanitizer applies
    changed = f"{float(loss) + 1e-4!r}"
    stream["text"] = [changed + "\n"]
    path.write_text(json.dumps(notebook))
    result = run_nbval(tmp_path)
    assert result.returncode != 0 and "1 failed" in result.stdout, result.stdout[-3000:]
    assert changed[:6] in result.stdout
