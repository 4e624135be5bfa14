"""A customer who wrote in another language is greeted and told, in their language, that the reply is in English;
the note is no fact for the verifier to check (invented sources)."""

from __future__ import annotations

import pytest

from assistant.analysis import MessageAnalyser
from assistant.grounding.kinds import classify_sentence
from assistant.types import DraftJob, Passage, Ticket
from assistant.verification import Verifier
from models.embedders import HashingEmbedder
from models.generators.composer import ComposerGenerator

HOURS = Passage(marker=1, doc_id="hours", chunk_id="hours#0", title="Opening hours", score=0.7,
                text="Our shop in the old town opens from 09:00 to 18:00, Monday to Saturday.")


@pytest.mark.parametrize("note", [
    "Le respondo en inglés; espero que no le importe.",
    "Je vous réponds en anglais ; j'espère que cela vous convient.",
    "Ich antworte Ihnen auf Englisch; ich hoffe, das ist in Ordnung.",
    "I'm replying in English; I hope that's all right.",
])
def test_the_reply_language_note_is_not_a_claim(note: str) -> None:
    assert classify_sentence(note) == "process"


def test_a_statement_about_the_companys_languages_is_still_a_claim() -> None:
    assert classify_sentence("Our staff answer questions in English and French.") == "factual"


def test_a_spanish_message_is_greeted_and_told_of_the_english_reply_in_spanish() -> None:
    message = "Hola, ¿a qué hora abre la tienda el sábado? Gracias."
    analysis = MessageAnalyser().analyse(message).model_copy(update={"language": "es"})
    job = DraftJob(ticket=Ticket(message=message, channel="email"), analysis=analysis, passages=[HOURS],
                   behaviour="answer", evidence_ok=True)
    text = ComposerGenerator(HashingEmbedder()).generate(job).text
    assert text.startswith("Hola,")
    assert "Le respondo en inglés" in text
    result = Verifier(HashingEmbedder()).verify(text, job, [])
    assert not any("inglés" in c.sentence for c in result.factual)


def test_a_spanish_chat_greeting_opens_its_exclamation() -> None:
    message = "Hola, ¿abren el sábado?"
    analysis = MessageAnalyser().analyse(message).model_copy(update={"language": "es"})
    job = DraftJob(ticket=Ticket(message=message, channel="chat"), analysis=analysis, passages=[HOURS],
                   behaviour="answer", evidence_ok=True)
    assert ComposerGenerator(HashingEmbedder()).generate(job).text.startswith("¡Hola!")
