"""Writing a run: ``run.json`` (the data), ``report.md`` (for a pull request) and a self-contained ``report.html``.

The HTML has no external assets: styles are inline and each metric's distribution is an inline SVG histogram.
Every file is written to a temporary name and moved into place, so a crash never leaves half a report.
"""

from __future__ import annotations

import html
import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

# Metrics shown as charts and in the summary table, in this order (others follow alphabetically).
HEADLINE = ("pass_rate", "groundedness", "citation_precision", "citation_recall", "fact_coverage", "behaviour_accuracy",
            "unsupported_claims_per_case", "empathy", "politeness", "sentiment", "readability_grade", "personalization",
            "length_fit", "recall@5", "mrr", "ndcg@5")


def atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes owner-only files; reports are meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_reports(run: dict[str, Any], report_dir: Path) -> tuple[Path, Path, Path]:
    report_dir = Path(report_dir)
    paths = (report_dir / "run.json", report_dir / "report.md", report_dir / "report.html")
    atomic_write(paths[0], json.dumps(run, indent=2, ensure_ascii=False, default=str))
    atomic_write(paths[1], render_markdown(run))
    atomic_write(paths[2], render_html(run))
    return paths


def _ordered_metrics(summary: dict[str, Any]) -> list[str]:
    numeric = [k for k, v in summary.items() if isinstance(v, (int, float)) and not isinstance(v, bool)]
    return [k for k in HEADLINE if k in numeric] + sorted(k for k in numeric if k not in HEADLINE)


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return "n/a" if math.isnan(value) else f"{value:.3f}"
    return str(value)


# ---- Markdown ---------------------------------------------------------------------------------------------------


def render_markdown(run: dict[str, Any]) -> str:
    summary = run["summary"]
    lines = [f"# Evaluation: {run['suite']}", "",
             f"- backend: `{run.get('backend')}`, model: `{run.get('model_id')}`, index version: `{run.get('index_version')}`",
             f"- cases: {summary.get('cases')}, passed: {summary.get('passed_cases')} ({_fmt(summary.get('pass_rate'))})"]
    gate = run.get("gate")
    if gate:
        lines.append(f"- gate: **{'PASSED' if gate['passed'] else 'FAILED'}**")
    lines += ["", "## Summary", "", "| metric | value | baseline | change |", "| --- | --- | --- | --- |"]
    diff = (run.get("baseline") or {}).get("summary_diff", {})
    for key in _ordered_metrics(summary):
        d = diff.get(key, {})
        lines.append(f"| {key} | {_fmt(summary[key])} | {_fmt(d.get('before', ''))} | {_fmt(d.get('change', ''))} |")
    if gate:
        lines += ["", "## Gate", ""]
        lines += [f"- {'✅' if c['passed'] else '❌'} {c['message']}" for c in gate["checks"]]
    changed = (run.get("baseline") or {}).get("case_changes", [])
    if changed:
        lines += ["", "## Changes against the baseline", ""]
        lines += [f"- `{c['id']}`: {c['change']}" for c in changed]
    failed = [c for c in run["cases"] if not c["passed"]]
    lines += ["", f"## Failed cases ({len(failed)})", ""]
    for case in failed:
        lines.append(f"### {case['id']}")
        lines += [f"- {f}" for f in case["failed"]]
        lines += ["", "```", case["draft"], "```", ""]
    return "\n".join(lines) + "\n"


# ---- HTML ---------------------------------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem;color:#1b1f24;max-width:1200px}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}th{background:#f6f8fa}
.pass{color:#1a7f37;font-weight:600}.fail{color:#cf222e;font-weight:600}.charts{display:flex;flex-wrap:wrap;gap:1rem}
.chart{border:1px solid #d0d7de;padding:.5rem;border-radius:6px}.chart h3{font-size:.85rem;margin:.2rem 0}
pre{white-space:pre-wrap;font-size:.85rem;margin:0}.flag{background:#fff8c5;border-radius:4px;padding:0 .3rem;margin-right:.2rem}
.up{color:#1a7f37}.down{color:#cf222e}
"""


def render_html(run: dict[str, Any]) -> str:
    e = html.escape
    summary = run["summary"]
    gate = run.get("gate")
    baseline = run.get("baseline") or {}
    diff = baseline.get("summary_diff", {})
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>caredraft eval: {e(run['suite'])}</title>",
             f"<style>{_CSS}</style></head><body>", f"<h1>Evaluation: {e(run['suite'])}</h1>",
             f"<p>backend <code>{e(str(run.get('backend')))}</code> · model <code>{e(str(run.get('model_id')))}</code> · "
             f"index <code>{e(str(run.get('index_version')))}</code> · {summary.get('cases')} cases, "
             f"{summary.get('passed_cases')} passed</p>"]
    if gate:
        status = "<span class='pass'>PASSED</span>" if gate["passed"] else "<span class='fail'>FAILED</span>"
        parts.append(f"<h2>Gate: {status}</h2><ul>")
        parts += [f"<li class='{'pass' if c['passed'] else 'fail'}'>{e(c['message'])}</li>" for c in gate["checks"]]
        parts.append("</ul>")
    parts.append("<h2>Summary</h2><table><tr><th>metric</th><th>value</th>")
    parts.append("<th>baseline</th><th>change</th></tr>" if diff else "</tr>")
    for key in _ordered_metrics(summary):
        row = f"<tr><td>{e(key)}</td><td>{_fmt(summary[key])}</td>"
        if diff:
            d = diff.get(key, {})
            change = d.get("change")
            cls = "" if not isinstance(change, (int, float)) or change == 0 else ("up" if change > 0 else "down")
            row += f"<td>{_fmt(d.get('before', ''))}</td><td class='{cls}'>{_fmt(change if change is not None else '')}</td>"
        parts.append(row + "</tr>")
    parts.append("</table><h2>Distributions</h2><div class='charts'>")
    for key in run.get("chart_metrics", []):
        values = [c["metrics"].get(key) for c in run["cases"]]
        values = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if values:
            parts.append(f"<div class='chart'><h3>{e(key)}</h3>{histogram_svg(values, unit_range=key in run.get('unit_metrics', []))}</div>")
    parts.append("</div>")
    changes = baseline.get("case_changes", [])
    if baseline:
        parts.append(f"<h2>Against the baseline</h2><p>baseline: <code>{e(str(baseline.get('path')))}</code></p>")
        if changes:
            parts.append("<table><tr><th>case</th><th>change</th></tr>")
            parts += [f"<tr><td>{e(c['id'])}</td><td>{e(c['change'])}</td></tr>" for c in changes]
            parts.append("</table>")
        else:
            parts.append("<p>No case changed its outcome.</p>")
    parts.append("<h2>Cases</h2><table><tr><th>case</th><th>result</th><th>draft</th><th>flags</th>"
                 "<th>failed expectations</th><th>scores</th></tr>")
    for case in run["cases"]:
        result = "<span class='pass'>pass</span>" if case["passed"] else "<span class='fail'>fail</span>"
        flags = "".join(f"<span class='flag' title='{e(f.get('message', ''))}'>{e(f['type'])}</span>" for f in case["flags"])
        failed = "<br>".join(e(f) for f in case["failed"])
        scores = ", ".join(f"{e(k)} {_fmt(v)}" for k, v in case["metrics"].items() if k in HEADLINE)
        parts.append(f"<tr><td>{e(case['id'])}</td><td>{result}</td><td><details><summary>{e(case['draft'][:80])}…</summary>"
                     f"<pre>{e(case['draft'])}</pre></details></td><td>{flags}</td><td>{failed}</td><td>{scores}</td></tr>")
    parts.append("</table></body></html>")
    return "\n".join(parts)


def histogram_svg(values: list[float], *, bins: int = 10, unit_range: bool = True, width: int = 220, height: int = 110) -> str:
    """An inline SVG histogram of ``values`` (bins over [0, 1] for scores, else over the observed range)."""
    lo, hi = (0.0, 1.0) if unit_range else (min(values), max(values))
    if hi <= lo:
        hi = lo + 1.0
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, max(0, int((v - lo) / (hi - lo) * bins)))] += 1
    top = max(counts) or 1
    plot_h, bar_w = height - 22, (width - 10) / bins
    bars = []
    for i, n in enumerate(counts):
        h = plot_h * n / top
        x, y = 5 + i * bar_w, 4 + plot_h - h
        bars.append(f"<rect x='{x:.1f}' y='{y:.1f}' width='{bar_w - 2:.1f}' height='{h:.1f}' fill='#0969da'>"
                    f"<title>{lo + i * (hi - lo) / bins:.3g}–{lo + (i + 1) * (hi - lo) / bins:.3g}: {n}</title></rect>")
    mean = sum(values) / len(values)
    return (f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' role='img'>"
            + "".join(bars)
            + f"<text x='5' y='{height - 4}' font-size='10'>{lo:.3g}</text>"
            + f"<text x='{width - 5}' y='{height - 4}' font-size='10' text-anchor='end'>{hi:.3g}</text>"
            + f"<text x='{width / 2}' y='{height - 4}' font-size='10' text-anchor='middle'>mean {mean:.3g} · n={len(values)}</text>"
            + "</svg>")
