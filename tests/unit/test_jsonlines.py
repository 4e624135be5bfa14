"""The one JSON-lines reader: blank lines skipped, bad lines reported with their number."""

from __future__ import annotations

from assistant.jsonlines import json_lines


def test_lines_are_numbered_and_errors_say_why() -> None:
    lines = ['{"a": 1}', "", "   ", "{not json", "[1, 2]", '{"b": 2}']
    parsed = list(json_lines(lines))
    assert [(p.number, p.value, p.error is None) for p in parsed] == [
        (1, {"a": 1}, True), (4, None, False), (5, [1, 2], True), (6, {"b": 2}, True)]
    assert parsed[1].error is not None and parsed[1].error.startswith("not valid JSON")
    objects = list(json_lines(lines, objects=True))
    assert [(p.number, p.error) for p in objects if p.error] == [
        (4, parsed[1].error), (5, "expected a JSON object")]
