"""The course's nbgrader configuration (loaded by nbgrader_config.py next to it).

nbgrader ignores `--config=course_config.py`; running plain `nbgrader <command>`
from the repository root picks this file up through nbgrader_config.py.
Every path defaults to this folder, so a copy of the repository is a course.
"""
import os
import pathlib
import sys

c = get_config()  # noqa: F821 -- provided by traitlets when nbgrader loads the file

COURSE_ROOT = pathlib.Path(__file__).resolve().parent
# The course's own packages: coursekit (nbgrader add-ons, below) here, and
# autograder in the kernels that run the notebooks' hidden tests, which inherit
# this process's environment.
sys.path.insert(0, str(COURSE_ROOT))
from autograder.exercises import STUDENT_MODULES  # noqa: E402
from coursekit.course import ASSIGNMENT, COURSE_ID, kit_on_path  # noqa: E402

os.environ.update(kit_on_path(os.environ, COURSE_ROOT))

from nbgrader.converters.autograde import Autograde  # noqa: E402
from nbgrader.converters.generate_feedback import GenerateFeedback  # noqa: E402
from nbgrader.preprocessors import ClearHiddenTests, Execute  # noqa: E402

from coursekit.nbgrader_ext import HideHiddenTestTracebacks, ResilientExecute  # noqa: E402

c.CourseDirectory.course_id = COURSE_ID
c.CourseDirectory.root = str(COURSE_ROOT)
# The gradebook is a SQLite file in the course root unless an instructor points
# elsewhere (e.g. a shared database) through NBGRADER_DB_URL.
c.CourseDirectory.db_url = os.environ.get("NBGRADER_DB_URL", f"sqlite:///{COURSE_ROOT / 'gradebook.db'}")

# The exchange is where students fetch and submit; tests and single-machine
# courses point it at a private folder through BACKPROP_EXCHANGE.
c.Exchange.root = os.environ.get("BACKPROP_EXCHANGE", "/srv/nbgrader/exchange")

# Student code is graded in the course's plain Python 3 kernel. A cell that runs
# longer than this is interrupted; the hidden tests stop their own checks well
# inside it (autograder/notebook.py).
c.Execute.kernel_name = "python3"
c.Execute.timeout = 60
# A kernel that has not started within nbclient's default 60 s fails the whole
# submission; on a loaded machine with a cold disk cache (CI, the first run after
# installing) two kernels starting at once took that long.
c.Execute.startup_timeout = 300

# Grade the modules as the student wrote them: without this, autograde would
# copy the templates from source/ over the student's files.
c.Autograde.exclude_overwriting = {ASSIGNMENT: [f"{m}.py" for m in STUDENT_MODULES]}
# A kernel killed by student code costs that student the cells from there on,
# not the whole grade (coursekit/nbgrader_ext.py).
c.Autograde.autograde_preprocessors = [
    ResilientExecute if p is Execute else p
    for p in Autograde.class_traits()["autograde_preprocessors"].default()]

# zip_collect: an LMS download (Blackboard's naming) of the notebook and modules,
# e.g. backprop_alice_attempt_2026-11-20-10-00-00_activations.py. Keep the .py files.
c.FileNameCollectorPlugin.named_regexp = (
    r".*_(?P<student_id>\w+)_attempt_(?P<timestamp>[0-9\-]+)_(?P<file_id>\w+)")
c.FileNameCollectorPlugin.valid_ext = [".ipynb", ".py"]

# Feedback shows the hidden tests' results, never their source (not even quoted
# in the traceback of a failed visible test).
c.GenerateFeedback.preprocessors = (
    [HideHiddenTestTracebacks, ClearHiddenTests] + GenerateFeedback.class_traits()["preprocessors"].default())
