"""The main job (make demo): the example class graded end to end, with its report, twice."""
import csv
import json

import pytest

from coursekit import pipeline
from tests.conftest import SUBMISSIONS


def scores_in_csv(path):
    """The CSV's rows without the submission timestamps (a re-run submits anew)."""
    with open(path) as handle:
        return sorted((r["student_id"], r["raw_score"], r["score"], r["max_score"]) for r in csv.DictReader(handle))


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    first = pipeline.run(out, workers=2, progress=False)
    first_csv = scores_in_csv(first["report"] / "grades.csv")
    second = pipeline.run(out, workers=2, progress=False)  # re-running is safe
    return first, first_csv, second


def test_the_class_is_graded_as_expected(runs):
    first, _, _ = runs
    totals = {s: round(sum(by.values()), 4) for s, by in first["scores"].items()}
    assert set(totals) == {p.name for p in SUBMISSIONS.iterdir() if p.is_dir()}
    assert totals["correct_plain"] == totals["correct_einsum"] == totals["correct_package"] == 5.0
    assert totals["untouched"] == 0.0
    assert 0 < totals["typical_bugs"] < 5 and 0 < totals["hostile"] < 5
    assert first["failed"] == [] and first["disagree"] == []  # nbgrader and the CLI agree


def test_outputs_are_written_and_readable(runs):
    first, _, _ = runs
    report = first["report"]
    with open(report / "grades.csv") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["student_id"] for r in rows} == set(first["scores"])
    gradescope = json.loads((report / "gradescope.json").read_text())
    assert set(gradescope) == set(first["scores"])
    assert gradescope["correct_plain"]["score"] == 5.0
    page = (report / "report.html").read_text()
    assert page.count("data:image/png;base64,") == 2
    assert "Checks that failed most often" in page and "6.2.4 Softmax" in page
    for picture in ("score_distribution.png", "pass_rate_by_exercise.png"):
        assert (report / picture).read_bytes().startswith(b"\x89PNG")
    assert (first["course"] / "feedback" / "typical_bugs" / "backprop" / "backprop.html").exists()


def test_rerunning_gives_the_same_grades(runs):
    first, first_csv, second = runs
    assert second["scores"] == first["scores"]
    assert scores_in_csv(second["report"] / "grades.csv") == first_csv
