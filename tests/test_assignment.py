"""The nbgrader assignment: templates in sync with solutions/, and a release with nothing to hide in it."""
import filecmp
import importlib.util
import re

import nbformat
import numpy as np
import pytest

from coursekit import templates
from coursekit.course import ASSIGNMENT, ROOT, environment, make_course, nbgrader, grade_id_of_test

SOURCE = ROOT / "source" / ASSIGNMENT
RELEASE = ROOT / "release" / ASSIGNMENT
SOLUTION_BLOCK = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)


def load(path, name):
    spec = importlib.util.spec_from_file_location(f"{name}_{path.parent.name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_templates_are_generated_from_solutions_and_up_to_date():
    assert templates.main(["--check"]) == 0, "run: python -m coursekit.templates"


@pytest.mark.parametrize("module", templates.MODULES)
def test_templates_contain_no_line_of_a_solution(module):
    solution = (ROOT / "solutions" / f"{module}.py").read_text()
    template = (SOURCE / f"{module}.py").read_text()
    blocks = SOLUTION_BLOCK.findall(solution)
    assert blocks, "the reference marks what students must write"
    template_lines = {line.strip() for line in template.splitlines()}
    for block in blocks:
        for line in block.splitlines():
            if line.strip() and not line.strip().startswith("#"):
                assert line.strip() not in template_lines, f"{module}.py template leaks: {line.strip()}"
    assert "BEGIN SOLUTION" not in template and "END SOLUTION" not in template


def test_templates_keep_the_forward_passes_and_leave_every_gradient_to_the_student():
    act = load(SOURCE / "activations.py", "activations")
    los = load(SOURCE / "losses.py", "losses")
    lay = load(SOURCE / "layers.py", "layers")
    mod = load(SOURCE / "model.py", "model")
    ref = {name: load(ROOT / "solutions" / f"{name}.py", name) for name in templates.MODULES}
    x = np.array([[0.1, -0.3, 0.5], [2.0, -1.0, 0.0]])
    for name in ("ReLU", "LeakyReLU", "Tanh", "Sigmoid", "Softmax"):
        component = getattr(act, name)()
        np.testing.assert_array_equal(component(x), getattr(ref["activations"], name)()(x))
        with pytest.raises(NotImplementedError, match=f"{name}.grad"):
            component.grad(np.ones_like(x))
    for loss, args in ((los.MSELoss(), (x, x * 2)), (los.CrossEntropy(), (x, np.eye(3)[[0, 2]]))):
        assert loss(*args) == getattr(ref["losses"], type(loss).__name__)()(*args)
        with pytest.raises(NotImplementedError):
            loss.grad()
    layer = lay.Linear(3, 2)
    layer(x)
    with pytest.raises(NotImplementedError, match="Linear.grad"):
        layer.grad(np.ones((2, 2)))
    model = mod.Model([lay.Linear(3, 2)])
    model.forward(x)
    with pytest.raises(NotImplementedError, match="Model.backward"):
        model.backward(np.ones((2, 2)))


def test_release_is_what_nbgrader_generates_from_source(tmp_path):
    course = make_course(tmp_path / "course")
    nbgrader("generate_assignment", ASSIGNMENT, "--force", cwd=course, env=environment(tmp_path / "exchange"))
    generated = course / "release" / ASSIGNMENT
    comparison = filecmp.dircmp(generated, RELEASE, ignore=["__pycache__"])
    assert not (comparison.left_only or comparison.right_only or comparison.diff_files), (
        f"release/{ASSIGNMENT} is stale: run `nbgrader generate_assignment {ASSIGNMENT} --force` "
        f"(differences: {comparison.left_only} {comparison.right_only} {comparison.diff_files})")


def test_release_hides_solutions_hidden_tests_and_outputs():
    files = sorted(p.name for p in RELEASE.iterdir())
    assert files == ["activations.py", "backprop.ipynb", "layers.py", "losses.py", "model.py"]
    for path in RELEASE.glob("*.py"):
        assert path.read_text() == (SOURCE / path.name).read_text()  # the templates, verbatim
        assert path.read_text() != (ROOT / "solutions" / path.name).read_text()
    text = (RELEASE / "backprop.ipynb").read_text()
    for secret in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "hidden_tests", "autograder", "using $\\\\sum_k y_k = 1$"):
        assert secret not in text, secret
    notebook = nbformat.read(RELEASE / "backprop.ipynb", as_version=4)
    assert all(not cell.get("outputs") and cell.get("execution_count") is None
               for cell in notebook.cells if cell.cell_type == "code")


def test_source_notebook_has_the_sheets_cells_tests_and_points():
    notebook = nbformat.read(SOURCE / "backprop.ipynb", as_version=4)
    grades = {c.metadata.nbgrader["grade_id"]: c.metadata.nbgrader for c in notebook.cells
              if c.metadata.get("nbgrader", {}).get("grade")}
    from autograder.exercises import EXERCISES
    for exercise in EXERCISES.values():
        test = grades[grade_id_of_test(exercise.id)]
        assert test["points"] == exercise.points and test["locked"] and not test["solution"]
    for proof in ("proof_6_2_2", "proof_6_2_3"):
        assert grades[proof]["points"] == 0.5 and grades[proof]["solution"] and not grades[proof]["locked"]
    assert sum(g["points"] for g in grades.values()) == 6.0
    provided = [c for c in notebook.cells if c.cell_type == "code" and not c.metadata.nbgrader.get("grade")]
    assert all(c.metadata.nbgrader["locked"] for c in provided)
    sources = "\n".join(c.source for c in notebook.cells)
    for sheet_data in ("np.random.seed(23)", "np.random.seed(123)", "[0.01,0.01,0.01,0.65]",
                       "[0.2, -0.4, 1.1, 0.4, 0.3, 0]", "m.update_parameters(grads, 0.001)"):
        assert sheet_data in sources
    tests = [c for c in notebook.cells if c.metadata.nbgrader.get("grade") and c.cell_type == "code"]
    assert all("### BEGIN HIDDEN TESTS" in c.source and "assert" in c.source.split("###")[0] for c in tests)
