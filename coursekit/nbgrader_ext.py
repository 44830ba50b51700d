"""nbgrader add-ons the course configures in course_config.py.

HideHiddenTestTracebacks: ClearHiddenTests removes hidden tests from a test cell's
source, but a failing visible assert's traceback quotes the lines around it, which
are the hidden tests. In feedback, such tracebacks shrink to "Name: message".

ResilientExecute: stock nbgrader stops grading a student when their code kills the
kernel (os._exit, a segfault, running out of memory) or leaves it unable to answer
an interrupt: autograde records an error and that student gets no grade at all.
Here the cell where it happened gets an error output, every later code cell gets a
"not run" error (so its tests score 0 rather than the full credit nbgrader gives a
test cell without output), and grading moves on, so the student keeps the points
of every test that ran before.
"""
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.v4 import new_output

from nbgrader.preprocessors import ClearHiddenTests, Execute, NbGraderPreprocessor


def _error(name, message):
    return new_output("error", ename=name, evalue=message, traceback=[f"{name}: {message}"])


class ResilientExecute(Execute):
    def preprocess(self, nb, resources=None, km=None):
        self._stopped_at = None
        return super().preprocess(nb, resources, km)

    def preprocess_cell(self, cell, resources, index):
        if self._stopped_at is not None:
            if cell.cell_type == "code":
                cell.outputs = [_error("NotRun", f"not run: the kernel stopped in cell {self._stopped_at} "
                                                 f"(see that cell's error)")]
            return cell, self.resources
        try:
            cell, resources = super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            return self._stop(cell, index, "KernelDied", "the kernel died while running this cell (os._exit(), "
                                                         "a crash, or running out of memory)")
        except CellTimeoutError:  # interrupted after the time limit, and then silent
            return self._stop(cell, index, "KernelUnresponsive", "the kernel did not stop when interrupted after "
                                                                 "the time limit")
        if any(o.get("ename") == "CellTimeoutError" for o in cell.get("outputs", [])) and not self._responds():
            # The kernel ignored the interrupt and is still busy: every later cell
            # would wait out the time limit too, so stop here.
            return self._stop(cell, index, "KernelUnresponsive", "the kernel did not stop when interrupted after "
                                                                 "the time limit")
        return cell, resources

    def _stop(self, cell, index, name, message):
        self._stopped_at = index
        cell.outputs.append(_error(name, message + "; the cells after this one were not run"))
        return cell, self.resources

    def _responds(self):
        """After a time-out, whether the kernel answers again (the interrupt worked)."""
        try:
            self.wait_for_reply(self.kc.kernel_info())
            return True
        except (TimeoutError, DeadKernelError, RuntimeError):
            return False


class HideHiddenTestTracebacks(NbGraderPreprocessor):
    """Runs before ClearHiddenTests in generate_feedback (it needs the markers)."""

    def preprocess_cell(self, cell, resources, index):
        marker = ClearHiddenTests.class_traits()["begin_test_delimeter"].default()
        if cell.cell_type == "code" and marker in cell.source:
            for output in cell.get("outputs", []):
                if output.output_type == "error":
                    output.traceback = [f"{output.ename}: {output.evalue}"]
        return cell, resources
