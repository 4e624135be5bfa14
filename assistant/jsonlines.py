"""JSON lines: the one reader for every ``.jsonl`` the product takes in (suites, scoring input, documents, datasets).

Blank lines are skipped; a line that is not JSON (or, when asked, not an object) is reported with its
1-based number, so each caller can word the error for its user or skip the line and say why.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class JsonLine:
    number: int  # 1-based line number in the input
    value: Any  # the parsed value (None when ``error`` is set)
    error: str | None = None  # why the line was not accepted, e.g. "not valid JSON: Expecting value"


def json_lines(lines: Iterable[str], *, objects: bool = False) -> Iterator[JsonLine]:
    """Every non-blank line parsed; with ``objects``, a value that is not a JSON object is an error too."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield JsonLine(number, None, f"not valid JSON: {exc.msg}")
            continue
        if objects and not isinstance(value, dict):
            yield JsonLine(number, None, "expected a JSON object")
            continue
        yield JsonLine(number, value)
