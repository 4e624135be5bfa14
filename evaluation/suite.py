"""Evaluation suites: a YAML file (``name`` + ``cases``) or a JSONL file (one case per line).

``load_suite("sample")`` reads ``evaluation/suites/sample.yaml``; a path reads that file. Every problem is
reported as one ``SuiteError`` line naming the file, the case and the field.

Besides ``name``, ``description`` and ``cases`` a YAML suite may set:

- ``today``: the reference date of every case (a case's own ``today`` wins), so "3 weeks ago" and the order
  dates in profiles give the same answer on any day the suite is run;
- ``sources``: documents the suite must be drafted over instead of the configured index (paths relative to the
  repository root); the runner indexes them into a cache and a run skips cleanly when they are absent;
- ``brand_voice``: the company voice every ticket of the suite uses.

An expected ``behaviour`` is one of ``answer``, ``partial``, ``clarify``, ``handover``, ``decline``, or
several separated by ``|`` when more than one is right (``answer|handover``). The first one names the class the
case counts under in per-behaviour accuracy. ``escalate`` (older suites) means ``handover|partial|decline``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from datetime import date
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.jsonlines import json_lines
from assistant.types import BrandVoice, Channel, CustomerProfile, Ticket, Turn
from knowledge_base.limits import LimitExceeded, safe_yaml

SUITES_DIR = Path(__file__).resolve().parent / "suites"
MAX_SUITE_BYTES = 2_000_000
_SUITE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$")
REPO_ROOT = Path(__file__).resolve().parent.parent
Behaviour = Literal["answer", "partial", "clarify", "handover", "decline"]
BEHAVIOURS: tuple[str, ...] = ("answer", "partial", "clarify", "handover", "decline")
# The single "does not answer by itself" class of older suites, spelled out in today's classes.
LEGACY_ALIASES = {"escalate": ("handover", "partial", "decline")}


def allowed_behaviours(expected: str) -> tuple[str, ...]:
    """The behaviours an expectation accepts, in its order (``"answer|handover"`` -> ``("answer", "handover")``)."""
    out: list[str] = []
    for part in expected.split("|"):
        name = part.strip()
        out += LEGACY_ALIASES.get(name, (name,))
    unknown = [b for b in out if b not in BEHAVIOURS]
    if unknown or not out:
        raise ValueError(f"unknown behaviour {expected!r}; use {', '.join(BEHAVIOURS)} (several joined by '|')")
    return tuple(dict.fromkeys(out))


def behaviour_class(expected: str) -> str:
    """The class a case counts under in per-behaviour accuracy: its first listed behaviour."""
    return allowed_behaviours(expected)[0]


class SuiteError(ValueError):
    """A suite file that cannot be used; the message is one line for the user."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ToneExpectation(_Strict):
    emotion: str | None = Field(default=None, description="Emotion the analyser should detect in the message.")
    acknowledge: bool | None = Field(default=None, description="The reply must acknowledge the customer's feelings.")
    apology: bool | None = Field(default=None, description="The reply must (true) or must not (false) apologise.")
    min_empathy: float | None = Field(default=None, ge=0, le=1)
    min_politeness: float | None = Field(default=None, ge=0, le=1)


class Expected(_Strict):
    behaviour: str | None = Field(default=None, description="answer|partial|clarify|handover|decline, or several joined by '|'.")
    language: str | None = Field(default=None, description="ISO 639-1 code the draft must record as the message's language.")
    topic: str | None = None
    gold_docs: list[str] = Field(default_factory=list)
    facts: list[str | dict[str, str]] = Field(default_factory=list)
    must_not: list[str | dict[str, str]] = Field(default_factory=list)
    tone: ToneExpectation | None = None

    @field_validator("behaviour")
    @classmethod
    def _known_behaviour(cls, value: str | None) -> str | None:
        if value is not None:
            allowed_behaviours(value)
        return value

    @field_validator("facts", "must_not")
    @classmethod
    def _one_kind(cls, items: list[str | dict[str, str]]) -> list[str | dict[str, str]]:
        for item in items:
            if isinstance(item, dict) and (len(item) != 1 or next(iter(item)) not in ("text", "pattern", "meaning")):
                raise ValueError(f"a fact is a string or one of {{text|pattern|meaning: ...}}, not {item!r}")
        return items


class Case(_Strict):
    id: str = Field(min_length=1)
    message: str = Field(min_length=1)
    history: list[Turn] = Field(default_factory=list)
    customer: CustomerProfile | None = None
    channel: Channel = "email"
    expected: Expected = Field(default_factory=Expected)
    tags: list[str] = Field(default_factory=list)
    today: date | None = Field(default=None, description="Reference date for relative dates (else the suite's).")
    brand_voice: BrandVoice | None = None

    def ticket(self) -> Ticket:
        extra: dict[str, Any] = {}
        if self.brand_voice is not None:
            extra["brand_voice"] = self.brand_voice
        return Ticket(message=self.message, history=self.history, customer=self.customer, channel=self.channel,
                      today=self.today, **extra)


class Suite(_Strict):
    name: str
    description: str | None = None
    cases: list[Case]
    path: str | None = None
    today: date | None = None
    sources: list[str] = Field(default_factory=list)
    brand_voice: BrandVoice | None = None

    def source_paths(self) -> list[Path]:
        """The suite's ``sources`` as paths (relative ones against the repository root)."""
        return [p if p.is_absolute() else REPO_ROOT / p for p in map(Path, self.sources)]

    def missing_sources(self) -> list[Path]:
        return [p for p in self.source_paths() if not p.exists()]


def resolve_suite_path(path_or_name: str | Path) -> Path:
    path = Path(path_or_name)
    if path.exists():
        return path
    for suffix in (".yaml", ".yml", ".jsonl"):
        candidate = SUITES_DIR / f"{path_or_name}{suffix}"
        if candidate.exists():
            return candidate
    if path.suffix or "/" in str(path_or_name):
        raise SuiteError(f"suite file {path} not found")
    shipped = sorted(p.stem for p in SUITES_DIR.glob("*.y*ml")) if SUITES_DIR.exists() else []
    hint = f" (shipped suites: {', '.join(shipped)})" if shipped else ""
    raise SuiteError(f"suite {str(path_or_name)!r} not found: no such file and no evaluation/suites/{path_or_name}.yaml{hint}")


def resolve_suite_name(name: str, folders: Sequence[Path] = ()) -> Path:
    """A suite by name only, from the shipped suites or the given folders (uploads): never a path.

    Every name that is not one of those suites gets the same answer, so nothing else on disk can be probed.
    """
    if _SUITE_NAME.match(name):
        for folder in (SUITES_DIR, *folders):
            for suffix in (".yaml", ".yml", ".jsonl"):
                candidate = folder / f"{name}{suffix}"
                if candidate.is_file():
                    return candidate
    shipped = sorted(p.stem for p in SUITES_DIR.glob("*.y*ml")) if SUITES_DIR.exists() else []
    raise SuiteError(f"suite {name[:100]!r} not found: give the name of a shipped suite ({', '.join(shipped)}) "
                     "or of an uploaded suite")


def load_suite(path_or_name: str | Path) -> Suite:
    """Read and validate a suite by path or by shipped name."""
    path = resolve_suite_path(path_or_name)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SuiteError(f"{path}: cannot read: {exc}") from None
    if path.suffix == ".jsonl":
        name, raw_cases = path.stem, _jsonl_cases(path, text)
        description, settings = None, {}
    else:
        try:
            data = safe_yaml(text, max_bytes=MAX_SUITE_BYTES, what="the suite")
        except LimitExceeded as exc:
            raise SuiteError(f"{path.name}: {exc}") from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" line {mark.line + 1}" if mark else ""
            raise SuiteError(f"{path}:{where} not valid YAML: {getattr(exc, 'problem', exc)}") from None
        if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
            raise SuiteError(f"{path}: a suite is a mapping with 'name' and a list of 'cases'")
        unknown = set(data) - {"name", "description", "cases", *_SUITE_DEFAULTS}
        if unknown:
            raise SuiteError(f"{path}: unknown top-level field(s): {', '.join(sorted(unknown))}")
        name, raw_cases, description = str(data.get("name") or path.stem), data["cases"], data.get("description")
        settings = {k: data[k] for k in _SUITE_DEFAULTS if data.get(k) is not None}
    if not raw_cases:
        raise SuiteError(f"{path}: the suite has no cases")
    try:
        head = Suite.model_validate({"name": name, "cases": [], **settings})
    except ValidationError as exc:
        err = exc.errors()[0]
        raise SuiteError(f"{path}: {'.'.join(str(p) for p in err['loc'])}: {err['msg']}") from None
    defaults = {"today": head.today, "brand_voice": head.brand_voice}
    cases = [_case(path, i, raw, defaults) for i, raw in enumerate(raw_cases, start=1)]
    seen: set[str] = set()
    for case in cases:
        if case.id in seen:
            raise SuiteError(f"{path}: case id {case.id!r} appears more than once")
        seen.add(case.id)
    return Suite(name=name, description=description, cases=cases, path=str(path), **settings)


def _jsonl_cases(path: Path, text: str) -> list[Any]:
    cases = []
    for line in json_lines(text.splitlines()):
        if line.error:
            raise SuiteError(f"{path}: line {line.number}: {line.error}")
        cases.append(line.value)
    return cases


_SUITE_DEFAULTS = ("today", "sources", "brand_voice")


def _case(path: Path, index: int, raw: Any, defaults: dict[str, Any] | None = None) -> Case:
    label = f"case {index}"
    if isinstance(raw, dict) and raw.get("id"):
        label += f" (id {raw['id']!r})"
    if not isinstance(raw, dict):
        raise SuiteError(f"{path}: {label}: a case is a mapping, got {type(raw).__name__}")
    try:
        case = Case.model_validate(raw)
        for key, value in (defaults or {}).items():  # suite-wide settings fill what the case leaves out
            if value is not None and getattr(case, key) is None:
                setattr(case, key, value)
        return case
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or "case"
        raise SuiteError(f"{path}: {label}: {field}: {err['msg']}") from None
