"""Copies of the course and the real nbgrader CLI, for the pipeline, the benchmarks and the tests."""
import os
import pathlib
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "submissions"  # the example class: one folder of modules per student
# What a course needs: the configuration, the source, the kit's packages.
COURSE_FILES = ("nbgrader_config.py", "course_config.py", "source", "autograder", "coursekit", "solutions")
ASSIGNMENT = "backprop"
COURSE_ID = "backprop-course"


def make_course(destination):
    """A copy of the course in destination/ (no gradebook, no release, no exchange)."""
    destination = pathlib.Path(destination)
    destination.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints")
    for name in COURSE_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=ignore)
        else:
            shutil.copy(source, destination / name)
    return destination


def kit_on_path(env, root=ROOT):
    """env with root first on PYTHONPATH, so that the processes started with it
    (kernels running the hidden tests, grading workers) import the kit from there."""
    paths = [str(root)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    return {**env, "PYTHONPATH": os.pathsep.join(paths)}


def venv_tools_on_path(env):
    """env with this Python's bin/ first on PATH: the tools run by name (`python`,
    and `alembic`, which nbgrader runs to create a gradebook) are the venv's."""
    return {**env, "PATH": os.pathsep.join([str(pathlib.Path(sys.executable).parent), env.get("PATH", "")])}


def environment(exchange=None, **extra):
    """The environment nbgrader runs in: the venv's tools on PATH and the private exchange."""
    env = venv_tools_on_path({k: v for k, v in os.environ.items() if k not in ("NBGRADER_DB_URL", "PYTHONPATH")})
    if exchange is not None:
        env["BACKPROP_EXCHANGE"] = str(exchange)
    env.update({k: str(v) for k, v in extra.items()})
    return env


def nbgrader(*args, cwd, env, timeout=900, check=True):
    """Runs `nbgrader ARGS` as a user would; returns the CompletedProcess."""
    command = [str(pathlib.Path(sys.executable).with_name("nbgrader")), *map(str, args)]
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"nbgrader {' '.join(map(str, args))} failed ({result.returncode}):\n"
                             f"{result.stdout[-3000:]}\n{result.stderr[-6000:]}")
    return result


def put_modules(modules, folder):
    """What a student did: the modules in modules/ (files, or packages, each replacing
    the template module of its name) go next to the notebook in folder."""
    folder = pathlib.Path(folder)
    for item in pathlib.Path(modules).iterdir():
        if item.suffix == ".py":
            shutil.copy(item, folder / item.name)
        elif item.is_dir() and (item / "__init__.py").exists():
            (folder / f"{item.name}.py").unlink(missing_ok=True)
            shutil.copytree(item, folder / item.name, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def student_copy(release, modules, target):
    """A student's folder as nbgrader collect leaves it: the released notebook and
    templates in target, with the student's modules (put_modules) over them."""
    shutil.copytree(release, target)
    return put_modules(modules, target)


def fetch(home, exchange, env):
    """`nbgrader fetch_assignment` as a student in home (no course config there,
    hence the course and exchange on the command line); returns the work folder."""
    nbgrader("fetch_assignment", ASSIGNMENT, f"--course={COURSE_ID}", f"--Exchange.root={exchange}",
             cwd=home, env=env)
    return pathlib.Path(home) / ASSIGNMENT


def submit(home, student, exchange, cache, env):
    """`nbgrader submit` as student from home, with their own exchange cache."""
    nbgrader("submit", ASSIGNMENT, f"--course={COURSE_ID}", f"--Exchange.root={exchange}",
             f"--student={student}", f"--Exchange.cache={cache}", cwd=home, env=env)


def grade_id_of_test(exercise_id):
    """The nbgrader grade_id of an exercise's test cell in the notebook ("6.2.4" -> "test_6_2_4")."""
    return "test_" + exercise_id.replace(".", "_")


def automatic_scores(course, exercise_ids):
    """{student: {exercise: automatic points}} of every autograded submission in the course's gradebook."""
    from nbgrader.api import Gradebook

    scores = {}
    with Gradebook(f"sqlite:///{pathlib.Path(course) / 'gradebook.db'}", COURSE_ID) as gradebook:
        for submission in gradebook.assignment_submissions(ASSIGNMENT):
            notebook = gradebook.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, submission.student_id)
            grades = {g.cell.name: g.auto_score or 0.0 for g in notebook.grades}
            scores[submission.student_id] = {e: round(grades[grade_id_of_test(e)], 4) for e in exercise_ids}
    return scores
