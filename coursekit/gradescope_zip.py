"""Builds the Gradescope autograder zip from the autograder package.

    python -m coursekit.gradescope_zip [--out dist/gradescope_autograder.zip]

The zip holds setup.sh (installs the pinned NumPy, torch and tqdm from the kit's
requirements.txt), run_autograder (grades /autograder/submission into
/autograder/results/results.json) and the autograder/ and solutions/ packages (the
reference components 6.2.5 may grade a Model with). Gradescope unpacks it into
/autograder/source.
"""
import argparse
import pathlib
import re
import sys
import zipfile

from .course import ROOT

PACKAGES = ("autograder", "solutions")
NEEDED = ("numpy", "torch", "tqdm")  # what the autograder imports

SETUP = """#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image.
set -euo pipefail
apt-get update
apt-get install -y --no-install-recommends python3 python3-pip
# The CPU build of torch: the default one pulls several GB of CUDA packages.
python3 -m pip install --break-system-packages --extra-index-url https://download.pytorch.org/whl/cpu \\
    -r /autograder/source/requirements.txt
"""

RUN = """#!/usr/bin/env bash
# Gradescope runs this for every submission. AUTOGRADER_ROOT is /autograder there;
# the kit's tests set it to a temporary folder laid out the same way.
set -uo pipefail
root="${AUTOGRADER_ROOT:-/autograder}"
cd "$root/source"
python3 -m autograder.gradescope "$root/submission" "$root/results/results.json"
"""


def pinned_requirements():
    """The lines of requirements.txt for the packages the autograder needs (one source of pins)."""
    lines = []
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        name = re.split(r"[=<>!~\[ ]", line.strip(), maxsplit=1)[0].lower()
        if name in NEEDED:
            lines.append(line.strip())
    missing = set(NEEDED) - {re.split(r"[=<>!~\[ ]", l, maxsplit=1)[0].lower() for l in lines}
    if missing:
        raise ValueError(f"requirements.txt does not pin {sorted(missing)}")
    return "\n".join(lines) + "\n"


def build(out):
    out = pathlib.Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (("setup.sh", SETUP), ("run_autograder", RUN)):
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o755 << 16  # executable, as Gradescope requires
            archive.writestr(info, text)
        archive.writestr("requirements.txt", pinned_requirements())
        for package in PACKAGES:
            for path in sorted((ROOT / package).rglob("*.py")):
                archive.write(path, path.relative_to(ROOT).as_posix())
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "dist" / "gradescope_autograder.zip"))
    args = parser.parse_args(argv)
    print(f"wrote {build(args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
