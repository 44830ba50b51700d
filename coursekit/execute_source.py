"""Executes the source notebook against the reference and stores its outputs.

The stored outputs are what nbval compares later runs with (tests/test_notebook_outputs.py),
so they must come from the reference modules, never from the templates:

    python -m coursekit.execute_source          # after changing the notebook or solutions/
"""
import os
import pathlib
import shutil
import sys
import tempfile

import nbformat
from nbclient import NotebookClient

from autograder.exercises import STUDENT_MODULES

from .course import ROOT, kit_on_path

NOTEBOOK = ROOT / "source" / "backprop" / "backprop.ipynb"


def reference_folder(destination):
    """destination/ with the notebook and the reference modules under the students' names."""
    destination = pathlib.Path(destination)
    shutil.copy(NOTEBOOK, destination / NOTEBOOK.name)
    for module in STUDENT_MODULES:
        shutil.copy(ROOT / "solutions" / f"{module}.py", destination / f"{module}.py")
    return destination / NOTEBOOK.name


def kernel_environment():
    """The environment a kernel needs to run the notebook's hidden tests: the kit on its path."""
    return kit_on_path(os.environ)


def execute(notebook_path):
    """Runs the notebook in its folder; returns it, or raises if a cell failed."""
    nb = nbformat.read(notebook_path, as_version=4)
    previous = os.environ.copy()
    os.environ.update(kernel_environment())
    try:
        NotebookClient(nb, timeout=300, startup_timeout=300, kernel_name="python3", record_timing=False,
                       coalesce_streams=True,  # how a print is split into messages is timing, not output
                       resources={"metadata": {"path": str(pathlib.Path(notebook_path).parent)}}).execute()
    finally:
        os.environ.clear()
        os.environ.update(previous)
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.output_type == "error" or output.get("name") == "stderr":
                raise RuntimeError(f"cell {index} failed against the reference: {output.get('ename', 'stderr')} "
                                   f"{output.get('evalue', output.get('text', ''))}")
    return nb


def main():
    with tempfile.TemporaryDirectory() as folder:
        nb = execute(reference_folder(folder))
    nbformat.write(nb, NOTEBOOK)
    print(f"stored the reference outputs in {NOTEBOOK.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
