"""Runs a submission's code in separate, limited processes and collects what it returned.

Student code never runs in the grading process. A process server (multiprocessing's
forkserver, preloaded with NumPy and autograder.child, never with torch) forks one
sandbox per submission; the sandbox runs the checks in order and streams one
message per check. A check that raises loses only itself; one that hangs past its
time limit, exits the process or crashes it is recorded as such, the process group
is killed, and a new sandbox carries on with the checks that remain. A module
whose import hangs or crashes fails every check that needs it, at once.
"""
import io
import json
import multiprocessing
import os
import signal
import sys
import threading
import time
import types
import zipfile
from dataclasses import dataclass, field

import numpy as np

from . import child

MAX_MESSAGE = 64 * 1024 * 1024  # bytes of results one check may send back


@dataclass(frozen=True)
class Limits:
    check_seconds: float = 5.0  # wall time of one check, including imports it triggers
    submission_seconds: float = 120.0  # wall time of all checks of one submission
    memory_bytes: int = 2 * 1024 ** 3  # address space of the sandbox process


@dataclass
class Outcome:
    """What one check's run produced, before any comparison."""
    values: dict = field(default_factory=dict)  # name -> float64 array the student's code returned
    wrong_types: dict = field(default_factory=dict)  # name -> type name when not a numeric array
    arguments_after: dict = field(default_factory=dict)  # input name -> its content after the calls
    problem: str = None  # why the calls did not complete (exception, time-out, crash)
    printed: str = ""
    printed_total: int = 0


_context_lock = threading.Lock()
_context = None
_start_lock = threading.Lock()


def _process_context():
    global _context
    with _context_lock:
        if _context is None:
            # One BLAS thread per sandbox: graders run sandboxes in parallel, and
            # the sandboxes' arrays are tiny. Set before the server starts, since
            # it is the server's environment the sandboxes inherit.
            for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
                os.environ[variable] = "1"
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["autograder.child"])
            _context = context
        return _context


def decode(message):
    """(header, arrays) from a sandbox message; ValueError when it is not one."""
    try:
        archive = np.load(io.BytesIO(message), allow_pickle=False)
        if sum(info.file_size for info in archive.zip.infolist()) > 4 * MAX_MESSAGE:
            raise ValueError("oversized archive")
        header = json.loads(archive["__header__"].tobytes().decode())
        arrays = {name: np.asarray(archive[name], dtype=np.float64)
                  for name in archive.files if name != "__header__"}
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile, UnicodeDecodeError) as error:
        raise ValueError(f"malformed message from the sandbox: {error}") from None
    if not isinstance(header, dict) or "type" not in header:
        raise ValueError("malformed message from the sandbox: no header")
    return header, arrays


def _outcome(header, arrays):
    values = {k: v for k, v in arrays.items() if not k.startswith("argument__")}
    after = {k[len("argument__"):]: v for k, v in arrays.items() if k.startswith("argument__")}
    wrong_types = header.get("wrong_types") or {}
    return Outcome(values=values, wrong_types={k: v for k, v in dict(wrong_types).items() if v},
                   arguments_after=after, problem=header.get("problem"),
                   printed=str(header.get("printed", ""))[:5000], printed_total=int(header.get("printed_total", 0)))


def _death(process, limits):
    """Why the sandbox process ended before finishing its check."""
    process.join(2)
    code = process.exitcode
    if code is None:
        return "the process stopped responding"
    if code < 0:
        name = signal.Signals(-code).name
        reasons = {"SIGSEGV": "a segmentation fault", "SIGXCPU": "its CPU-time limit",
                   "SIGKILL": "being killed (out of memory?)", "SIGABRT": "an abort"}
        return f"the process crashed with {name} ({reasons.get(name, 'a signal')})"
    return f"the process exited with code {code} (os._exit() or a crash) instead of returning"


def _start(process):
    """Starts a sandbox without the grader's __main__ module.

    multiprocessing re-imports the parent's main script in every new process
    (pytest's runner, a Jupyter kernel's launcher, or a script on stdin, which
    fails); the sandbox needs none of it, so it sees an empty __main__ instead.
    """
    with _start_lock:
        main = sys.modules["__main__"]
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            process.start()
        finally:
            sys.modules["__main__"] = main


def _kill(process):
    if process.pid is not None:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # the sandbox leads its own group (setsid)
        except (ProcessLookupError, PermissionError):
            pass
    process.kill()
    process.join(5)


def run(submission_dir, checks, limits=Limits(), reference_sources=None):
    """Runs checks [(index, program, modules, inputs)] against one submission folder.

    Returns {index: Outcome} for every check. reference_sources maps module names
    to reference source text loaded in place of the student's modules of that name.
    """
    context = _process_context()
    submission_dir = os.path.abspath(submission_dir)
    outcomes, pending = {}, list(checks)
    deadline = time.monotonic() + limits.submission_seconds
    while pending:
        receiver, sender = context.Pipe(duplex=False)
        cpu_seconds = int(limits.submission_seconds) + 5  # backstop if this process dies first
        process = context.Process(
            target=child.main, daemon=True,
            args=(sender, submission_dir, pending, reference_sources, limits.memory_bytes, cpu_seconds))
        _start(process)
        sender.close()
        current, importing, failure = None, None, None
        started = time.monotonic()
        try:
            while True:
                wait = min(started + limits.check_seconds, deadline) - time.monotonic()
                if wait <= 0 or not receiver.poll(wait):
                    if time.monotonic() >= deadline:
                        failure = (f"the submission's time budget of {limits.submission_seconds:g} s ran out "
                                   f"(earlier checks were slow or timed out)")
                    else:
                        failure = f"did not finish within {limits.check_seconds:g} s (an infinite loop?)"
                    break
                try:
                    message = receiver.recv_bytes(MAX_MESSAGE)
                except (EOFError, ConnectionError):
                    failure = _death(process, limits)
                    break
                except OSError:
                    failure = f"returned more than {MAX_MESSAGE // 2 ** 20} MB of data"
                    break
                try:
                    header, arrays = decode(message)
                except ValueError as error:
                    failure = str(error)
                    break
                kind = header["type"]
                if kind == "start":
                    current, importing, started = header.get("check"), None, time.monotonic()
                elif kind == "importing":
                    importing = header.get("module")
                elif kind == "imported":
                    importing = None
                elif kind == "result" and header.get("check") == current:
                    outcome = _outcome(header, arrays)
                    if outcome.problem and outcome.problem.startswith("MemoryError"):
                        outcome.problem += f" (the memory limit is {limits.memory_bytes / 2 ** 30:g} GiB)"
                    outcomes[current] = outcome
                    current, importing = None, None
                elif kind == "done":
                    break
        finally:
            _kill(process)
            receiver.close()
        if failure is not None:
            failed = [c for c in pending if c[0] not in outcomes]
            if current is None and failed:
                current = failed[0][0]  # the sandbox died before it could start a check
            for index, _, modules, _ in failed:
                # A module whose import hung or crashed would do it again for every check.
                if index == current:
                    problem = f"importing {importing}: {failure}" if importing else failure
                elif importing and importing in modules:
                    problem = f"importing {importing}: {failure}"
                elif time.monotonic() >= deadline:
                    problem = failure
                else:
                    continue
                outcomes[index] = Outcome(problem=problem)
        pending = [c for c in pending if c[0] not in outcomes]
    return outcomes

