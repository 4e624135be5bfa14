"""Bounds on what one uploaded file may cost to read: YAML without alias bombs, PDFs without decompression bombs.

A 246-byte YAML file whose aliases nest ("a: &a [x, x]", "b: &b [*a, *a]", ...) expands exponentially when
anything walks it; a small PDF of compressed streams can inflate to gigabytes. Both are refused with a
clear message instead.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Any, Iterator

import yaml

MAX_YAML_BYTES = 256 * 1024  # a sidecar or front matter is a few lines; suites have their own cap
MAX_YAML_ALIASES = 1_000
MAX_YAML_NODES = 100_000  # values after alias expansion
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PDF_MAX_PAGES = 2_000
PDF_MAX_STREAM_BYTES = 16 * 1024 * 1024  # per decompressed stream
PDF_MAX_TEXT_CHARS = 5_000_000  # extracted text per document
PDF_MAX_SECONDS = 20.0  # checked between pages


class LimitExceeded(ValueError):
    """A file over one of the bounds above; the message says which."""


def safe_yaml(text: str, *, max_bytes: int = MAX_YAML_BYTES, what: str = "YAML") -> Any:
    """``yaml.safe_load`` with a size cap and a cap on the *expanded* document: every alias counts as the
    values it stands for, so nested aliases (a "billion laughs") are refused while a list reused by name
    many times is fine.

    The events are counted before anything is built, so a bomb costs one linear pass over its text.
    """
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise LimitExceeded(f"{what} is {size} bytes; the limit is {max_bytes}")
    anchors: dict[str, int] = {}
    stack: list[tuple[str | None, int]] = []  # (anchor, expanded values so far) per open collection
    total = aliases = 0
    for event in yaml.parse(text, Loader=_YAML_LOADER):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            stack.append((event.anchor, 1))
            continue
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            anchor, count = stack.pop()
            if anchor:
                anchors[anchor] = count
            added = count
        elif isinstance(event, yaml.ScalarEvent):
            if event.anchor:
                anchors[event.anchor] = 1
            added = 1
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            added = anchors.get(event.anchor or "", 1)
            if aliases > MAX_YAML_ALIASES:
                raise LimitExceeded(f"{what} uses more than {MAX_YAML_ALIASES} aliases (*name)")
        else:
            continue
        if stack:
            anchor, count = stack[-1]
            stack[-1] = (anchor, count + added)
        else:
            total += added
        expanded = total + sum(c for _, c in stack)
        if expanded > MAX_YAML_NODES:
            raise LimitExceeded(f"{what} expands to more than {MAX_YAML_NODES} values (nested aliases?)")
    return yaml.load(text, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader


@contextmanager
def pdf_limits() -> Iterator[None]:
    """pypdf's per-stream decompression limits lowered for the duration (context-local, thread-safe)."""
    import pypdf

    apply = getattr(pypdf, "apply_configuration", None)
    if apply is None:  # older pypdf: its own fixed limits apply
        yield
        return
    caps = {name: PDF_MAX_STREAM_BYTES for name in (
        "zlib_maximum_output_length", "lzw_maximum_output_length", "run_length_maximum_output_length",
        "jbig2_maximum_output_length", "array_based_stream_maximum_output_length", "brotli_maximum_output_length",
        "maximum_declared_stream_length", "image_maximum_buffer_size")}
    caps["stream_decoding_work_maximum_length"] = 4 * PDF_MAX_STREAM_BYTES
    known = {k: v for k, v in caps.items() if hasattr(pypdf.get_configuration(), k)}
    with apply(**known):
        yield


def pdf_pages_text(reader: Any) -> list[str]:
    """Text of each page of a ``pypdf.PdfReader``, refusing documents over the page, text or time budget."""
    if len(reader.pages) > PDF_MAX_PAGES:
        raise LimitExceeded(f"PDF has {len(reader.pages)} pages; the limit is {PDF_MAX_PAGES}")
    start = time.monotonic()
    pages: list[str] = []
    total = 0
    for page in reader.pages:
        text = page.extract_text() or ""
        total += len(text)
        pages.append(text)
        if total > PDF_MAX_TEXT_CHARS:
            raise LimitExceeded(f"PDF text is over {PDF_MAX_TEXT_CHARS} characters")
        if time.monotonic() - start > PDF_MAX_SECONDS:
            raise LimitExceeded(f"PDF took over {PDF_MAX_SECONDS:.0f} s to read (compressed content too large)")
    return pages
