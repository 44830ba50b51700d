"""What can be said about a student's module from its files alone, before running anything.

Finds the module (a plain `name.py` or a package `name/__init__.py`), reports a
missing module, a file that is not valid Python (syntax, encoding), and imports
of autodiff libraries, which score 0 for the module's exercises: the exercise is
to implement the gradients by hand.
"""
import ast
import pathlib

from .child import BANNED_LIBRARIES


def find_module(submission_dir, name):
    """The module's source files (every file of a package, or the one file), or [] when missing.

    A package wins over a file of the same name, as in Python's own import.
    """
    root = pathlib.Path(submission_dir)
    if (root / name / "__init__.py").is_file():
        return sorted((root / name).rglob("*.py"))
    if (root / f"{name}.py").is_file():
        return [root / f"{name}.py"]
    return []


def _imported_names(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module, node.lineno
        elif (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
              and isinstance(node.args[0].value, str)):
            function = node.func
            called = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
            if called in ("__import__", "import_module"):
                yield node.args[0].value, node.lineno


def inspect(submission_dir, name):
    """(problem, banned): why the module cannot be graded at all, and a banned import if any.

    Both are None for a module that may be imported and run.
    """
    files = find_module(submission_dir, name)
    if not files:
        return (f"{name}.py was not found in the submission (expected {name}.py, or a package "
                f"{name}/__init__.py, next to the notebook)"), None
    for path in files:
        relative = path.relative_to(submission_dir)
        try:
            source = path.read_bytes()
        except OSError as error:
            return f"{relative} could not be read: {error.strerror}", None
        if b"\0" in source:
            return f"{relative} contains NUL bytes, so it is not a text file; save it as plain UTF-8 text", None
        try:
            tree = ast.parse(source, filename=str(relative))
        except SyntaxError as error:
            detail = error.msg
            if "utf-8" in detail.lower() or "decode" in detail.lower():
                detail = "the file is not valid UTF-8 text; save it as UTF-8"
            line = f" (line {error.lineno})" if error.lineno else ""
            return f"{relative} is not valid Python: {detail}{line}", None
        for imported, line in _imported_names(tree):
            top = imported.partition(".")[0]
            if top in BANNED_LIBRARIES:
                return None, (f"{relative} imports {top} (line {line}): the exercise is to implement the gradients "
                              f"by hand with NumPy, so {name}.py scores 0 while it imports {top}")
    return None, None
