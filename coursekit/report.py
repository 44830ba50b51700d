"""The class report: grade table, pictures of where the class struggled, checks that failed most.

Input: the gradebook's automatic scores per student and exercise, and the autograder's
per-check results; output: a printed table, PNG figures and one self-contained HTML file.
"""
import base64
import collections
import html
import io
import textwrap

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402


def grade_table(scores, exercises):
    """Plain-text table: one row per student, one column per exercise, and the total."""
    width = max([len("student")] + [len(s) for s in scores])
    header = f"{'student':<{width}}  " + "  ".join(f"{e:>6}" for e in exercises) + "   total"
    lines = [header, "-" * len(header)]
    for student, by_exercise in sorted(scores.items()):
        cells = "  ".join(f"{by_exercise[e]:>6.3g}" for e in exercises)
        lines.append(f"{student:<{width}}  {cells}  {sum(by_exercise.values()):>6.3g}")
    maxima = "  ".join(f"{exercises[e].points:>6.3g}" for e in exercises)
    lines.append(f"{'(max)':<{width}}  {maxima}  {sum(e.points for e in exercises.values()):>6.3g}")
    return "\n".join(lines)


def failed_checks(results):
    """[(check title, number of students who failed it)], most failed first."""
    counts = collections.Counter()
    for result in results.values():
        for exercise in result.exercises.values():
            counts.update(check.title for check in exercise.checks if not check.passed)
    return counts.most_common()


def _png(figure):
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def figures(scores, exercises):
    """{name: PNG bytes}: the distribution of totals and each exercise's pass rate."""
    totals = [sum(s.values()) for s in scores.values()]
    maximum = sum(e.points for e in exercises.values())
    figure, axes = plt.subplots(figsize=(6, 3.2))
    axes.hist(totals, bins=[i * maximum / 10 for i in range(11)], color="#4c72b0", edgecolor="white")
    axes.set_xlabel(f"automatic points (of {maximum:g})")
    axes.set_ylabel("students")
    axes.set_title(f"Distribution of total scores ({len(totals)} submissions)")
    axes.yaxis.get_major_locator().set_params(integer=True)
    distribution = _png(figure)

    rates = [100 * sum(s[e] >= exercises[e].points - 1e-9 for s in scores.values()) / len(scores)
             for e in exercises]
    figure, axes = plt.subplots(figsize=(7, 3.4))
    labels = [f"{e}\n{textwrap.fill(exercises[e].title.split(':')[0], 13)}" for e in exercises]
    bars = axes.bar(labels, rates, color="#55a868")
    axes.bar_label(bars, fmt="%.0f%%")
    axes.set_ylim(0, 110)
    axes.set_ylabel("students with full points (%)")
    axes.set_title("Pass rate of each exercise")
    axes.tick_params(axis="x", labelsize=7)
    return {"score_distribution.png": distribution, "pass_rate_by_exercise.png": _png(figure)}


def html_report(scores, exercises, failures, pictures, title="Exercise 6.2: class report"):
    """One self-contained HTML page (pictures embedded)."""
    rows = "".join(
        "<tr><td>{}</td>{}<td><b>{:g}</b></td></tr>".format(
            html.escape(student), "".join(f"<td>{by_exercise[e]:.3g}</td>" for e in exercises),
            round(sum(by_exercise.values()), 3))
        for student, by_exercise in sorted(scores.items()))
    head = "".join(f"<th>{e}<br><small>{exercises[e].points:g} pt</small></th>" for e in exercises)
    images = "".join(f'<img alt="{name}" src="data:image/png;base64,{base64.b64encode(png).decode()}">'
                     for name, png in pictures.items())
    failing = "".join(f"<tr><td>{count}</td><td>{html.escape(check)}</td></tr>" for check, count in failures[:15])
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:60em}} table{{border-collapse:collapse;margin:1em 0}}
td,th{{border:1px solid #ccc;padding:.3em .6em;text-align:right}} td:first-child{{text-align:left}}
img{{max-width:48%;margin-right:1%}}</style></head><body>
<h1>{html.escape(title)}</h1>
<h2>Automatic points per student and exercise</h2>
<table><tr><th>student</th>{head}<th>total</th></tr>{rows}</table>
<p>The proofs of 6.2.2 and 6.2.3 (1 point) are graded by hand in formgrader and are not included.</p>
<h2>Where the class struggled</h2>{images}
<h2>Checks that failed most often</h2>
<table><tr><th>students</th><th>check</th></tr>{failing}</table>
</body></html>
"""
