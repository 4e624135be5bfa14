"""Does the draft's acknowledgement name the customer's actual problem?

The acknowledgement is the draft's own opening words after the greeting, before the first sentence that cites
a source ("I'm sorry your mugs arrived broken"). One about something else ("I know how worrying questions about
your promo code can be" to a customer asking about a phone scam) is what an agent rewrites before sending, so
confidence measures it: the embedder's cosine between the message and the acknowledgement. Sentences with a
digit are left out (they state order facts, not feelings), as is a greeting line.
"""

from __future__ import annotations

import re

import numpy as np

from assistant.grounding.citations import cited_markers
from assistant.grounding.sentences import split_sentences
from assistant.protocols import Embedder

_GREETING = re.compile(r"^\s*(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|greetings)\b[^.!?]{0,40}[,!.]?\s*$",
                       re.I)
_GREETING_HEAD = re.compile(r"^\s*(?:hi|hello|hey|dear)\b[^,!.?]{0,40}[,!]\s*", re.I)


def acknowledgement(text: str) -> str:
    """The draft's own words before its first cited sentence, greeting and order facts left out.

    '' when there are none, or when no sentence cites a source (then nothing marks where the acknowledgement ends).
    """
    out: list[str] = []
    for sentence in split_sentences(text):
        if cited_markers(sentence):
            return " ".join(s for s in out if s)
        if _GREETING.match(sentence) or any(ch.isdigit() for ch in sentence):
            continue
        out.append(_GREETING_HEAD.sub("", sentence, count=1).strip())
    return ""


def acknowledgement_match(embedder: Embedder, message: str, text: str) -> float | None:
    """Cosine between the customer's message and the draft's acknowledgement; None when the draft has none."""
    ack = acknowledgement(text)
    if not ack or not message.strip():
        return None
    vecs = np.asarray(embedder.embed_documents([message[:500], ack]), dtype=np.float32)
    norms = np.linalg.norm(vecs, axis=1)
    if not norms.all():
        return None
    return round(float(vecs[0] @ vecs[1] / (norms[0] * norms[1])), 4)
