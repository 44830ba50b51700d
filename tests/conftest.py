"""Shared test settings: Hypothesis profiles and the float64 torch helpers the suites use."""
import configparser
import json
import os
import pathlib
import re
import shutil

import numpy as np
import torch
from hypothesis import HealthCheck, settings

from coursekit.course import EXAMPLES

# "ci" (the default) is derandomized so that a red CI run reproduces exactly;
# HYPOTHESIS_PROFILE=thorough explores far more, with fresh randomness.
settings.register_profile(
    "ci", max_examples=150, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

TOLERANCE = 1e-6  # issue 2: every output and gradient within 1e-6 of torch, in float64


def leaf(array):
    """A float64 torch leaf tensor that records its gradient."""
    return torch.tensor(np.asarray(array, dtype=np.float64), dtype=torch.float64, requires_grad=True)


def assert_matches_torch(ours, theirs, what):
    """Compares one quantity (an output or one gradient) with torch's, elementwise."""
    theirs = theirs.detach().numpy() if isinstance(theirs, torch.Tensor) else np.asarray(theirs)
    ours = np.asarray(ours)
    assert ours.shape == theirs.shape, f"{what}: shape {ours.shape}, torch {theirs.shape}"
    assert np.all(np.isfinite(ours)), f"{what}: not finite"
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=TOLERANCE, err_msg=what)


SUBMISSIONS = EXAMPLES
NBVAL_SANITIZE = pathlib.Path(__file__).with_name("nbval_sanitize.cfg")


def nbval_sanitized(text):
    """text with the nbval sanitizer's replacements applied (what nbval compares)."""
    rules = configparser.ConfigParser(interpolation=None)
    rules.read(NBVAL_SANITIZE, encoding="utf-8")
    for section in rules.sections():
        text = re.sub(rules[section]["regex"], rules[section]["replace"], text)
    return text


def submission_variant(folder, edits, files=None, base="correct_plain"):
    """A copy of a correct student submission in folder, with text edits {file: [(old, new)]}
    (each old text must occur exactly once) and raw files {name: bytes} written over it."""
    folder = pathlib.Path(folder)
    shutil.copytree(SUBMISSIONS / base, folder)
    for filename, changes in edits.items():
        path = folder / filename
        text = path.read_text()
        for old, new in changes:
            assert text.count(old) == 1, f"{old!r} must occur exactly once in {filename}"
            text = text.replace(old, new)
        path.write_text(text)
    for name, content in (files or {}).items():
        (folder / name).write_bytes(content)
    return folder


def edit_cell(notebook_path, grade_id, new_source):
    """Replaces the source of the notebook cell with that nbgrader grade_id (as a student would)."""
    notebook_path = pathlib.Path(notebook_path)
    notebook = json.loads(notebook_path.read_text())
    cell = next(c for c in notebook["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id)
    cell["source"] = new_source
    notebook_path.write_text(json.dumps(notebook))


def write_proofs(notebook_path):
    """A student's answers in the two proof cells (an unchanged answer cell scores 0 automatically)."""
    edit_cell(notebook_path, "proof_6_2_2", "By the chain rule through the softmax, dL/do_i = p_i - y_i.")
    edit_cell(notebook_path, "proof_6_2_3", "Y_nj = sum_k X_nk W_kj, so dL/dX = dL/dY W^T, dL/dW = X^T dL/dY.")
