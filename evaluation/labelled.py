"""Labelled drafts: does confidence predict what a demanding team lead would send unchanged?

A label file (``evaluation/labels/confidence.yaml``) holds a rubric and items. Each item is a request (message,
history, profile, channel, reference date and the knowledge base it is drafted over) and the judgement of one
draft of it: ``good`` (send as is), ``needs-edit`` or ``bad``, with a short reason. Knowledge bases:

- ``sample``: the bundled sample (the configured index);
- ``abcd``: the ABCD agent manual, indexed from ``../shared/datasets/abcd/guidelines.json``;
- ``mtrag-un``: one MTRAG-UN task (``task_id``), drafted from the task's own passages.

The judged draft is stored as text for the sample. For the external datasets only its SHA-256 is stored (the
drafts quote the datasets' passages, and dataset rows stay out of the repository); ``--export`` writes the texts
to a local file for relabelling.

The measurement drafts every request again with the current code. A label counts only when the new draft's text
is the judged one (whitespace aside): any other text is *stale* and needs relabelling, because a label says
nothing about a draft nobody read. On the current items it reports ROC AUC of confidence for ``good`` against
the rest and a reliability table (mean confidence vs share good per bin), overall and per knowledge base.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any, Literal, Protocol

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from assistant.types import BrandVoice, Channel, CustomerProfile, Ticket, Turn
from evaluation.metrics.calibration import expected_calibration_error, reliability, roc_auc

LABELS_PATH = Path(__file__).resolve().parent / "labels" / "confidence.yaml"
Label = Literal["good", "needs-edit", "bad"]
KnowledgeBase = Literal["sample", "abcd", "mtrag-un"]
EXTERNAL: tuple[str, ...] = ("abcd", "mtrag-un")  # drafts over these are stored as hashes only
# finer bins at the low end, where most of today's drafts are (few are sent unchanged)
RELIABILITY_EDGES = (0.0, 0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 1.0)


class LabelsError(ValueError):
    """A label file that cannot be used; one line for the user."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Request(_Strict):
    knowledge_base: KnowledgeBase
    message: str | None = Field(default=None, description="The customer's message (absent for MTRAG-UN tasks).")
    task_id: str | None = Field(default=None, description="MTRAG-UN task whose question and passages are used.")
    history: list[Turn] = Field(default_factory=list)
    customer: CustomerProfile | None = None
    channel: Channel = "email"
    today: date | None = None
    brand_voice: BrandVoice | None = None

    @model_validator(mode="after")
    def _one_source(self) -> Request:
        if self.knowledge_base == "mtrag-un" and not self.task_id:
            raise ValueError("an mtrag-un request needs task_id")
        if self.knowledge_base != "mtrag-un" and not self.message:
            raise ValueError(f"a {self.knowledge_base} request needs message")
        return self

    def ticket(self) -> Ticket:
        extra: dict[str, Any] = {"brand_voice": self.brand_voice} if self.brand_voice else {}
        return Ticket(message=self.message or "", history=self.history, customer=self.customer, channel=self.channel,
                      today=self.today, **extra)


class Item(_Strict):
    id: str = Field(min_length=1)
    request: Request
    draft: str | None = Field(default=None, description="The judged draft (sample knowledge base).")
    draft_sha256: str | None = Field(default=None, description="SHA-256 of the judged draft (external datasets).")
    label: Label
    reason: str = Field(min_length=3)

    @model_validator(mode="after")
    def _judged_draft(self) -> Item:
        if not self.draft and not self.draft_sha256:
            raise ValueError("an item needs the judged draft (draft or draft_sha256)")
        return self

    def judged_hash(self) -> str:
        return self.draft_sha256 or text_hash(self.draft or "")


class LabelSet(_Strict):
    rubric: str
    items: list[Item]


def normalise(text: str) -> str:
    return " ".join(text.split())


def text_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def load_labels(path: Path | str = LABELS_PATH) -> LabelSet:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LabelsError(f"label file {path} not found") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise LabelsError(f"{path}: cannot read: {str(exc).splitlines()[0]}") from None
    try:
        labels = LabelSet.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        if where.startswith("items.") and isinstance(data, dict):
            index = int(where.split(".")[1])
            item = (data.get("items") or [])[index]
            where = f"item {index + 1} ({item.get('id') if isinstance(item, dict) else '?'}): {where}"
        raise LabelsError(f"{path}: {where}: {err['msg']}") from None
    seen: set[str] = set()
    for item in labels.items:
        if item.id in seen:
            raise LabelsError(f"{path}: item id {item.id!r} appears more than once")
        seen.add(item.id)
    return labels


class Candidate(_Strict):
    """A request not labelled yet (a suite case), drafted for a first judgement."""

    id: str
    request: Request


def suite_knowledge_base(suite: Any) -> KnowledgeBase:
    """The knowledge base a suite's cases are drafted over: its own sources (ABCD) or the configured index."""
    if suite.name == "abcd":
        return "abcd"
    if not suite.sources:
        return "sample"
    raise LabelsError(f"suite {suite.name!r} is drafted over its own sources, which the label tooling cannot draft "
                      "over (it knows the configured index and the ABCD manual)")


def suite_candidates(names: Iterable[str], labels: LabelSet) -> list[Candidate]:
    """The cases of the named suites that the label file does not hold yet, as requests to judge.

    Ids are ``<knowledge base>/<case id>``, the scheme of the shipped labels, so a case labelled once is never
    offered again.
    """
    from evaluation.suite import SuiteError, load_suite

    known = {item.id for item in labels.items}
    out: list[Candidate] = []
    for name in names:
        try:
            suite = load_suite(name)
        except SuiteError as exc:
            raise LabelsError(str(exc)) from None
        kb = suite_knowledge_base(suite)
        for case in suite.cases:
            item_id = f"{kb}/{case.id}"
            if item_id in known:
                continue
            known.add(item_id)
            out.append(Candidate(id=item_id, request=Request(
                knowledge_base=kb, message=case.message, history=case.history, customer=case.customer,
                channel=case.channel, today=case.today, brand_voice=case.brand_voice)))
    return out


def draft_candidates(candidates: Iterable[Candidate], draft_for: DraftFn, *,
                     progress: Callable[[int, int, str], None] | None = None) -> list[dict[str, Any]]:
    """Export rows (status ``new``, no label) of fresh drafts of unlabelled requests."""
    candidates = list(candidates)
    rows = []
    for done, cand in enumerate(candidates, start=1):
        draft = draft_for(cand)
        row: dict[str, Any] = {"id": cand.id, "request": cand.request.model_dump(mode="json", exclude_none=True),
                               "status": "new" if draft is not None else "unavailable", "label": None, "reason": None}
        if draft is not None:
            row.update(_draft_fields(draft))
        rows.append(row)
        if progress:
            progress(done, len(candidates), cand.id)
    return rows


def _draft_fields(draft: Any) -> dict[str, Any]:
    """What an export row records of a fresh draft."""
    return {"confidence": round(float(draft.confidence), 4), "draft": draft.text,
            "draft_sha256": text_hash(draft.text), "behaviour": getattr(draft, "behaviour", None),
            "features": dict(getattr(draft, "confidence_features", None) or {}),
            "reasons": list(getattr(draft, "confidence_reasons", None) or []),
            "citations": [{"marker": c.marker, "title": c.title, "section": getattr(c, "section", None),
                           "passage": c.passage} for c in getattr(draft, "citations", None) or []],
            "flags": [f"{f.type}: {f.message}" for f in getattr(draft, "flags", None) or []]}


class Drafted(Protocol):
    """A labelled item or a candidate: what drafting reads of either."""

    @property
    def id(self) -> str: ...

    @property
    def request(self) -> Request: ...


DraftFn = Callable[[Drafted], Any]  # returns a Draft, or None when the item's knowledge base is unavailable


def measure(items: Iterable[Item], draft_for: DraftFn, *,
            progress: Callable[[int, int, str], None] | None = None) -> dict[str, Any]:
    """Re-draft every item and score confidence against the labels that still describe the draft."""
    items = list(items)
    rows = []
    for done, item in enumerate(items, start=1):
        draft = draft_for(item)
        row: dict[str, Any] = {"id": item.id, "knowledge_base": item.request.knowledge_base, "label": item.label,
                               "reason": item.reason}
        if draft is None:
            row["status"] = "unavailable"
        else:
            row.update(status="current" if text_hash(draft.text) == item.judged_hash() else "stale",
                       **_draft_fields(draft))
        rows.append(row)
        if progress:
            progress(done, len(items), item.id)
    return summarise(rows)


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    current = [r for r in rows if r["status"] == "current"]
    try:
        from assistant.confidence import load_model

        model_meta = dict(load_model().meta)
    except RuntimeError:
        model_meta = {}
    groups = {"all": current}
    for kb in sorted({r["knowledge_base"] for r in current}):
        groups[kb] = [r for r in current if r["knowledge_base"] == kb]
    return {
        "items": len(rows),
        "current": len(current),
        "stale": [r["id"] for r in rows if r["status"] == "stale"],
        "unavailable": [r["id"] for r in rows if r["status"] == "unavailable"],
        "labels": {lab: sum(r["label"] == lab for r in current) for lab in ("good", "needs-edit", "bad")},
        "groups": {name: _group(g) for name, g in groups.items()},
        "model": model_meta,
        "rows": rows,
    }


def _group(rows: list[dict[str, Any]]) -> dict[str, Any]:
    scores = [r["confidence"] for r in rows]
    good = [r["label"] == "good" for r in rows]
    auc = roc_auc(scores, good)
    table = reliability(scores, good, RELIABILITY_EDGES)
    return {
        "n": len(rows),
        "good": sum(good),
        "roc_auc_good": None if math.isnan(auc) else round(auc, 4),
        "flag": flag_split(scores, good),
        "mean_confidence": round(sum(scores) / len(scores), 4) if scores else None,
        "reliability": table,
        "ece": expected_calibration_error(table) if table else None,
    }


def flag_split(scores: list[float], good: list[bool], threshold: float | None = None) -> dict[str, Any]:
    """Drafts under the low-confidence threshold and at or above it: how many, and what share was good."""
    from assistant.confidence import low_confidence_threshold

    if threshold is None:
        try:
            threshold = low_confidence_threshold()
        except RuntimeError:  # no usable model: the fallback
            from assistant.confidence import LOW_CONFIDENCE

            threshold = LOW_CONFIDENCE
    out: dict[str, Any] = {"threshold": threshold}
    for side, members in (("flagged", [g for s, g in zip(scores, good) if s < threshold]),
                          ("unflagged", [g for s, g in zip(scores, good) if s >= threshold])):
        out[side] = {"n": len(members), "share_good": round(sum(members) / len(members), 4) if members else None}
    return out


def draft_function(container: Any, *, backend: str | None = None, mtrag_path: Path | None = None) -> DraftFn:
    """Draft an item over its knowledge base with ``container`` (a ``Container``); None when the base is absent.

    The ABCD index is built (incrementally) under ``<data_dir>/eval-index/abcd`` with the same embedder, as
    ``caredraft eval run abcd`` does; MTRAG-UN tasks are drafted from their own passages, as ``eval mtrag`` does.
    """
    from evaluation.datasets.mtrag import DatasetMissing, load_tasks
    from evaluation.runner import SourcesMissing, build_suite_index
    from evaluation.suite import load_suite

    state: dict[str, Any] = {}

    def abcd_drafter() -> Any:
        if "abcd" not in state:
            suite = load_suite("abcd")
            settings = container.settings.model_copy(deep=True)
            settings.kb.index_dir = settings.data_dir / "eval-index" / suite.name
            try:
                build_suite_index(suite, settings.kb.index_dir, container.embedder, settings.kb)
                state["abcd"] = type(container)(settings, embedder=container.embedder).drafter
            except SourcesMissing:
                state["abcd"] = None
        return state["abcd"]

    def mtrag_task(task_id: str) -> Any:
        if "mtrag" not in state:
            try:
                state["mtrag"] = {t.task_id: t for t in load_tasks(mtrag_path)}
            except DatasetMissing:
                state["mtrag"] = None
        return (state["mtrag"] or {}).get(task_id)

    def draft_for(item: Drafted) -> Any:
        req = item.request
        if req.knowledge_base == "sample":
            return container.drafter.draft(req.ticket(), backend=backend)
        if req.knowledge_base == "abcd":
            drafter = abcd_drafter()
            return None if drafter is None else drafter.draft(req.ticket(), backend=backend)
        task = mtrag_task(req.task_id or "")
        return None if task is None else container.drafter.draft_from_passages(task.ticket(), task.passages, backend=backend)

    return draft_for


def render_markdown(report: dict[str, Any]) -> str:
    lines = ["# Confidence against labelled drafts", "",
             f"- items: {report['items']}, current (draft unchanged since it was judged): {report['current']}, "
             f"stale (needs relabelling): {len(report['stale'])}, knowledge base unavailable: {len(report['unavailable'])}",
             f"- labels of current items: " + ", ".join(f"{k} {v}" for k, v in report["labels"].items()), "",
             "| knowledge base | items | good | ROC AUC (good vs rest) | mean confidence | ECE |",
             "| --- | --- | --- | --- | --- | --- |"]
    for name, g in report["groups"].items():
        lines.append(f"| {name} | {g['n']} | {g['good']} | {_f(g['roc_auc_good'])} | {_f(g['mean_confidence'])} | {_f(g['ece'])} |")
    model = report.get("model") or {}
    if model.get("auc"):
        lines += ["", "## The confidence model's own check (when it was fitted)", "",
                  f"Fitted on labels judged on {model.get('judged_on') or 'n/a'}; ROC AUC for good, in-sample, "
                  "5-fold cross-validated (out-of-fold), and leave-one-knowledge-base-out (fitted on the others):", "",
                  "| knowledge base | items | good | in-sample | cross-validated | leave-KB-out |", "| --- | --- | --- | --- | --- | --- |"]
        for name, auc in model["auc"].items():
            counts = (model.get("fitted_on") or {}).get(name, {})
            lines.append(f"| {name} | {counts.get('n', '')} | {counts.get('good', '')} | {_f(auc.get('auc_in_sample'))} | "
                         f"{_f(auc.get('auc_cross_validated'))} | {_f(auc.get('auc_leave_kb_out'))} |")
    if model.get("reliability_cross_validated"):
        lines += ["", "## Reliability when it was fitted (cross-validated probabilities)", "",
                  "Each draft scored by a model fitted without it: what share of drafts at each confidence were good.", "",
                  "| confidence bin | items | mean confidence | share good |", "| --- | --- | --- | --- |"]
        lines += [f"| {r['bin']} | {r['n']} | {r['mean_confidence']:.3f} | {r['share_good']:.3f} |"
                  for r in model["reliability_cross_validated"]]
        flag = model.get("flag_cross_validated")
        if flag:
            lines += ["", f"Low-confidence flag (under {flag['threshold']:.2f}), cross-validated: {flag['flagged']['n']} "
                      f"drafts flagged, {_share(flag['flagged'])} of them good; {flag['unflagged']['n']} unflagged, "
                      f"{_share(flag['unflagged'])} good."]
    lines += ["", "## Reliability of the shipped model on the current items (in-sample when these labels fitted it)", "",
              "| confidence bin | items | mean confidence | share good |",
              "| --- | --- | --- | --- |"]
    lines += [f"| {r['bin']} | {r['n']} | {r['mean_confidence']:.3f} | {r['share_good']:.3f} |"
              for r in report["groups"]["all"]["reliability"]]
    flag = report["groups"]["all"].get("flag")
    if flag:
        lines += ["", f"Low-confidence flag (confidence under {flag['threshold']:.2f}): "
                  f"{flag['flagged']['n']} drafts flagged, of which {_share(flag['flagged'])} were good; "
                  f"{flag['unflagged']['n']} unflagged, of which {_share(flag['unflagged'])} were good."]
    if report["stale"]:
        lines += ["", "## Stale items (the draft changed since it was judged: relabel)", "", ", ".join(report["stale"])]
    return "\n".join(lines) + "\n"


def _share(side: dict[str, Any]) -> str:
    return "n/a" if side["share_good"] is None else f"{side['share_good']:.0%}"


def _f(value: Any) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def write_report(report: dict[str, Any], out_dir: Path) -> list[Path]:
    from evaluation.report import atomic_write

    out_dir = Path(out_dir)
    paths = [out_dir / "confidence.json", out_dir / "confidence.md"]
    atomic_write(paths[0], json.dumps(report, indent=2, ensure_ascii=False))
    atomic_write(paths[1], render_markdown(report))
    return paths


def export_for_relabelling(labels: LabelSet, report: dict[str, Any], path: Path,
                           new_rows: Iterable[dict[str, Any]] = ()) -> Path:
    """A local JSONL of every item's fresh draft (text included), with the old label where it still applies.

    ``new_rows`` (``draft_candidates``) follow: unlabelled requests to judge for the first time.
    """
    from evaluation.report import atomic_write

    by_id = {r["id"]: r for r in report["rows"]}
    lines = []
    for item in labels.items:
        row = by_id.get(item.id, {})
        current = row.get("status") == "current"
        lines.append(json.dumps({"id": item.id, "request": item.request.model_dump(mode="json", exclude_none=True),
                                 "status": row.get("status"), "confidence": row.get("confidence"),
                                 "behaviour": row.get("behaviour"), "draft": row.get("draft"),
                                 "draft_sha256": text_hash(row["draft"]) if row.get("draft") else None,
                                 "features": row.get("features"), "reasons": row.get("reasons"),
                                 "citations": row.get("citations"), "flags": row.get("flags"),
                                 "label": item.label if current else None,
                                 "reason": item.reason if current else None,
                                 "old_label": None if current else item.label,
                                 "old_reason": None if current else item.reason,
                                 # the judged text (kept for the sample only), so a relabeller sees what changed
                                 "old_draft": None if current else item.draft},
                                ensure_ascii=False))
    lines += [json.dumps(row, ensure_ascii=False) for row in new_rows]
    atomic_write(Path(path), "\n".join(lines) + "\n")
    return Path(path)


# ---- relabelling ----------------------------------------------------------------------------------------------------


def read_export(path: Path) -> list[dict[str, Any]]:
    """The rows of an ``--export`` file; a clear error for a file that is not one."""
    rows = []
    try:
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                row = json.loads(line)
                if not isinstance(row, dict) or "id" not in row:
                    raise LabelsError(f"{path}: line {n} is not an exported draft (no id)")
                rows.append(row)
    except FileNotFoundError:
        raise LabelsError(f"export file {path} not found") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LabelsError(f"{path}: cannot read: {str(exc).splitlines()[0]}") from None
    return rows


def relabelled_rows(rows: list[dict[str, Any]], labels: LabelSet) -> list[dict[str, Any]]:
    """Exported rows with status and label read from ``labels``: current when the exported draft is the judged one."""
    items = {item.id: item for item in labels.items}
    out = []
    for row in rows:
        item = items.get(row["id"])
        current = item is not None and bool(row.get("draft")) and text_hash(row["draft"]) == item.judged_hash()
        out.append({**row, "status": "current" if current else "stale",
                    "label": item.label if current and item else None})
    return out


class Judgement(_Strict):
    id: str
    label: Label
    reason: str = Field(min_length=3)


def load_judgements(path: Path) -> list[Judgement]:
    """A YAML list of ``{id, label, reason}``: new judgements of the exported (fresh) drafts."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LabelsError(f"judgement file {path} not found") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise LabelsError(f"{path}: cannot read: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, list):
        raise LabelsError(f"{path}: expected a list of {{id, label, reason}}")
    out = []
    for n, entry in enumerate(data, start=1):
        try:
            out.append(Judgement.model_validate(entry))
        except ValidationError as exc:
            err = exc.errors()[0]
            raise LabelsError(f"{path}: entry {n}: {'.'.join(map(str, err['loc']))}: {err['msg']}") from None
    return out


def apply_judgements(labels: LabelSet, export_rows: list[dict[str, Any]], judgements: list[Judgement]) -> LabelSet:
    """The label set with each judged item tied to its fresh draft (text for the sample, hash for external data).

    Every judgement must name a labelled item whose fresh draft the export holds: a label is only ever given to a
    draft someone read.
    """
    drafts = {r["id"]: r.get("draft") for r in export_rows}
    by_id = {j.id: j for j in judgements}
    known = {item.id for item in labels.items}
    fresh = {r["id"]: r for r in export_rows if r.get("status") == "new" and r["id"] not in known}
    unknown = sorted(set(by_id) - known - set(fresh))
    if unknown:
        raise LabelsError(f"judgements name items that neither the label file nor the export's new requests hold: "
                          f"{', '.join(unknown[:5])}")
    items = []
    for item in labels.items:
        j = by_id.get(item.id)
        if j is None:
            items.append(item)
            continue
        text = drafts.get(item.id)
        if not text:
            raise LabelsError(f"{item.id}: the export has no fresh draft for it (knowledge base unavailable?)")
        external = item.request.knowledge_base in EXTERNAL
        items.append(item.model_copy(update={
            "label": j.label, "reason": j.reason,
            "draft": None if external else text, "draft_sha256": text_hash(text) if external else None}))
    for item_id, row in fresh.items():  # first judgements of new requests, in the export's order
        j = by_id.get(item_id)
        if j is None:
            continue
        text = row.get("draft")
        if not text:
            raise LabelsError(f"{item_id}: the export has no fresh draft for it (knowledge base unavailable?)")
        try:
            request = Request.model_validate(row.get("request") or {})
        except ValidationError as exc:
            raise LabelsError(f"{item_id}: the exported request is not valid: {exc.errors()[0]['msg']}") from None
        external = request.knowledge_base in EXTERNAL
        items.append(Item(id=item_id, request=request, label=j.label, reason=j.reason,
                          draft=None if external else text, draft_sha256=text_hash(text) if external else None))
    return LabelSet(rubric=labels.rubric, items=items)


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value and not any(line != line.rstrip() for line in value.splitlines()) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)

HEADER = """# Labelled drafts for measuring confidence (issue 9, item 6): `caredraft eval confidence`.
# Each item: the request, the judged draft (its SHA-256 for drafts over external datasets, which stay out
# of the repository), the label and the reason. A label only counts while the draft is unchanged.
# Relabel: `caredraft eval confidence --export drafts.jsonl`, read the stale drafts (`caredraft eval relabel
# drafts.jsonl --show`), write {id, label, reason} judgements, `caredraft eval relabel drafts.jsonl --apply FILE`.
"""


def save_labels(labels: LabelSet, path: Path = LABELS_PATH, *, judged_on: str | None = None) -> Path:
    """Write the label file (atomically); ``judged_on`` records the code version the new labels were judged on."""
    from evaluation.report import atomic_write

    body: dict[str, Any] = {"rubric": labels.rubric, "items": [i.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
                                                for i in labels.items]}
    order = ("id", "request", "label", "reason", "draft", "draft_sha256")
    for i, (raw, item) in enumerate(zip(body["items"], labels.items)):
        raw["request"]["knowledge_base"] = item.request.knowledge_base  # never dropped as a default
        body["items"][i] = {k: raw[k] for k in order if k in raw}  # the judgement before the long draft
    header = HEADER + (f"# Last relabelled on code version {judged_on}.\n" if judged_on else "")
    atomic_write(Path(path), header + yaml.dump(body, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120))
    return Path(path)


def changed_sentences(old: str, new: str) -> list[str]:
    """The sentences removed from (-) and added to (+) a draft, in order: what a relabeller has to read again."""
    import difflib

    from assistant.grounding.sentences import split_sentences

    # one line per sentence (a sign-off spans two), so every changed line carries its - or +
    before, after = [" ".join(x.split()) for x in split_sentences(old)], [" ".join(x.split()) for x in split_sentences(new)]
    out = []
    for line in difflib.ndiff(before, after):
        if line[:2] in ("- ", "+ "):
            out.append(f"  {line}")
    return out or ["  (whitespace only)"]


def render_for_judging(rows: list[dict[str, Any]], *, only_stale: bool = True,
                       context: Callable[[dict[str, Any]], list[str]] | None = None) -> str:
    """The exported drafts as plain text to read against the rubric: request, cited passages, draft.

    By default only what needs a judgement: stale drafts and new (never labelled) requests.

    ``context`` adds lines for a row (an MTRAG-UN task's question, answerability and reference answer, which the
    export does not hold).
    """
    out = []
    for r in rows:
        if only_stale and r.get("status") not in ("stale", "new"):
            continue
        req = r.get("request") or {}
        # judged blind: no confidence, no confidence reasons, no low-confidence flag (they would anchor the label)
        lines = [f"=== {r['id']}  [{req.get('knowledge_base')}]  behaviour={r.get('behaviour')}"]
        if r.get("old_label"):
            lines.append(f"previous label: {r['old_label']} ({r.get('old_reason')})")
        customer = req.get("customer")
        if customer:
            lines.append("customer: " + json.dumps(customer, ensure_ascii=False))
        for turn in req.get("history") or []:
            lines.append(f"history {turn.get('role')}: {turn.get('text')}")
        if req.get("message"):
            lines.append(f"message ({req.get('channel', 'email')}, today {req.get('today')}): {req['message']}")
        lines += context(r) if context else []
        for c in r.get("citations") or []:
            lines.append(f"  [{c['marker']}] {c.get('title')}: {' '.join(str(c.get('passage') or '').split())[:700]}")
        lines.append("DRAFT:\n" + (r.get("draft") or "(none)"))
        if r.get("old_draft") and r.get("draft"):
            lines.append("CHANGED SINCE JUDGED (- judged, + now):")
            lines += changed_sentences(r["old_draft"], r["draft"])
        for f in r.get("flags") or []:
            if not str(f).startswith("low_confidence"):
                lines.append(f"  flag {f}")
        out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"
