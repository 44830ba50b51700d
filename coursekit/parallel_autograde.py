"""Autograde every collected submission of an assignment with nbgrader, in parallel workers.

nbgrader autogrades one student at a time. Here N worker processes each hold one
nbgrader API (imported once) and take the next student as soon as they are free;
every grade goes into the course's own gradebook, exactly as `nbgrader autograde`
would write it. A student whose run fails, exceeds the time limit or kills its
worker is tried once more on a fresh worker (a kernel that did not start in time on
a loaded machine is not the student's fault; --retries 0 turns this off), then
reported and can be retried with --students; the others are unaffected.

    python -m coursekit.parallel_autograde backprop [--workers 2] [--timeout 900]
                                           [--retries 1] [--students ID ...] [--course DIR]

Exit status: 0 when every submission was autograded, 1 when some were not (they
are listed with the command that retries them), 2 for usage errors.
"""
import argparse
import json
import os
import pathlib
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

from coursekit.course import kit_on_path, venv_tools_on_path


@dataclass
class Run:
    student: str
    success: bool
    seconds: float
    message: str = ""
    attempts: int = 1


# ---------------------------------------------------------------- worker side


def worker(course, assignment, timeout_per_cell=None):
    """Reads student ids on stdin, autogrades each, writes one JSON line per student."""
    protocol = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # whatever nbgrader or a kernel prints must not corrupt the protocol
    os.chdir(course)
    from nbgrader.apps import NbGraderAPI
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    if timeout_per_cell:
        config.Execute.timeout = timeout_per_cell
    api = NbGraderAPI(config=config)
    for line in sys.stdin:
        student = line.strip()
        started = time.perf_counter()
        result = api.autograde(assignment, student, force=True, create=True)
        message = "" if result["success"] else _reason(result)
        protocol.write(json.dumps({"student": student, "success": bool(result["success"]),
                                   "seconds": time.perf_counter() - started, "message": message}) + "\n")


def _reason(result):
    """Why nbgrader failed: the last exception in its log (its own final error only says
    "see the above traceback"), else the end of the error."""
    raised = re.findall(r"^\s*((?:[\w.]+\.)?\w*(?:Error|Exception)\b.*)$", result.get("log") or "", re.M)
    if raised:
        return raised[-1].strip()[:2000]
    return (result.get("error") or result.get("log") or "nbgrader reported a failure")[-2000:]


# ---------------------------------------------------------------- parent side


class Worker:
    """One worker process, fed one student at a time."""

    def __init__(self, course, assignment, timeout_per_cell):
        command = [sys.executable, "-m", "coursekit.parallel_autograde", assignment, "--worker",
                   "--course", str(course)]
        if timeout_per_cell:
            command += ["--cell-timeout", str(timeout_per_cell)]
        env = kit_on_path(venv_tools_on_path(os.environ))
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, text=True, bufsize=1, env=env,
                                        start_new_session=True)

    def grade(self, student, timeout):
        """Run for one student; kills the worker on time-out or when it dies."""
        started = time.perf_counter()
        reply = {}

        def read():
            line = self.process.stdout.readline()
            if line:
                reply.update(json.loads(line))

        try:
            self.process.stdin.write(student + "\n")
            self.process.stdin.flush()
        except BrokenPipeError:
            pass
        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(timeout)
        seconds = time.perf_counter() - started
        if reader.is_alive():
            self.stop()
            return Run(student, False, seconds, f"no result within {timeout:g} s: the worker was stopped")
        if not reply:
            code = self.process.wait()
            return Run(student, False, seconds, f"the worker process died (exit status {code})")
        return Run(student, reply["success"], reply["seconds"], reply.get("message", ""))

    def alive(self):
        return self.process.poll() is None

    def stop(self):
        try:
            os.killpg(self.process.pid, 9)
        except ProcessLookupError:
            pass
        self.process.wait()


def submitted_students(course, assignment):
    submitted = pathlib.Path(course) / "submitted"
    return sorted(p.parent.name for p in submitted.glob(f"*/{assignment}") if p.is_dir())


def autograde_all(course, assignment, students, workers=2, timeout=900.0, timeout_per_cell=None, progress=True,
                  retries=1):
    """[Run] for every student, graded by `workers` nbgrader workers; a failed run is
    tried again up to `retries` times (autograde runs with force, so a retry replaces
    whatever the failed run left in the gradebook)."""
    from tqdm import tqdm

    queue, lock, runs, attempts = list(students), threading.Lock(), [], {}
    bar = tqdm(total=len(students), unit="submission", desc="autograding", file=sys.stderr,
               disable=not progress or None)

    def drive():
        current = None
        while True:
            with lock:
                if not queue:
                    break
                student = queue.pop(0)
                attempts[student] = attempts.get(student, 0) + 1
            if current is None or not current.alive():
                current = Worker(course, assignment, timeout_per_cell)
            run = current.grade(student, timeout)
            run.attempts = attempts[student]
            with lock:
                reason = run.message.strip().splitlines()[-1] if run.message else ""
                if not run.success and run.attempts <= retries:
                    bar.write(f"failed: {student}: {reason} (trying again on a fresh worker)")
                    queue.append(student)
                else:
                    runs.append(run)
                    bar.update(1)
                    if not run.success:
                        bar.write(f"failed: {student}: {reason}")
            if not run.success and current.alive():
                current.stop()  # whatever went wrong, the next run starts clean
        if current is not None:
            current.stop()

    threads = [threading.Thread(target=drive) for _ in range(min(workers, len(students)) or 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    bar.close()
    return sorted(runs, key=lambda r: r.student)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m coursekit.parallel_autograde",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("assignment")
    parser.add_argument("--course", default=".", help="course root (default: the working directory)")
    parser.add_argument("--workers", type=int, default=2, help="parallel nbgrader workers (default 2)")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds one submission may take (default 900)")
    parser.add_argument("--cell-timeout", type=int, default=None, help="override Execute.timeout (seconds per cell)")
    parser.add_argument("--retries", type=int, default=1,
                        help="times a failed submission is tried again on a fresh worker (default 1)")
    parser.add_argument("--students", nargs="+", metavar="ID", help="only these students (e.g. to retry)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    course = pathlib.Path(args.course).resolve()
    if not (course / "nbgrader_config.py").is_file():
        parser.error(f"{course} is not a course root (no nbgrader_config.py)")
    if args.worker:
        worker(course, args.assignment, args.cell_timeout)
        return 0
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    if args.retries < 0:
        parser.error("--retries must not be negative")
    students = args.students or submitted_students(course, args.assignment)
    if not students:
        parser.error(f"no collected submissions of {args.assignment} in {course / 'submitted'}")
    started = time.perf_counter()
    runs = autograde_all(course, args.assignment, students, args.workers, args.timeout, args.cell_timeout,
                         retries=args.retries)
    failed = [r for r in runs if not r.success]
    print(f"autograded {len(runs) - len(failed)} of {len(runs)} submissions in {time.perf_counter() - started:.1f} s "
          f"with {args.workers} workers")
    if failed:
        print("not autograded: " + ", ".join(r.student for r in failed))
        print(f"retry with: python -m coursekit.parallel_autograde {args.assignment} --course {course} "
              f"--students {' '.join(r.student for r in failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
