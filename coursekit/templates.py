"""Student module templates, generated from solutions/: one source of truth for the reference.

Every `### BEGIN SOLUTION` ... `### END SOLUTION` block of solutions/*.py becomes
`raise NotImplementedError(...)` at the block's indentation; everything else (last
week's forward passes, docstrings with shapes and the one-line math, input checks)
stays. nbgrader copies these files verbatim into release/, so no solution may
survive here.

    python -m coursekit.templates          # rewrite source/backprop/*.py
    python -m coursekit.templates --check  # exit 1 if they are out of date
"""
import argparse
import re
import sys

from autograder.exercises import STUDENT_MODULES as MODULES

from .course import ROOT

SOLUTIONS = ROOT / "solutions"
ASSIGNMENT = ROOT / "source" / "backprop"
HEADER = ("# Exercise 6.2 template: the forward passes are last week's provided code; implement\n"
          "# every place that raises NotImplementedError. Generated from the course's reference\n"
          "# by coursekit/templates.py: edit that, not this file.\n")

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"


def template(source):
    """The student template of one solutions/ module's source text."""
    lines, out, where = source.splitlines(), [], []
    inside = False
    for line in lines:
        definition = re.match(r"(\s*)(class|def)\s+(\w+)", line)
        if definition and not inside:
            depth = len(definition.group(1))
            where = [w for w in where if w[0] < depth] + [(depth, definition.group(3))]
        if line.strip() == BEGIN:
            if inside:
                raise ValueError("nested ### BEGIN SOLUTION")
            inside = True
            indent = line[: len(line) - len(line.lstrip())]
            name = ".".join(n for _, n in where)
            out.append(f'{indent}raise NotImplementedError("{name}: your code here")')
        elif line.strip() == END:
            if not inside:
                raise ValueError("### END SOLUTION without BEGIN")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError("### BEGIN SOLUTION without END")
    return HEADER + "\n".join(out) + "\n"


def generated():
    """{filename: text} of every template."""
    return {f"{m}.py": template((SOLUTIONS / f"{m}.py").read_text()) for m in MODULES}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report templates that are out of date")
    args = parser.parse_args(argv)
    stale = [name for name, text in generated().items()
             if not (ASSIGNMENT / name).exists() or (ASSIGNMENT / name).read_text() != text]
    if args.check:
        for name in stale:
            print(f"source/backprop/{name} is out of date: run python -m coursekit.templates", file=sys.stderr)
        return 1 if stale else 0
    for name, text in generated().items():
        (ASSIGNMENT / name).write_text(text)
    print(f"wrote {len(MODULES)} templates to {ASSIGNMENT.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
