"""Generate the sample knowledge base's PDF document (Northwind Goods warranty and repairs terms).

Run ``python scripts/make_sample_pdf.py`` after editing the text below; the generated PDF and this script
are committed, the loader reads the PDF's text. Output is deterministic (fixed creation date), so
regenerating an unchanged document does not change its content hash.
"""

from __future__ import annotations

import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from fpdf import FPDF

OUTPUT = Path(__file__).resolve().parent.parent / "knowledge_base" / "sample" / "warranty-terms.pdf"
TITLE = "Warranty and repairs terms"

# (heading, paragraphs); a paragraph starting with "- " is a bullet item.
SECTIONS: list[tuple[str, list[str]]] = [
    (
        "About these terms",
        [
            "These terms explain the limited warranty that Northwind Goods, Inc. gives on Northwind-brand "
            "products bought from northwindgoods.example, and how to get a product repaired or replaced. "
            "They apply to products delivered on or after June 1, 2026. This warranty is in addition to your "
            "rights under consumer law, which it does not limit.",
        ],
    ),
    (
        "1. Warranty periods",
        [
            "The warranty starts on the delivery date of your order and lasts:",
            "- Northwind Tech small electronics (headphones, speakers, chargers, power banks, smart plugs): 1 year.",
            "- Northwind Home appliances and cookware (kettles, toasters, lamps, cast iron pans): 2 years.",
            "- Northwind footwear, including the Trail Runner 2 (product code NW-TR2): 6 months against "
            "manufacturing defects such as sole separation or failed seams.",
            "- Rechargeable batteries in Northwind Tech products: 1 year. A battery that holds less than 70% "
            "of its original capacity within the first year counts as a defect.",
            "Products from other brands are covered by their manufacturer's warranty. During our return window "
            "(30 days, 60 days for Northwind Plus members, 15 days for opened electronics) you can return a "
            "faulty product to us instead; after that, we will help you contact the manufacturer.",
        ],
    ),
    (
        "2. What is covered",
        [
            "The warranty covers defects in materials and workmanship that appear during normal household use: "
            "a product that stops working, does not charge, or has parts that break without misuse.",
        ],
    ),
    (
        "3. What is not covered",
        [
            "- Accidental damage, such as drops, cracked screens or crushed parts.",
            "- Liquid damage, unless the product is sold as water-resistant and was used within its rating.",
            "- Normal wear and tear, including worn soles, faded colours and cosmetic scratches.",
            "- Consumable parts such as ear tips, filters and bulbs.",
            "- Damage caused by repairs or modifications made by anyone other than Northwind Goods or our "
            "authorised repair partner.",
            "- Products used for commercial or rental purposes, and products bought from other retailers.",
            "- Lost or stolen products.",
        ],
    ),
    (
        "4. How to make a warranty claim",
        [
            "Start a claim at https://help.northwindgoods.example/warranty/claim. You will need your order "
            "number (it starts with NW-), the product's serial number (printed on the product or its box and "
            "starting with NT- for Northwind Tech products), a short description of the fault and, where "
            "possible, a photo or short video.",
            "We review claims within 2 business days. If your claim is accepted we e-mail you a free prepaid "
            "shipping label. Please back up and erase any personal data before sending a device. You do not "
            "need to send chargers or cables unless we ask for them.",
        ],
    ),
    (
        "5. Repair, replacement or refund",
        [
            "We repair or replace the product within 10 business days of receiving it and ship it back to you "
            "free of charge. If a product cannot be repaired and the same model is no longer available, we "
            "offer an equivalent or newer model, or a refund of the price you paid to your original payment "
            "method.",
            "A repaired or replacement product is covered for the rest of the original warranty period or for "
            "90 days, whichever is longer.",
        ],
    ),
    (
        "6. Out-of-warranty repairs",
        [
            "Northwind Tech products that are out of warranty or damaged accidentally can be repaired for a "
            "fee. We charge a $39 diagnostic fee, and then send you a repair quote. If you go ahead with the "
            "repair, the $39 is deducted from the repair price. If you decline, we return the product unrepaired.",
        ],
    ),
    (
        "7. Product safety",
        [
            "If a product overheats, sparks, smokes, swells or smells of burning, stop using it immediately, "
            "unplug it and call us on 1-800-555-0142. Do not post swollen batteries; we arrange a safe "
            "collection. Safety recalls are listed at https://help.northwindgoods.example/recalls.",
        ],
    ),
    (
        "8. Contact",
        [
            "Warranty questions: warranty@northwindgoods.example or 1-800-555-0142, Monday to Friday, 8:00 a.m. "
            "to 8:00 p.m. Eastern Time. Northwind Goods, Inc., 400 Harbor Way, Columbus, OH 43215.",
        ],
    ),
]


def build_pdf() -> FPDF:
    pdf = FPDF(format="Letter")
    pdf.set_title(TITLE)
    pdf.set_author("Northwind Goods, Inc.")
    pdf.set_subject("Limited warranty and repair service for Northwind-brand products")
    pdf.set_keywords("warranty, repairs, northwind tech, returns")
    pdf.set_creation_date(datetime(2026, 6, 1, tzinfo=timezone.utc))
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.multi_cell(0, 10, "Northwind Goods - " + TITLE, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 6, "Effective June 1, 2026", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for heading, paragraphs in SECTIONS:
        # Outline entries (PDF bookmarks) let a loader recover the section structure.
        pdf.start_section(heading, level=0)
        pdf.set_font("Helvetica", "B", 13)
        pdf.multi_cell(0, 8, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 11)
        for paragraph in paragraphs:
            if paragraph.startswith("- "):
                pdf.set_x(pdf.l_margin + 5)
                pdf.multi_cell(0, 6, "* " + paragraph[2:], new_x="LMARGIN", new_y="NEXT")
            else:
                pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1.5)
        pdf.ln(2)
    return pdf


def main() -> None:
    pdf = build_pdf()
    # Write beside the target, then swap, so a failed run never leaves a half-written PDF.
    fd, tmp = tempfile.mkstemp(dir=OUTPUT.parent, suffix=".pdf.tmp")
    os.close(fd)
    try:
        pdf.output(tmp)
        os.replace(tmp, OUTPUT)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
