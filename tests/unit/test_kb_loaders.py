"""Every loader, on small fixture files written here, plus the real ABCD manual read in place."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from knowledge_base.errors import SourceNotFound
from knowledge_base.loaders import load_sources

DATASETS = Path(__file__).resolve().parents[2].parent / "shared" / "datasets"


def _load(*paths: Path):  # noqa: ANN202
    return load_sources(list(paths))


def test_markdown_front_matter(tmp_path: Path) -> None:
    (tmp_path / "returns.md").write_text(
        "---\ndoc_id: returns-policy\ntitle: Returns\nurl: https://x.example/returns\neffective_date: 2026-02-01\n"
        "tags: [returns, refunds]\naudience: internal\n---\n# Returns\n\nReturn within 30 days.\n"
    )
    docs, skipped = _load(tmp_path)
    assert skipped == []
    (doc,) = docs
    assert doc.doc_id == "returns-policy" and doc.title == "Returns"
    assert doc.url == "https://x.example/returns"
    assert doc.effective_date == date(2026, 2, 1)
    assert doc.tags == ("returns", "refunds") and doc.audience == "internal"
    assert "---" not in doc.text and "Return within 30 days." in doc.text


def test_markdown_defaults_to_stem_and_heading(tmp_path: Path) -> None:
    (tmp_path / "care-guide.md").write_text("# Caring for wool\n\nHand wash cold.\n")
    (doc,), _ = _load(tmp_path)
    assert doc.doc_id == "care-guide" and doc.title == "Caring for wool" and doc.audience == "public"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("---\ntitle: [unclosed\n---\nbody\n", "bad front matter"),
        ("---\naudience: everyone\n---\nbody\n", "audience"),
        ("---\neffective_date: next tuesday\n---\nbody\n", "effective_date"),
        ("---\ntitle: x\nbody without end\n", "no closing"),
    ],
)
def test_markdown_bad_front_matter_is_skipped(tmp_path: Path, content: str, reason: str) -> None:
    (tmp_path / "bad.md").write_text(content)
    (tmp_path / "good.md").write_text("# Good\n\nFine text.\n")
    docs, skipped = _load(tmp_path)
    assert [d.doc_id for d in docs] == ["good"]
    assert len(skipped) == 1 and skipped[0].path.endswith("bad.md") and reason in skipped[0].reason


def test_html_text_only_with_sections_and_meta(tmp_path: Path) -> None:
    (tmp_path / "shipping.html").write_text(
        """<html><head><title>Shipping times</title>
        <meta name="caredraft:doc_id" content="shipping-times">
        <meta name="caredraft:effective_date" content="2026-03-01">
        <meta name="caredraft:tags" content="shipping, delivery">
        <meta name="caredraft:audience" content="public">
        <link rel="canonical" href="https://x.example/shipping">
        <script>var tracking = "SECRET_SCRIPT";</script><style>.a{color:red}</style></head>
        <body><header>Site header</header><nav>Home | Shop</nav>
        <h1>Shipping times</h1><p>Standard delivery takes 3-5 business days.</p>
        <h2>Express</h2><ul><li>Next day before 2 pm.</li><li>Costs $12.</li></ul>
        <aside>Related links</aside><footer>Copyright</footer></body></html>"""
    )
    (doc,), skipped = _load(tmp_path)
    assert skipped == []
    assert doc.doc_id == "shipping-times" and doc.title == "Shipping times"
    assert doc.url == "https://x.example/shipping" and doc.effective_date == date(2026, 3, 1)
    assert doc.tags == ("shipping", "delivery")
    for hidden in ("SECRET_SCRIPT", "color:red", "Site header", "Home | Shop", "Related links", "Copyright"):
        assert hidden not in doc.text
    assert "## Express" in doc.text and "- Next day before 2 pm." in doc.text
    assert "Standard delivery takes 3-5 business days." in doc.text


def test_plain_text_with_sidecar(tmp_path: Path) -> None:
    (tmp_path / "hours.txt").write_text("Support hours\n\nWe answer from 8 am to 8 pm, Monday to Saturday.\n")
    (tmp_path / "hours.txt.meta.yaml").write_text("doc_id: support-hours\ntags: [contact]\naudience: internal\n")
    docs, skipped = _load(tmp_path)
    assert skipped == [] and len(docs) == 1  # the sidecar is not a document itself
    doc = docs[0]
    assert doc.doc_id == "support-hours" and doc.title == "Support hours"
    assert doc.tags == ("contact",) and doc.audience == "internal"


def test_pdf_with_title_metadata_and_sidecar(tmp_path: Path) -> None:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.set_title("Warranty terms")
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 8, "Every appliance carries a 2-year warranty. Repairs take 10 business days.")
    pdf.output(str(tmp_path / "warranty.pdf"))
    (tmp_path / "warranty.pdf.meta.yaml").write_text("url: https://x.example/warranty\neffective_date: 2026-01-15\n")
    (doc,), skipped = _load(tmp_path)
    assert skipped == []
    assert doc.doc_id == "warranty" and doc.title == "Warranty terms"
    assert "2-year warranty" in doc.text and doc.url == "https://x.example/warranty"
    assert doc.effective_date == date(2026, 1, 15)


def test_broken_pdf_binary_empty_and_undecodable_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "empty.md").write_text("   \n")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9 prices".encode("latin-1"))
    (tmp_path / "ok.md").write_text("# OK\n\nStill indexed.\n")
    docs, skipped = _load(tmp_path)
    assert [d.doc_id for d in docs] == ["ok"]
    reasons = {Path(s.path).name: s.reason for s in skipped}
    assert "PDF" in reasons["broken.pdf"]
    assert "binary" in reasons["image.txt"]
    assert "empty" in reasons["empty.md"]
    assert "UTF-8" in reasons["latin1.txt"]


def test_faq_csv_one_document_per_row(tmp_path: Path) -> None:
    (tmp_path / "faq.csv").write_text(
        "question,answer,tags,doc_id\n"
        "How long is shipping?,Standard shipping takes 3-5 business days.,shipping,\n"
        "Can I pay with PayPal?,\"Yes, PayPal is accepted.\",payments,faq-paypal\n"
        "Missing answer,,x,\n"
    )
    docs, skipped = _load(tmp_path)
    assert [d.doc_id for d in docs] == ["faq-1", "faq-paypal"]
    assert docs[0].title == "How long is shipping?" and docs[0].text == "Standard shipping takes 3-5 business days."
    assert docs[1].tags == ("payments",)
    assert len(skipped) == 1 and skipped[0].path.endswith("faq.csv:3")


def test_csv_without_faq_columns_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "prices.csv").write_text("sku,price\nA1,3\n")
    docs, skipped = _load(tmp_path)
    assert docs == [] and "question" in skipped[0].reason


def test_faq_json_rows_with_sidecar_defaults(tmp_path: Path) -> None:
    rows = [{"question": "Do gift cards expire?", "answer": "No, gift cards never expire."},
            {"question": "Can I reload a card?", "answer": "Yes, online.", "url": "https://x.example/gc"}]
    (tmp_path / "giftcards.json").write_text(json.dumps({"faqs": rows}))
    (tmp_path / "giftcards.json.meta.yaml").write_text("tags: [gift-cards]\nurl: https://x.example/faq\n")
    docs, skipped = _load(tmp_path)
    assert skipped == []
    assert [d.doc_id for d in docs] == ["giftcards-1", "giftcards-2"]
    assert docs[0].title == "Do gift cards expire?" and docs[0].tags == ("gift-cards",)
    assert docs[0].url == "https://x.example/faq" and docs[1].url == "https://x.example/gc"


def test_jsonl_documents_and_bad_lines(tmp_path: Path) -> None:
    (tmp_path / "docs.jsonl").write_text(
        json.dumps({"doc_id": "a", "title": "Alpha", "text": "First text.", "tags": ["x"]}) + "\n"
        "{not json\n" + json.dumps({"title": "No id", "text": "Second text."}) + "\n" + json.dumps({"title": "t"}) + "\n"
    )
    docs, skipped = _load(tmp_path)
    assert [(d.doc_id, d.title) for d in docs] == [("a", "Alpha"), ("docs-3", "No id")]
    assert {s.path.rsplit(":", 1)[1] for s in skipped} == {"2", "4"}


def test_nested_guideline_manual(tmp_path: Path) -> None:
    manual = {"Refunds": {"description": "refund questions", "subflows": {"Initiate Refund": {
        "instructions": ["Ask for the reason."],
        "actions": [{"type": "interaction", "button": "Pull up Account", "text": "Click [Pull up Account]",
                     "subtext": ["Ask for the full name"]}]}}}}
    (tmp_path / "manual.json").write_text(json.dumps(manual))
    (doc,), skipped = _load(tmp_path)
    assert skipped == []
    assert doc.doc_id == "manual-refunds-initiate-refund" and doc.title == "Refunds: Initiate Refund"
    assert doc.audience == "internal" and "refunds" in doc.tags
    assert "## Instructions" in doc.text and "Click [Pull up Account]" in doc.text and "- Ask for the full name." in doc.text


def test_abcd_guidelines_read_in_place() -> None:
    path = DATASETS / "abcd" / "guidelines.json"
    if not path.exists():
        pytest.skip(f"external dataset not present at {path}")
    docs, skipped = _load(path)
    assert skipped == []
    assert len(docs) == sum(len(f["subflows"]) for f in json.loads(path.read_text()).values())
    assert all(d.audience == "internal" for d in docs)
    assert len({d.doc_id for d in docs}) == len(docs)
    assert any(d.title == "Account Access: Reset Two-Factor Auth" for d in docs)


def test_walk_is_sorted_recursive_and_ignores_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.md").write_text("# Z\n\nz.")
    (tmp_path / "a.md").write_text("# A\n\na.")
    (tmp_path / ".hidden.md").write_text("# H\n\nh.")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.md").write_text("# X\n\nx.")
    docs, skipped = _load(tmp_path)
    assert [d.doc_id for d in docs] == ["a", "z"] and skipped == []


def test_duplicate_doc_id_keeps_first(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\ndoc_id: same\n---\n# A\n\na.")
    (tmp_path / "b.md").write_text("---\ndoc_id: same\n---\n# B\n\nb.")
    docs, skipped = _load(tmp_path)
    assert [d.title for d in docs] == ["A"]
    assert "duplicate doc_id 'same'" in skipped[0].reason


def test_unsupported_type_reported_and_missing_source_raises(tmp_path: Path) -> None:
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    docs, skipped = _load(tmp_path)
    assert docs == [] and "unsupported" in skipped[0].reason
    with pytest.raises(SourceNotFound, match="nope"):
        load_sources([tmp_path / "nope"])


def test_pdf_headings_become_sections(tmp_path: Path) -> None:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in ["Repairs guide", "", "1. Warranty periods", "Small electronics are covered for 1 year.",
                 "2. How to claim", "Start a claim online with your order number."]:
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "guide.pdf"))
    (doc,), _ = _load(tmp_path)
    assert "## 1. Warranty periods" in doc.text and "## 2. How to claim" in doc.text
    assert "## Small electronics" not in doc.text
