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
            "length_fit", "gold_cited_recall@5", "gold_cited_mrr",
            "gold_cited_ndcg@5")


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
    lines += _md_behaviour(run) + _md_reliability(run)
    failed = [c for c in run["cases"] if not c["passed"]]
    lines += ["", f"## Cases ({len(failed)} failed, failed first)", ""]
    for case in sorted(run["cases"], key=lambda c: c["passed"]):
        lines += _md_case(case)
    return "\n".join(lines) + "\n"


def _md_behaviour(run: dict[str, Any]) -> list[str]:
    table = run.get("behaviour_confusion") or {}
    if not table:
        return []
    produced = _produced_columns(table)
    lines = ["", "## Behaviour by expected class", "",
             "Rows: the class a case expects (its first listed behaviour); columns: what the drafts did; accuracy "
             "counts a draft right only when its behaviour is allowed and carried out (a clarify asks a question).", "",
             "| expected | cases | accuracy | " + " | ".join(produced) + " |", "| --- | --- | --- |" + " --- |" * len(produced)]
    for cls, row in table.items():
        acc = run["summary"].get(f"behaviour_accuracy.{cls}")
        lines.append(f"| {cls} | {sum(row.values())} | {_fmt(acc) if acc is not None else 'n/a'} | "
                     + " | ".join(str(row.get(p, 0)) for p in produced) + " |")
    return lines


def _produced_columns(table: dict[str, dict[str, int]]) -> list[str]:
    from evaluation.suite import BEHAVIOURS

    seen = {p for row in table.values() for p in row}
    return [b for b in BEHAVIOURS if b in seen] + sorted(seen - set(BEHAVIOURS))


def _md_reliability(run: dict[str, Any]) -> list[str]:
    rows = run.get("reliability") or []
    if not rows:
        return []
    summary = run["summary"]
    auc = summary.get("confidence_auc")
    lines = ["", "## Confidence reliability", "",
             f"ROC AUC of confidence for \"meets every expectation\": {_fmt(auc) if auc is not None else 'n/a (one class only)'}; "
             f"expected calibration error {_fmt(run.get('ece'))}.", "",
             "| confidence bin | cases | mean confidence | share meeting every expectation |", "| --- | --- | --- | --- |"]
    lines += [f"| {r['bin']} | {r['n']} | {_fmt(r['mean_confidence'])} | {_fmt(r['share_good'])} |" for r in rows]
    return lines + _md_labelled(run.get("confidence_labels"))


def _md_labelled(check: dict[str, Any] | None) -> list[str]:
    """The confidence model against drafts a team lead judged good / needs-edit / bad (figures from its fit)."""
    if not check:
        return []
    lines = ["", "### Confidence against labelled drafts", "",
             f"Does confidence predict that a demanding team lead sends the draft unchanged? Labels judged on "
             f"{check.get('judged_on') or 'n/a'} (`evaluation/labels/confidence.yaml`); each draft scored by a model "
             "fitted without it.", "",
             "| knowledge base | drafts | good | ROC AUC for good, 5-fold CV | held out per knowledge base |",
             "| --- | --- | --- | --- | --- |"]
    for name, auc in (check.get("auc") or {}).items():
        counts = (check.get("fitted_on") or {}).get(name, {})
        lines.append(f"| {name} | {counts.get('n', '')} | {counts.get('good', '')} | {_fmt(auc.get('auc_cross_validated'))} "
                     f"| {_fmt(auc.get('auc_leave_kb_out'))} |")
    rows = check.get("reliability_cross_validated") or []
    if rows:
        lines += ["", f"Reliability (cross-validated; ECE {_fmt(check.get('ece_cross_validated'))}):", "",
                  "| confidence bin | drafts | mean confidence | share judged good |", "| --- | --- | --- | --- |"]
        lines += [f"| {r['bin']} | {r['n']} | {_fmt(r['mean_confidence'])} | {_fmt(r['share_good'])} |" for r in rows]
    return lines


def _md_case(case: dict[str, Any]) -> list[str]:
    status = "pass" if case["passed"] else "FAIL"
    lines = [f"### {case['id']} ({status})", ""]
    expected = case.get("expected_behaviour")
    bits = [f"behaviour: {case.get('behaviour')}" + (f" (expected {expected})" if expected else "")]
    if isinstance(case.get("confidence"), (int, float)):
        bits.append(f"confidence {case['confidence']:.2f}")
    if case.get("flags"):
        bits.append("flags: " + ", ".join(f["type"] for f in case["flags"]))
    lines += ["- " + " · ".join(bits)]
    lines += [f"- ❌ {f}" for f in case["failed"]]
    lines += ["", "**Customer:**", "", _quote(case["message"]), "", "**Draft:**", "", _quote(case["draft"])]
    if case.get("facts"):
        lines += ["", "**Expected facts:** " + "; ".join(f"{'✅' if f['found'] else '❌'} `{f['fact']}`" for f in case["facts"])]
    if case.get("citations"):
        lines += ["", "**Cited passages:**", ""]
        lines += [f"- [{c['marker']}] {c['title']} (`{c['doc_id']}`): {_clip(c['passage'], 300)}" for c in case["citations"]]
    return lines + [""]


def _quote(text: str) -> str:
    return "\n".join("> " + line if line.strip() else ">" for line in text.splitlines())


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


# ---- HTML ---------------------------------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem;color:#1b1f24;max-width:1200px}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}th{background:#f6f8fa}
.pass{color:#1a7f37;font-weight:600}.fail{color:#cf222e;font-weight:600}.charts{display:flex;flex-wrap:wrap;gap:1rem}
.chart{border:1px solid #d0d7de;padding:.5rem;border-radius:6px}.chart h3{font-size:.85rem;margin:.2rem 0}
pre{white-space:pre-wrap;font-size:.85rem;margin:0}.flag{background:#fff8c5;border-radius:4px;padding:0 .3rem;margin-right:.2rem}
.up{color:#1a7f37}.down{color:#cf222e}.cases td{max-width:320px}.cases pre{max-height:22rem;overflow:auto}
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
    parts += _html_behaviour(run) + _html_reliability(run)
    parts.append("<h2>Cases</h2><p>Failed cases first. Each row: the customer's message, the draft, the passages it "
                 "cites and the expected facts (✅ found, ❌ missing).</p><table class='cases'><tr><th>case</th><th>customer</th>"
                 "<th>draft</th><th>cited passages</th><th>expected facts</th><th>result</th></tr>")
    for case in sorted(run["cases"], key=lambda c: c["passed"]):
        parts.append(_html_case(case))
    parts.append("</table></body></html>")
    return "\n".join(parts)


def _html_behaviour(run: dict[str, Any]) -> list[str]:
    e = html.escape
    table = run.get("behaviour_confusion") or {}
    if not table:
        return []
    produced = _produced_columns(table)
    parts = ["<h2>Behaviour by expected class</h2><p>Rows: expected class; columns: what the drafts did. A draft "
             "counts as right only when its behaviour is allowed and carried out.</p><table><tr><th>expected</th>"
             "<th>cases</th><th>accuracy</th>" + "".join(f"<th>{e(p)}</th>" for p in produced) + "</tr>"]
    for cls, row in table.items():
        acc = run["summary"].get(f"behaviour_accuracy.{cls}")
        cells = "".join(f"<td{' class=pass' if p == cls else ''}>{row.get(p, 0)}</td>" for p in produced)
        parts.append(f"<tr><td>{e(cls)}</td><td>{sum(row.values())}</td><td>{_fmt(acc) if acc is not None else 'n/a'}</td>{cells}</tr>")
    return parts + ["</table>"]


def _html_reliability(run: dict[str, Any]) -> list[str]:
    rows = run.get("reliability") or []
    if not rows:
        return []
    auc = run["summary"].get("confidence_auc")
    parts = [f"<h2>Confidence reliability</h2><p>ROC AUC of confidence for “meets every expectation”: "
             f"<b>{_fmt(auc) if auc is not None else 'n/a'}</b>; expected calibration error {_fmt(run.get('ece'))}.</p>"
             "<table><tr><th>confidence bin</th><th>cases</th><th>mean confidence</th><th>share meeting every expectation</th></tr>"]
    parts += [f"<tr><td>{html.escape(r['bin'])}</td><td>{r['n']}</td><td>{_fmt(r['mean_confidence'])}</td>"
              f"<td>{_fmt(r['share_good'])}</td></tr>" for r in rows]
    return parts + ["</table>"] + _html_labelled(run.get("confidence_labels"))


def _html_labelled(check: dict[str, Any] | None) -> list[str]:
    if not check:
        return []
    e = html.escape
    parts = ["<h3>Confidence against labelled drafts</h3><p>Does confidence predict that a demanding team lead sends the "
             f"draft unchanged? Labels judged on {e(str(check.get('judged_on') or 'n/a'))}; each draft scored by a model "
             "fitted without it.</p><table><tr><th>knowledge base</th><th>drafts</th><th>good</th>"
             "<th>ROC AUC for good, 5-fold CV</th><th>held out per knowledge base</th></tr>"]
    for name, auc in (check.get("auc") or {}).items():
        counts = (check.get("fitted_on") or {}).get(name, {})
        parts.append(f"<tr><td>{e(name)}</td><td>{counts.get('n', '')}</td><td>{counts.get('good', '')}</td>"
                     f"<td>{_fmt(auc.get('auc_cross_validated'))}</td><td>{_fmt(auc.get('auc_leave_kb_out'))}</td></tr>")
    parts.append("</table>")
    rows = check.get("reliability_cross_validated") or []
    if rows:
        parts.append(f"<p>Reliability (cross-validated; ECE {_fmt(check.get('ece_cross_validated'))}):</p><table><tr>"
                     "<th>confidence bin</th><th>drafts</th><th>mean confidence</th><th>share judged good</th></tr>")
        parts += [f"<tr><td>{e(r['bin'])}</td><td>{r['n']}</td><td>{_fmt(r['mean_confidence'])}</td>"
                  f"<td>{_fmt(r['share_good'])}</td></tr>" for r in rows]
        parts.append("</table>")
    return parts


def _html_case(case: dict[str, Any]) -> str:
    e = html.escape
    result = "<span class='pass'>pass</span>" if case["passed"] else "<span class='fail'>fail</span>"
    flags = "".join(f"<span class='flag' title='{e(f.get('message', ''))}'>{e(f['type'])}</span>" for f in case["flags"])
    expected = case.get("expected_behaviour")
    meta = f"behaviour <b>{e(str(case.get('behaviour')))}</b>" + (f" (expected {e(expected)})" if expected else "")
    if isinstance(case.get("confidence"), (int, float)):
        meta += f"<br>confidence {case['confidence']:.2f}"
    cites = "".join(f"<details><summary>[{c['marker']}] {e(c['title'])}</summary><pre>{e(c['passage'])}</pre></details>"
                    for c in case.get("citations", []))
    facts = "<br>".join(f"{'✅' if f['found'] else '❌'} {e(f['fact'])}" for f in case.get("facts", []))
    failed = "<br>".join(e(f) for f in case["failed"])
    return (f"<tr><td>{e(case['id'])}<br><small>{meta}</small><br>{flags}</td><td><pre>{e(case['message'])}</pre></td>"
            f"<td><pre>{e(case['draft'])}</pre></td><td>{cites}</td><td>{facts}</td><td>{result}<br><small>{failed}</small></td></tr>")


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
