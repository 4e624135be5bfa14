"""Load source files into ``Document``s: Markdown, HTML, text, PDF, FAQ CSV/JSON, JSONL and nested JSON manuals.

Every loader returns documents whose ``text`` marks sections with Markdown headings, so the chunker follows
structure whatever the format was. A file that cannot be read is reported as a ``SkippedFile`` with its reason;
it never stops the others. A non-Markdown file may carry a sidecar ``<filename>.meta.yaml`` with front-matter
keys (``doc_id``, ``title``, ``url``, ``effective_date``, ``tags``, ``audience``).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from assistant.jsonlines import json_lines
from knowledge_base.errors import SourceNotFound
from knowledge_base.limits import LimitExceeded, pdf_limits, pdf_pages_text, safe_yaml
from knowledge_base.types import Document, SkippedFile

SIDECAR_SUFFIX = ".meta.yaml"
META_KEYS = ("doc_id", "title", "url", "effective_date", "tags", "audience")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$", re.MULTILINE)


class LoadError(Exception):
    """Why one file (or one row of it) cannot be loaded; becomes ``SkippedFile.reason``."""


# --------------------------------------------------------------------------------------------- entry point


def load_sources(paths: Sequence[Path]) -> tuple[list[Document], list[SkippedFile]]:
    """Load every supported file under ``paths`` (directories walked recursively in sorted order).

    Hidden files and sidecars are not documents. Duplicate doc_ids keep the first and skip the later file.
    Raises ``SourceNotFound`` when a given path does not exist (before anything is loaded).
    """
    for path in paths:
        if not Path(path).exists():
            raise SourceNotFound(f"source not found: {path}")
    documents: list[Document] = []
    skipped: list[SkippedFile] = []
    seen: dict[str, str] = {}
    for file in _walk(paths):
        try:
            docs, row_skips = load_file(file)
        except LoadError as exc:
            skipped.append(SkippedFile(str(file), str(exc)))
            continue
        skipped.extend(row_skips)
        for doc in docs:
            if doc.doc_id in seen:
                skipped.append(SkippedFile(str(file), f"duplicate doc_id {doc.doc_id!r} (already loaded from {seen[doc.doc_id]})"))
                continue
            seen[doc.doc_id] = str(file)
            documents.append(doc)
    return documents, skipped


def _walk(paths: Sequence[Path]) -> Iterator[Path]:
    for path in paths:
        path = Path(path)
        if path.is_file():
            if not path.name.endswith(SIDECAR_SUFFIX):
                yield path
            continue
        for file in sorted(path.rglob("*")):
            rel = file.relative_to(path)
            if any(part.startswith(".") for part in rel.parts) or not file.is_file():
                continue
            if file.name.endswith(SIDECAR_SUFFIX):
                continue
            yield file


def load_file(path: Path) -> tuple[list[Document], list[SkippedFile]]:
    """Documents of one file plus rows skipped inside it; raises ``LoadError`` if the whole file is unusable."""
    suffix = path.suffix.lower()
    loader = _LOADERS.get(suffix)
    if loader is None:
        raise LoadError(f"unsupported file type {suffix or '(none)'!r}")
    sidecar = _read_sidecar(path) if suffix not in (".md", ".markdown") else {}
    return loader(path, sidecar)


# --------------------------------------------------------------------------------------------- helpers


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LoadError(f"cannot read file: {exc.strerror or exc}") from exc
    if b"\x00" in raw[:8192]:
        raise LoadError("binary file (not text)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(f"not valid UTF-8 text (byte {exc.start})") from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise LoadError("empty file")
    return text


def _read_sidecar(path: Path) -> dict[str, Any]:
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if not sidecar.exists():
        return {}
    try:
        data = safe_yaml(sidecar.read_text(encoding="utf-8"), what=f"sidecar {sidecar.name}")
    except (yaml.YAMLError, UnicodeDecodeError, OSError, LimitExceeded) as exc:
        raise LoadError(f"unreadable sidecar {sidecar.name}: {_one_line(exc)}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise LoadError(f"sidecar {sidecar.name} is not a mapping of keys")
    return _clean_meta(data, where=f"sidecar {sidecar.name}")


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200]


def _clean_meta(meta: dict[str, Any], *, where: str) -> dict[str, Any]:
    """Validate and normalise front-matter keys; unknown keys are ignored."""
    out: dict[str, Any] = {}
    for key in ("doc_id", "title", "url"):
        if meta.get(key) not in (None, ""):
            out[key] = str(meta[key]).strip()
    if meta.get("effective_date") not in (None, ""):
        out["effective_date"] = _parse_date(meta["effective_date"], where=where)
    if meta.get("tags") not in (None, ""):
        out["tags"] = _parse_tags(meta["tags"])
    if meta.get("audience") not in (None, ""):
        audience = str(meta["audience"]).strip().lower()
        if audience not in ("public", "internal"):
            raise LoadError(f"{where}: audience must be 'public' or 'internal', not {meta['audience']!r}")
        out["audience"] = audience
    return out


def _parse_date(value: Any, *, where: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise LoadError(f"{where}: effective_date {value!r} is not a YYYY-MM-DD date") from exc


def _parse_tags(value: Any) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else list(value) if isinstance(value, (list, tuple)) else [value]
    tags: list[str] = []
    for item in items:
        tag = str(item).strip()
        if tag and tag not in tags:
            tags.append(tag)
    return tuple(tags)


def _make(path: Path, text: str, meta: dict[str, Any], *, default_id: str, default_title: str) -> Document:
    text = text.strip()
    if not text:
        raise LoadError("no text content")
    return Document(
        doc_id=meta.get("doc_id") or default_id,
        title=meta.get("title") or default_title,
        text=text,
        source_path=str(path),
        url=meta.get("url"),
        effective_date=meta.get("effective_date"),
        tags=meta.get("tags", ()),
        audience=meta.get("audience", "public"),
    )


def _first_heading(text: str) -> str | None:
    match = _HEADING.search(text)
    return match.group(2).strip() if match else None


def _first_line(text: str, limit: int = 120) -> str | None:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line if len(line) <= limit else None
    return None


def slugify(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "x"


# --------------------------------------------------------------------------------------------- loaders


def _load_markdown(path: Path, _sidecar: dict[str, Any]) -> tuple[list[Document], list[SkippedFile]]:
    text = _read_text(path)
    meta: dict[str, Any] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        try:
            data = safe_yaml(match.group(1), what="front matter")
        except (yaml.YAMLError, LimitExceeded) as exc:
            raise LoadError(f"bad front matter: {_one_line(exc)}") from exc
        if data is not None and not isinstance(data, dict):
            raise LoadError("bad front matter: not a mapping of keys")
        meta = _clean_meta(data or {}, where="front matter")
        text = text[match.end() :]
    elif text.startswith("---\n"):
        raise LoadError("bad front matter: no closing '---' line")
    title = _first_heading(text) or path.stem
    return [_make(path, text, meta, default_id=path.stem, default_title=title)], []


def _load_text(path: Path, sidecar: dict[str, Any]) -> tuple[list[Document], list[SkippedFile]]:
    text = _read_text(path)
    return [_make(path, text, sidecar, default_id=path.stem, default_title=_first_line(text) or path.stem)], []


_DROP_TAGS = ("script", "style", "nav", "header", "footer", "aside", "noscript", "template", "svg", "form", "iframe")
_BLOCK_TAGS = ("p", "div", "section", "article", "main", "table", "ul", "ol", "dl", "pre", "blockquote", "br", "hr", "tr")


def _load_html(path: Path, sidecar: dict[str, Any]) -> tuple[list[Document], list[SkippedFile]]:
    from bs4 import BeautifulSoup, Comment

    raw = _read_text(path)
    soup = BeautifulSoup(raw, "html.parser")
    meta: dict[str, Any] = {}
    for name in ("doc_id", "effective_date", "tags", "audience", "url", "title"):
        tag = soup.find("meta", attrs={"name": f"caredraft:{name}"})
        if tag and tag.get("content"):
            meta[name] = tag["content"]
    if soup.title and soup.title.string and "title" not in meta:
        meta["title"] = soup.title.string.strip()
    canonical = soup.find("link", rel="canonical")
    if canonical and canonical.get("href") and "url" not in meta:
        meta["url"] = canonical["href"]
    meta = {**_clean_meta(meta, where="HTML meta"), **sidecar}
    body = soup.body or soup
    for tag in body.find_all(_DROP_TAGS):
        tag.decompose()
    # Comments stay visible as comments so the sync's sanitiser can remove them and report them (a reader
    # never sees them, so neither may a draft).
    for comment in body.find_all(string=lambda s: isinstance(s, Comment)):
        comment.replace_with(f"<!--{comment}-->")
    # Headings become Markdown heading lines so sections survive; blocks and list items get line breaks.
    for level in range(1, 7):
        for heading in body.find_all(f"h{level}"):
            heading.replace_with(f"\n\n{'#' * level} {heading.get_text(' ', strip=True)}\n\n")
    for item in body.find_all(["li", "dt"]):
        item.insert_before("\n- ")
        item.insert_after("\n")
    for cell in body.find_all(["td", "th"]):
        cell.insert_after(" | ")
    for block in body.find_all(_BLOCK_TAGS):
        block.insert_before("\n\n")
        block.insert_after("\n\n")
    text = _tidy(body.get_text())
    title = meta.get("title") or _first_heading(text) or path.stem
    return [_make(path, text, meta, default_id=path.stem, default_title=title)], []


def _tidy(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n-\s*\n+", "\n- ", text)  # a bullet whose text started on the next line
    text = re.sub(r"[ \t]*\|[ \t]*$", "", text, flags=re.MULTILINE)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _load_pdf(path: Path, sidecar: dict[str, Any]) -> tuple[list[Document], list[SkippedFile]]:
    from pypdf import PdfReader

    try:
        with pdf_limits():
            reader = PdfReader(str(path))
            pages = pdf_pages_text(reader)
            pdf_title = (reader.metadata.title if reader.metadata else None) or None
    except LimitExceeded as exc:
        raise LoadError(f"PDF refused: {exc}") from exc
    except Exception as exc:  # pypdf raises many types for broken files; all mean "unreadable PDF"
        raise LoadError(f"unreadable PDF: {_one_line(exc) or type(exc).__name__}") from exc
    text = "\n\n".join(_tidy(p) for p in pages if p.strip())
    if not text.strip():
        raise LoadError("PDF has no extractable text")
    text = _mark_pdf_headings(text)
    title = pdf_title.strip() if isinstance(pdf_title, str) and pdf_title.strip() else _first_line(text) or path.stem
    return [_make(path, text, sidecar, default_id=path.stem, default_title=title)], []


_PDF_HEADING_MAX = 60


def _mark_pdf_headings(text: str) -> str:
    """PDF text has no markup: turn short, unpunctuated lines that follow a finished sentence into ``##`` headings.

    Wrapped paragraph lines also lack final punctuation, but they are long or follow an unfinished line.
    """
    lines = text.split("\n")
    out: list[str] = []
    previous, previous_heading = "", False
    for line in lines:
        stripped = line.strip()
        is_heading = (
            0 < len(stripped) <= _PDF_HEADING_MAX
            and stripped[-1] not in ".,;:!?"
            and not re.match(r"^([-*•]|\d+[.)]?\s*$)", stripped)
            and (previous == "" or previous[-1] in ".!?:" or previous_heading)
            and (stripped[0].isupper() or stripped[0].isdigit())
        )
        out.append(f"\n## {stripped}\n" if is_heading else line)
        previous, previous_heading = stripped, is_heading
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()


def _faq_rows_to_docs(
    path: Path, rows: list[dict[str, Any]], sidecar: dict[str, Any]
) -> tuple[list[Document], list[SkippedFile]]:
    """One document per question/answer row; row columns doc_id/url/tags/... override the sidecar's defaults."""
    docs: list[Document] = []
    skipped: list[SkippedFile] = []
    prefix = sidecar.get("doc_id") or path.stem
    defaults = {k: v for k, v in sidecar.items() if k not in ("doc_id", "title")}
    for number, row in enumerate(rows, start=1):
        row = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
        question = str(row.get("question") or "").strip()
        answer = str(row.get("answer") or "").strip()
        where = f"{path}:{number}"
        if not question or not answer:
            skipped.append(SkippedFile(where, "FAQ row without both question and answer"))
            continue
        try:
            meta = {**defaults, **_clean_meta({k: row.get(k) for k in META_KEYS if k != "title"}, where=f"row {number}")}
        except LoadError as exc:
            skipped.append(SkippedFile(where, str(exc)))
            continue
        meta["title"] = question
        docs.append(_make(path, answer, meta, default_id=f"{prefix}-{number}", default_title=question))
    if not docs:
        raise LoadError("no usable question/answer rows")
    return docs, skipped


def _load_csv(path: Path, sidecar: dict[str, Any]) -> tuple[list[Document], list[SkippedFile]]:
    text = _read_text(path)
    try:
        reader = csv.DictReader(io.StringIO(text))
        fields = {str(f).strip().lower() for f in (reader.fieldnames or [])}
        if not {"question", "answer"} <= fields:
            raise LoadError("CSV needs 'question' and 'answer' columns (FAQ format)")
        rows = list(reader)
    except csv.Error as exc:
        raise LoadError(f"malformed CSV: {_one_line(exc)}") from exc
    return _faq_rows_to_docs(path, rows, sidecar)


def _load_json(path: Path, sidecar: dict[str, Any]) -> tuple[list[Document], list[SkippedFile]]:
    text = _read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoadError(f"invalid JSON: {exc.msg} (line {exc.lineno})") from exc
    # Shape detection: FAQ rows, a list of documents, or a nested guideline manual.
    if isinstance(data, dict):
        for key in ("faq", "faqs", "questions", "items", "documents"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
    if isinstance(data, list) and data and all(isinstance(r, dict) for r in data):
        if all("question" in r and "answer" in r for r in data):
            return _faq_rows_to_docs(path, data, sidecar)
        if all("text" in r for r in data):
            return _records_to_docs(path, data, sidecar)
    if _is_guideline_manual(data):
        return _guidelines_to_docs(path, data, sidecar)
    raise LoadError("unrecognised JSON shape (expected FAQ rows, documents with 'text', or a flows/subflows manual)")


def _load_jsonl(path: Path, sidecar: dict[str, Any]) -> tuple[list[Document], list[SkippedFile]]:
    text = _read_text(path)
    records: list[dict[str, Any]] = []
    skipped: list[SkippedFile] = []
    for line in json_lines(text.split("\n"), objects=True):
        if line.error:
            skipped.append(SkippedFile(f"{path}:{line.number}", line.error))
            continue
        record = line.value
        record.setdefault("_line", line.number)
        records.append(record)
    docs, more = _records_to_docs(path, records, sidecar) if records else ([], [])
    if not docs:
        raise LoadError("no usable JSON lines with a 'text' field")
    return docs, skipped + more


def _records_to_docs(
    path: Path, records: list[dict[str, Any]], sidecar: dict[str, Any]
) -> tuple[list[Document], list[SkippedFile]]:
    docs: list[Document] = []
    skipped: list[SkippedFile] = []
    defaults = {k: v for k, v in sidecar.items() if k not in ("doc_id", "title")}
    for index, record in enumerate(records, start=1):
        number = record.get("_line", index)
        where = f"{path}:{number}"
        body = record.get("text")
        if not isinstance(body, str) or not body.strip():
            skipped.append(SkippedFile(where, "record without a 'text' string"))
            continue
        try:
            meta = {**defaults, **_clean_meta({k: record.get(k) for k in META_KEYS}, where=f"record {number}")}
        except LoadError as exc:
            skipped.append(SkippedFile(where, str(exc)))
            continue
        default_id = f"{path.stem}-{number}"
        docs.append(_make(path, body, meta, default_id=default_id, default_title=meta.get("doc_id") or default_id))
    return docs, skipped


def _is_guideline_manual(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and bool(data)
        and all(isinstance(v, dict) and isinstance(v.get("subflows"), dict) for v in data.values())
    )


def _guidelines_to_docs(path: Path, data: dict[str, Any], sidecar: dict[str, Any]) -> tuple[list[Document], list[SkippedFile]]:
    """Each flow/subflow of a nested manual becomes one document (agent procedure text: ``internal`` unless the
    sidecar's ``audience`` says otherwise)."""
    docs: list[Document] = []
    prefix = sidecar.get("doc_id") or path.stem
    base_tags = tuple(sidecar.get("tags", ()))
    for flow, flow_body in data.items():
        for subflow, sub_body in flow_body["subflows"].items():
            lines = [f"# {subflow}", ""]
            if flow_body.get("description"):
                lines += [f"{flow}: {flow_body['description']}.", ""]
            instructions = sub_body.get("instructions") if isinstance(sub_body, dict) else None
            if instructions:
                lines += ["## Instructions", ""] + [f"- {_sentence(i)}" for i in instructions if str(i).strip()] + [""]
            for step, action in enumerate((sub_body or {}).get("actions") or [], start=1):
                if not isinstance(action, dict):
                    continue
                name = action.get("button") if action.get("button") not in (None, "", "N/A") else action.get("type", "")
                lines += [f"## Step {step}: {name}".rstrip(": "), ""]
                if action.get("text"):
                    lines.append(_sentence(action["text"]))
                lines += [f"- {_sentence(s)}" for s in action.get("subtext") or [] if str(s).strip()] + [""]
            meta = {
                **sidecar,
                "doc_id": f"{prefix}-{slugify(flow)}-{slugify(subflow)}",
                "title": f"{flow}: {subflow}",
                "tags": tuple(dict.fromkeys(base_tags + (slugify(flow),))),
                # procedure text for agents by default; a knowledge manager may choose otherwise in the sidecar
                # (``audience: public``): the drafter then keeps staff instructions out of the reply itself
                "audience": sidecar.get("audience") or "internal",
            }
            docs.append(_make(path, "\n".join(lines), meta, default_id=meta["doc_id"], default_title=meta["title"]))
    return docs, []


def _sentence(value: Any) -> str:
    text = " ".join(str(value).split())
    return text if text[-1:] in ".!?:" else text + "."


_LOADERS: dict[str, Callable[[Path, dict[str, Any]], tuple[list[Document], list[SkippedFile]]]] = {
    ".md": _load_markdown,
    ".markdown": _load_markdown,
    ".txt": _load_text,
    ".text": _load_text,
    ".html": _load_html,
    ".htm": _load_html,
    ".pdf": _load_pdf,
    ".csv": _load_csv,
    ".json": _load_json,
    ".jsonl": _load_jsonl,
    ".ndjson": _load_jsonl,
}

SUPPORTED_SUFFIXES = tuple(_LOADERS)

__all__ = ["load_sources", "load_file", "LoadError", "SUPPORTED_SUFFIXES", "SIDECAR_SUFFIX", "slugify"]
