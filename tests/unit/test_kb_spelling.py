"""Typo-robust search: misspelt query words become the documents' words; known and English words stay as written."""

from __future__ import annotations

from pathlib import Path

from assistant.settings import KnowledgeBaseSettings, RetrievalSettings
from knowledge_base.live import LiveIndex
from knowledge_base.retriever import HybridRetriever
from knowledge_base.spelling import Speller
from knowledge_base.sync import sync
from models.embedders import HashingEmbedder

# an invented company: its words are not the sample's
DOCS = {
    "kayaks.md": "# Kayak rentals\n\nA kayak rental lasts four hours. Paddles and buoyancy vests are included.\n",
    "refunds.md": "# Refunds\n\nRefunds for cancelled excursions reach your card within ten days.\n",
    "storage.md": "# Winter storage\n\nWe keep your canoe in a heated boathouse from November to March.\n",
}


def test_misspelt_words_become_the_documents_words() -> None:
    speller = Speller.from_texts(DOCS.values())
    assert speller.correct("how long does a kayk rentl last?") == "how long does a kayak rental last?"
    assert speller.correct("Refnds for cancelled excrusions") == "Refunds for cancelled excursions"  # swapped letters
    assert speller.correct("BOATHOSUE") == "BOATHOUSE"  # capitals kept


def test_known_and_english_words_are_left_alone() -> None:
    speller = Speller.from_texts(DOCS.values())
    text = "Can my sneakers and surfboard stay in the boathouse? I shouldn't pay twice, order NW-1044 kayak.example"
    assert speller.correct(text) == text  # English words the documents never use are what the customer meant
    assert speller.suggestion("qwzx") is None  # nothing close: no guess
    assert speller.correct("Thanks, Kayk here. Kayk rentl?") == "Thanks, Kayk here. Kayak rental?"  # a name stays


def test_retrieval_finds_the_document_despite_typos(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in DOCS.items():
        (docs / name).write_text(text)
    embedder = HashingEmbedder()
    sync([docs], tmp_path / "index", embedder, settings=KnowledgeBaseSettings())
    retriever = HybridRetriever(LiveIndex(tmp_path / "index", embedder), embedder, RetrievalSettings())
    typo = retriever.retrieve("wintr storgae for my cnoe", k=1)
    assert typo and typo[0].chunk.doc_id.startswith("storage")
    # the misspelt query is searched as the correct one: the same hits with the same scores
    right = retriever.retrieve("winter storage for my canoe", k=3)
    assert [(h.chunk.chunk_id, h.score) for h in retriever.retrieve("wintr storgae for my cnoe", k=3)] == [
        (h.chunk.chunk_id, h.score) for h in right]


def test_a_shorthand_is_read_as_the_documents_long_word_only_where_they_use_it() -> None:
    speller = Speller.from_texts(["Christmas rates apply from 18 December.", "Open tomorrow from 9am."])
    assert speller.correct("how much is it over xmas? r u open tmrw") == "how much is it over christmas? r u open tomorrow"
    assert Speller.from_texts(["Holiday rates apply."]).correct("how much over xmas") == "how much over xmas"
