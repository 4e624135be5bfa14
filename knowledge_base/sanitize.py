"""Documents are data: strip what a reader cannot see before a document is chunked, and say what was there.

HTML comments, ``<script>``/``<style>`` blocks, zero-width, bidi-control and Unicode tag characters are
removed from every loaded document's text. Nothing of them reaches the index; the sync report and the
index manifest list per document what was removed (the knowledge manager sees it in ``kb status``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from assistant.safety.normalise import strip_invisible
from knowledge_base.types import Document

_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_SCRIPT = re.compile(r"<(script|style|iframe|object|embed)\b[^>]*>.*?(?:</\1\s*>|\Z)", re.S | re.I)
_ON_TAG = re.compile(r"<(?:script|iframe|object|embed|style)\b[^>]*/?>", re.I)


@dataclass
class Cleaned:
    document: Document
    removed: Counter[str] = field(default_factory=Counter)  # kind -> count
    hidden_text: list[str] = field(default_factory=list)  # the text of removed comments and scripts


def sanitise(doc: Document) -> Cleaned:
    """``doc`` with hidden content removed, and what was removed."""
    text = doc.text
    removed: Counter[str] = Counter()
    hidden: list[str] = []

    def cut(kind: str):  # noqa: ANN202
        def repl(m: re.Match[str]) -> str:
            removed[kind] += 1
            hidden.append(m.group(0))
            return ""
        return repl

    text = _SCRIPT.sub(cut("script"), text)
    text = _ON_TAG.sub(cut("script"), text)
    text = _COMMENT.sub(cut("html_comment"), text)
    text, invisible = strip_invisible(text)
    for kind in invisible:
        removed[kind] += 1
    if not removed:
        return Cleaned(doc)
    text = re.sub(r"[ \t]+\n", "\n", re.sub(r"\n{3,}", "\n\n", text)).strip()
    return Cleaned(replace(doc, text=text), removed, hidden)
