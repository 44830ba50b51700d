"""Grades a submission folder: runs the checks in the sandbox, compares, scores, explains.

Scoring rule of an exercise (the same in the notebook and in the CLI):
  - a module that imports an autodiff library scores 0 for its exercises;
  - if a check on the sheet's own data fails, the exercise scores 0, as the
    notebook's visible test for it raises and nbgrader gives the cell 0;
  - otherwise the exercise's points times the fraction of its checks passed.
6.2.5's check on the sheet's model uses the student's own Linear and ReLU, as the
notebook's cells do. When it passes but other 6.2.5 checks fail, those run again
with the reference layers and activations in place of the student's, and the
better run counts, so a Model is not marked down for a bug in, say, Softmax that
6.2.4 already charged.
"""
import concurrent.futures
import functools
import pathlib
import sys
from dataclasses import dataclass, field

from . import sandbox, static
from .checks import all_checks
from .exercises import EXERCISES

SOLUTIONS = pathlib.Path(__file__).resolve().parents[1] / "solutions"
REFERENCE_COMPONENTS = ("layers", "activations")


@dataclass
class CheckResult:
    check: object
    passed: bool
    messages: list
    score: float = 0.0

    @property
    def title(self):
        return self.check.title


@dataclass
class ExerciseResult:
    exercise: object
    checks: list = field(default_factory=list)
    score: float = 0.0
    note: str = ""

    @property
    def max_score(self):
        return self.exercise.points

    def feedback(self):
        """Plain-text feedback: the score, then every check with what went wrong."""
        lines = [f"{self.exercise.id} {self.exercise.title}: {self.score:g} / {self.max_score:g} points"]
        if self.note:
            lines.append(self.note)
        for result in self.checks:
            lines.append(f"  {'PASS' if result.passed else 'FAIL'}  {result.title}")
            lines.extend(f"        {message}" for message in result.messages)
        return "\n".join(lines)


@dataclass
class SubmissionResult:
    submission: str
    exercises: dict

    @property
    def score(self):
        return round(sum(e.score for e in self.exercises.values()), 4)

    @property
    def max_score(self):
        return sum(e.max_score for e in self.exercises.values())


@functools.lru_cache(maxsize=None)
def _reference_sources():
    return {name: (SOLUTIONS / f"{name}.py").read_text() for name in REFERENCE_COMPONENTS}


def _printed_note(outcome):
    if not outcome.printed_total:
        return None
    shown = outcome.printed.strip().replace("\n", " ⏎ ")
    shown = shown[:200] + ("…" if len(shown) > 200 else "")
    return f"(your code printed {outcome.printed_total} characters while this ran: {shown!r})"


def _judge(check, outcome):
    """CheckResult of one check from its sandbox outcome."""
    if outcome.problem:
        messages = [f"your code did not complete: {outcome.problem}"]
    else:
        messages = check.verify(outcome, check.expected())
    if messages:
        note = _printed_note(outcome)
        if note:
            messages.append(note)
    return CheckResult(check, not messages, messages)


def _run(submission_dir, checks, limits, blocked, reference_sources=None):
    """[CheckResult] for checks; those needing a blocked module fail without running."""
    results, runnable = {}, []
    for index, check in enumerate(checks):
        reasons = [blocked[m] for m in check.modules if m in blocked and m not in (reference_sources or {})]
        if reasons:
            results[check] = CheckResult(check, False, [reasons[0]])
        else:
            runnable.append((index, check))
    specs = [(index, check.program, check.modules, check.inputs) for index, check in runnable]
    outcomes = sandbox.run(submission_dir, specs, limits, reference_sources) if specs else {}
    for index, check in runnable:
        results[check] = _judge(check, outcomes[index])
    return [results[check] for check in checks]


def _score(exercise, results, banned):
    """Applies the scoring rule; sets each check's score so they add up to the exercise's."""
    result = ExerciseResult(exercise, results)
    gate_failed = [r for r in results if r.check.gate and not r.passed]
    if banned:
        for r in results:
            r.passed, r.messages = False, [banned]
        result.note = banned
    elif gate_failed:
        result.note = (f"A check on the sheet's own data failed ({gate_failed[0].check.name}), so this exercise "
                       f"scores 0, as the notebook's visible test for it does.")
    else:
        for r in results:
            r.score = r.check.points if r.passed else 0.0
        result.score = round(exercise.points * sum(r.passed for r in results) / len(results), 4)
    return result


def grade(submission_dir, limits=sandbox.Limits(), exercises=None, _checks=None):
    """SubmissionResult of every exercise (or the given ones) of one submission folder.

    All checks share one sandbox run (plus one for 6.2.5 with reference components).
    """
    folder = pathlib.Path(submission_dir).resolve()
    if not folder.is_dir():
        raise FileNotFoundError(f"submission folder {submission_dir} does not exist")
    ids = list(exercises or EXERCISES)
    unknown = [i for i in ids if i not in EXERCISES]
    if unknown:
        raise ValueError(f"unknown exercise {unknown[0]!r}; the exercises are {', '.join(EXERCISES)}")
    checks = [c for c in (_checks or all_checks()) if c.exercise in ids]
    inspected = {m: static.inspect(folder, m) for m in sorted({m for c in checks for m in c.modules})}
    blocked = {m: problem or banned for m, (problem, banned) in inspected.items() if problem or banned}
    banned = {m: reason for m, (_, reason) in inspected.items() if reason}

    by_check = dict(zip(checks, _run(str(folder), checks, limits, blocked)))
    results = {}
    for exercise_id in ids:
        exercise = EXERCISES[exercise_id]
        exercise_checks = [by_check[c] for c in checks if c.exercise == exercise_id]
        results[exercise_id] = _score(exercise, exercise_checks, banned.get(exercise.module))
    own = results.get("6.2.5")
    if own is not None and own.score > 0 and own.score < own.max_score:
        # Only the checks beyond the sheet's own model run again: that one uses the
        # student's components, as the notebook's visible test does.
        gates = [r for r in own.checks if r.check.gate]
        rerun = [c for c in checks if c.exercise == "6.2.5" and not c.gate]
        alternative = _score(EXERCISES["6.2.5"],
                             gates + _run(str(folder), rerun, limits, blocked, _reference_sources()), None)
        if alternative.score > own.score:
            alternative.note = ("Graded with the reference Linear and activations in place of yours: that run "
                                "scored higher than the one with your own components.")
            results["6.2.5"] = alternative
    return SubmissionResult(str(folder), results)


def grade_exercise(exercise_id, submission_dir=".", limits=sandbox.Limits()):
    """ExerciseResult of one exercise (e.g. "6.2.4") of the submission in submission_dir."""
    return grade(submission_dir, limits, exercises=[exercise_id]).exercises[exercise_id]


def grade_many(folders, limits=sandbox.Limits(), workers=1, progress=True):
    """[SubmissionResult or the Exception that stopped it] for folders, `workers` at a time.

    Threads suffice: the work happens in the sandbox processes. torch's expected
    values are computed once, before the workers start.
    """
    from tqdm import tqdm

    for check in all_checks():
        check.expected()
    results = [None] * len(folders)
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        futures = {pool.submit(grade, folder, limits): i for i, folder in enumerate(folders)}
        done = concurrent.futures.as_completed(futures)
        for future in tqdm(done, total=len(futures), unit="submission", desc="grading", file=sys.stderr,
                           disable=not progress or None):
            index = futures[future]
            try:
                results[index] = future.result()
            except Exception as error:  # a grader bug must not lose the other submissions
                results[index] = error
    return results
