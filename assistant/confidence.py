"""Confidence: how likely an agent is to send a draft unchanged, from signals the pipeline measures.

A small logistic model over a handful of features (``FEATURES``), fitted on drafts a demanding team lead judged
good / needs-edit / bad (``evaluation/labels/confidence.yaml``) by ``scripts/fit_confidence.py``; its weights are
in ``confidence_model.json`` beside this module. Probabilities are not re-balanced: 0.7 means that about 70% of
drafts like this one were judged good (the reliability table of ``caredraft eval confidence`` checks it).

Features (answer-side ones are 0 for drafts that do not answer from the sources, whose behaviour indicator
carries them):

- behaviour indicators (``partial``, ``clarify``, ``handover``, ``decline``; ``answer`` is the baseline);
- ``coverage``: share of the customer's asks answered by a cited sentence that bears that kind of answer;
- ``ask_match``: for the worst-served ask, the cosine between the ask and the best cited sentence of the draft
  (a weak best match means the draft talks about something else); ``stray_match``: the cited sentence least
  related to any ask (an off-topic sentence); ``lead_match``: the first cited sentence against the first ask
  (the answer comes first);
- ``min_support``: the verifier's support of the draft's weakest factual sentence;
- ``retrieval``: the best public passage's score (for an answer);
- ``certainty``: how sure the behaviour rule was;
- ``dates_unapplied``: the customer gave dates and no window of the sources was applied to them;
- ``serious_flags`` / ``needs_input``: verifier flags on facts, promises, citations or internal text, and (for
  an answer) the flag that the agent must supply something;
- ``procedural``: the best sources are staff procedure; ``foreign``: the message is not in English;
- ``extra_sentences``: cited sentences beyond one per ask (capped at 4): a reply longer than the message needs
  usually carries a line that serves no ask;
- ``copy_residue``: cited sentences that still carry the source's formatting (a page title glued on, " , "
  spacing, stray quotes, markup, a masked value, "listed above"), capped at 3 (``assistant.copy_residue``);
- ``ack_mismatch``: for an answer, how far the acknowledgement's cosine with the message falls under
  ``ACK_FLOOR`` (0 when it clears it or the draft has none; ``assistant.acknowledgement_match``): an
  acknowledgement about another problem is rewritten before sending;
- ``length``: log(1 + words) of the draft, for every behaviour: the longer a draft, the more lines an agent
  has to check and trim; drafts sent unchanged are short and to the point (on the labelled drafts it added
  about 0.02 to cross-validated ROC AUC and 0.025 held out per knowledge base).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.grounding.calibration import LogisticModel
from assistant.types import Flag

MODEL_PATH = Path(__file__).with_name("confidence_model.json")
SERIOUS = frozenset({"unsupported_claim", "unsupported_promise", "bad_citation", "internal_content"})
ANSWERING = ("answer", "partial")
FEATURES: tuple[str, ...] = (
    "partial", "clarify", "handover", "decline", "coverage", "ask_match", "stray_match", "lead_match", "min_support",
    "retrieval", "certainty", "dates_unapplied", "serious_flags", "needs_input", "procedural", "foreign",
    "extra_sentences", "copy_residue", "ack_mismatch", "length",
)
ACK_FLOOR = 0.5
# Under the model's threshold a draft carries the ``low_confidence`` flag. The fit chooses it from the labelled
# set (``scripts/fit_confidence.py``): the highest confidence under which almost no draft (``FLAG_MAX_GOOD``) was
# sent unchanged, so the flag says "this one needs rewriting", not "most drafts". ``LOW_CONFIDENCE`` is the
# fallback for a model fitted without one.
LOW_CONFIDENCE = 0.4
FLAG_MAX_GOOD = 0.05
MAX_EXTRA = 4
MAX_RESIDUE = 3


@dataclass(frozen=True)
class Signals:
    """What decides whether an agent sends a draft unchanged, as the pipeline measured it."""

    behaviour: str
    certainty: float  # how sure the behaviour rule was
    retrieval: float  # best public passage score
    support: float  # verifier's supported share of factual sentences
    asks: int | None = None  # asks in the message (None: the generator does not say)
    answered: int | None = None  # asks a cited answer-bearing source sentence answers
    cited: int = 0
    facts_applied: bool | None = None
    facts_stated: bool | None = None  # the customer gave dates the policy's windows could apply to
    language: str = "en"
    procedural: bool = False
    ask_match: float | None = None  # worst ask's best cosine with a cited sentence (None: not measured)
    stray_match: float | None = None  # the least related cited sentence's best cosine with an ask
    lead_match: float | None = None  # the first cited sentence's cosine with the first ask
    min_support: float = 1.0  # weakest factual sentence's support
    cited_sentences: int = 0  # sentences of the draft that cite a source
    residue: int = 0  # cited sentences with copy residue (``assistant.copy_residue``)
    residue_kinds: tuple[str, ...] = ()
    ack_match: float | None = None  # the acknowledgement's cosine with the message (None: no acknowledgement)
    words: int = 0  # words in the draft (0: not measured)


def features(s: Signals, flags: Sequence[Flag]) -> dict[str, float]:
    """The model's inputs, by name (the order of ``FEATURES``)."""
    answering = s.behaviour in ANSWERING
    types = [f.type for f in flags]
    if not answering:
        coverage = 0.0
    elif s.asks:
        coverage = min(1.0, (s.answered or 0) / s.asks)
    elif s.asks == 0:
        coverage = 1.0  # a note that asks nothing: nothing left unanswered
    else:
        coverage = 1.0 if s.cited else 0.0  # the generator does not count asks: a cited answer is the best sign
    def match(value: float | None) -> float:
        if not answering:
            return 0.0
        if value is not None:
            return max(0.0, min(1.0, value))
        return 1.0 if s.asks == 0 else 0.0  # a note that asks nothing has nothing to match

    return {
        "partial": float(s.behaviour == "partial"),
        "clarify": float(s.behaviour == "clarify"),
        "handover": float(s.behaviour == "handover"),
        "decline": float(s.behaviour == "decline"),
        "coverage": coverage,
        "ask_match": match(s.ask_match),
        "stray_match": match(s.stray_match),
        "lead_match": match(s.lead_match),
        "min_support": max(0.0, min(1.0, s.min_support)) if answering else 0.0,
        "retrieval": max(0.0, min(1.0, s.retrieval)) if answering else 0.0,
        "certainty": max(0.0, min(1.0, s.certainty)),
        "dates_unapplied": float(bool(s.facts_stated) and not s.facts_applied and answering),
        "serious_flags": float(min(3, sum(t in SERIOUS for t in types))),
        # a question back or a hand-over always needs the agent: the flag only says something about an answer
        "needs_input": float("needs_agent_input" in types and answering),
        "procedural": float(s.procedural),
        "foreign": float(s.language not in ("en", "und")),
        # one cited sentence per ask is what an answer needs; a hand-over or question back needs none beyond one
        "extra_sentences": float(min(MAX_EXTRA, max(0, s.cited_sentences - max(1, s.asks or 0)))),
        "copy_residue": float(min(MAX_RESIDUE, s.residue)),
        "ack_mismatch": (max(0.0, ACK_FLOOR - s.ack_match) / ACK_FLOOR
                         if answering and s.ack_match is not None else 0.0),
        "length": math.log1p(max(0, s.words)),
    }


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> LogisticModel:
    try:
        model = LogisticModel.from_json(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise RuntimeError(f"confidence model {path} cannot be read ({exc}); run scripts/fit_confidence.py") from None
    if model.features != FEATURES:
        raise RuntimeError(f"confidence model {path} has features {model.features}, the code computes {FEATURES}; "
                           "refit it with scripts/fit_confidence.py")
    return model


def low_confidence_threshold(model: LogisticModel | None = None) -> float:
    """The confidence under which a draft is flagged (the model's, chosen at fitting)."""
    model = model or load_model()
    flag = (model.meta or {}).get("low_confidence") or {}
    value = flag.get("threshold")
    return float(value) if isinstance(value, (int, float)) else LOW_CONFIDENCE


def low_confidence_message(confidence: float, model: LogisticModel | None = None) -> str:
    """The flag's words: what such a score meant on the labelled drafts."""
    model = model or load_model()
    flag = (model.meta or {}).get("low_confidence") or {}
    share = flag.get("share_good_below")
    seen = (f"; of the labelled drafts scored under {flag['threshold']:.2f}, {share:.0%} were sent unchanged"
            if isinstance(share, (int, float)) and isinstance(flag.get("threshold"), (int, float)) else "")
    return f"Confidence {confidence:.2f}: expect to rewrite this draft{seen}."


def confidence_score(signals: Signals, flags: Sequence[Flag], model: LogisticModel | None = None
                     ) -> tuple[float, list[str]]:
    """Probability that the draft is sent as written, and the reasons (what weighs most first)."""
    model = model or load_model()
    values = features(signals, flags)
    x = [values[name] for name in model.features]
    probability = model.probability(x)
    contributions = {name: c * (v - m) / sc for name, c, v, m, sc in
                     zip(model.features, model.coef, x, model.mean, model.scale)}
    return round(probability, 3), reasons(signals, values, contributions)


def reasons(s: Signals, values: dict[str, float], contributions: dict[str, float]) -> list[str]:
    """Plain reasons for the agent: the behaviour, then each feature that moved the score, largest effect first."""
    out = [_behaviour_reason(s)]
    worded: list[tuple[float, str]] = []
    for name, effect in contributions.items():
        text = _word(name, s, values)
        if text and abs(effect) >= 0.05:
            worded.append((effect, text + (" (+)" if effect > 0 else " (−)")))
    worded.sort(key=lambda item: item[0])  # what lowers confidence first: that is what the agent must check
    out += [text for _, text in worded[:5]]
    return out


def _behaviour_reason(s: Signals) -> str:
    if s.behaviour in ANSWERING:
        head = "partial answer: the agent follows up on the rest" if s.behaviour == "partial" else "answers from the sources"
        return head
    sure = "sure" if s.certainty >= 0.8 else "likely" if s.certainty >= 0.6 else "unsure"
    return f"{s.behaviour} ({sure})"


def _word(name: str, s: Signals, v: dict[str, float]) -> str | None:
    answering = s.behaviour in ANSWERING
    if name == "coverage" and answering:
        if s.asks:
            return f"{s.answered or 0} of {s.asks} questions answered by a cited source sentence"
        return "the message asks nothing" if s.asks == 0 else ("answers from cited sources" if s.cited else "no sentence cites a source")
    if name == "ask_match" and answering and s.ask_match is not None:
        quality = "strong" if s.ask_match >= 0.6 else "fair" if s.ask_match >= 0.45 else "weak: it may answer something else"
        return f"match between the question and its best cited answer {s.ask_match:.2f} ({quality})"
    if name == "stray_match" and answering and s.stray_match is not None and s.stray_match < 0.35:
        return f"a cited sentence barely relates to the question ({s.stray_match:.2f}): check for an off-topic line"
    if name == "lead_match" and answering and s.lead_match is not None and s.lead_match < 0.45:
        return f"the first cited sentence is not the direct answer ({s.lead_match:.2f})"
    if name == "min_support" and answering:
        return f"weakest factual sentence supported at {s.min_support:.2f} ({s.support:.0%} of them backed)"
    if name == "retrieval" and answering:
        return f"best source match {s.retrieval:.2f}"
    if name == "certainty" and not answering:
        return f"behaviour rule certainty {s.certainty:.2f}"
    if name == "dates_unapplied" and v[name]:
        return "the customer gave dates that no policy window was applied to"
    if name == "serious_flags" and v[name]:
        return f"{int(v[name])} verifier flag(s) on facts, promises or citations"
    if name == "needs_input" and v[name]:
        return "needs the agent's input"
    if name == "procedural" and v[name]:
        return "the sources are staff procedure: check the wording"
    if name == "extra_sentences" and v[name]:
        asked = max(1, s.asks or 0)
        return (f"{s.cited_sentences} cited sentences for {asked} question{'s' if asked > 1 else ''}: "
                "check for lines that serve no question")
    if name == "copy_residue" and v[name]:
        return f"{s.residue} sentence(s) keep the source's formatting ({', '.join(s.residue_kinds)}): tidy them"
    if name == "ack_mismatch" and v[name] and s.ack_match is not None:
        return f"the acknowledgement barely matches the message ({s.ack_match:.2f}): it may name another problem"
    if name == "length" and s.words:
        return f"{s.words} words: a long draft has more to check and trim"
    if name == "foreign" and v[name]:
        return f"message in '{s.language}': the reply needs the agent's language"
    return None


def signals_dict(s: Signals) -> dict[str, Any]:
    """The signals as plain JSON values (recorded with the draft, for fitting and for the agent)."""
    return {k: (round(v, 4) if isinstance(v, float) and math.isfinite(v) else v) for k, v in asdict(s).items()}
