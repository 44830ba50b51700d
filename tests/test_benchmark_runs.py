"""The benchmark script keeps working (its figures are read by people, not asserted here)."""
import re

from benchmarks import training_step


def test_training_step_benchmark_prints_a_ratio_per_batch_size(capsys):
    training_step.main(["--rounds", "1", "--steps", "1"])
    out = capsys.readouterr().out
    rows = re.findall(r"^\s*(\d+)\s+[\d.]+\s+[\d.]+\s+([\d.]+)$", out, flags=re.M)
    assert [int(batch) for batch, _ in rows] == list(training_step.BATCH_SIZES)
    assert all(float(ratio) > 0 for _, ratio in rows)
    assert re.search(r"target ours/torch <= 1\.0 at every batch size: (met|NOT met)", out)


def test_grading_throughput_benchmark_runs_the_three_graders_and_compares_their_scores(capsys):
    from benchmarks import grading_throughput

    assert grading_throughput.main(["--count", "2"]) == 0
    out = capsys.readouterr().out
    for grader in ("cli (autograder, no notebooks)", "nbgrader autograde (stock, serial)",
                   "coursekit.parallel_autograde (2 workers)"):
        assert re.search(re.escape(grader) + r": [\d.]+ s, [\d.]+ s per submission", out), grader
    assert "identical automatic scores per exercise for all 2 submissions: True" in out
