"""Quality gates: thresholds on a run's summary and tolerated drops against a baseline run.

GATE.yaml::

    min: {groundedness: 0.8, empathy: 0.6}        # summary metric must be >= value
    min: {behaviour_accuracy.*: 0.9}              # ".*": every summary metric under that prefix (one per class)
    max: {unsupported_claims_per_case: 0.1}       # summary metric must be <= value
    max_drop: {groundedness: 0.03}                # baseline - current must be <= value (needs --baseline)
    max_rise: {latency_total_p95_ms: 500}         # current - baseline must be <= value (for lower-is-better metrics)
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

GATES_DIR = Path(__file__).resolve().parent / "gates"
_SECTIONS = ("min", "max", "max_drop", "max_rise")


class GateError(ValueError):
    """A gate file that cannot be used; the message is one line for the user."""


@dataclass
class Gate:
    min: dict[str, float] = field(default_factory=dict)
    max: dict[str, float] = field(default_factory=dict)
    max_drop: dict[str, float] = field(default_factory=dict)
    max_rise: dict[str, float] = field(default_factory=dict)
    path: str | None = None


@dataclass
class GateCheck:
    rule: str  # "min", "max", "max_drop" or "max_rise"
    metric: str
    limit: float
    value: float | None  # the run's value (or the change against the baseline)
    passed: bool
    message: str


@dataclass
class GateResult:
    passed: bool
    checks: list[GateCheck] = field(default_factory=list)

    @property
    def failures(self) -> list[GateCheck]:
        return [c for c in self.checks if not c.passed]

    def to_dict(self) -> dict[str, Any]:
        return {"passed": self.passed, "checks": [asdict(c) for c in self.checks]}


def load_gate(path_or_name: str | Path) -> Gate:
    """Read a gate file by path, or a shipped one by name (``default`` -> ``evaluation/gates/default.yaml``)."""
    path = Path(path_or_name)
    if not path.exists():
        shipped = GATES_DIR / f"{path_or_name}.yaml"
        if not shipped.exists():
            raise GateError(f"gate file {str(path_or_name)!r} not found")
        path = shipped
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise GateError(f"{path}: cannot read gate: {exc}".splitlines()[0]) from None
    if not isinstance(data, dict):
        raise GateError(f"{path}: a gate is a mapping with sections {', '.join(_SECTIONS)}")
    unknown = set(data) - set(_SECTIONS)
    if unknown:
        raise GateError(f"{path}: unknown gate section(s) {', '.join(sorted(unknown))}; use {', '.join(_SECTIONS)}")
    sections: dict[str, dict[str, float]] = {}
    for name in _SECTIONS:
        raw = data.get(name) or {}
        if not isinstance(raw, dict):
            raise GateError(f"{path}: '{name}' must map metric names to numbers")
        for metric, value in raw.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise GateError(f"{path}: {name}.{metric} must be a number, got {value!r}")
        sections[name] = {str(k): float(v) for k, v in raw.items()}
    return Gate(**sections, path=str(path))


def evaluate_gate(gate: Gate, summary: dict[str, Any], baseline: dict[str, Any] | None = None) -> GateResult:
    """Check ``summary`` (a run's flat metric summary) against ``gate``; drops need the ``baseline`` summary."""
    checks: list[GateCheck] = []
    skipped = set(summary.get("not_applicable") or ())
    for rule, op, limits in (("min", ">=", gate.min), ("max", "<=", gate.max)):
        for pattern, limit in limits.items():
            if pattern in skipped:
                checks.append(GateCheck(rule, pattern, limit, None, True,
                                        f"{pattern}: not applicable (no case of this suite asks for it), not checked"))
                continue
            for metric in _expand(pattern, summary):
                value = _number(summary.get(metric))
                ok = value is not None and (value >= limit if rule == "min" else value <= limit)
                checks.append(GateCheck(rule, metric, limit, value, ok, _msg(metric, value, op, limit)))
    for rule, sign in (("max_drop", -1.0), ("max_rise", 1.0)):
        for metric, limit in getattr(gate, rule).items():
            if metric in skipped:
                checks.append(GateCheck(rule, metric, limit, None, True, f"{metric}: not applicable, not checked"))
                continue
            if baseline is None:
                checks.append(GateCheck(rule, metric, limit, None, True, f"{metric}: no baseline given, not checked"))
                continue
            now, before = _number(summary.get(metric)), _number(baseline.get(metric))
            if now is None or before is None:
                missing = "this run" if now is None else "the baseline"
                checks.append(GateCheck(rule, metric, limit, None, False, f"{metric}: missing from {missing}"))
                continue
            change = round(sign * (now - before), 6)
            word = "dropped" if sign < 0 else "rose"
            ok = change <= limit + 1e-12
            checks.append(GateCheck(rule, metric, limit, change, ok,
                                    f"{metric} {word} by {change:.4g} ({before:.4g} -> {now:.4g}); tolerated {limit:.4g}"))
    return GateResult(passed=all(c.passed for c in checks), checks=checks)


def _expand(pattern: str, summary: dict[str, Any]) -> list[str]:
    """``"behaviour_accuracy.*"`` -> every summary key under that prefix (the pattern itself when none, so it fails)."""
    if not pattern.endswith(".*"):
        return [pattern]
    prefix = pattern[:-1]
    return sorted(k for k in summary if k.startswith(prefix)) or [pattern]


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        return None
    return float(value)


def _msg(metric: str, value: float | None, op: str, limit: float) -> str:
    if value is None:
        return f"{metric}: not in this run's summary"
    return f"{metric} = {value:.4g} (must be {op} {limit:.4g})"
