"""Record the candidate sentences of every ``select_policy`` call while drafting labelled knowledge bases.

    python scripts/record_sentence_features.py OUT.jsonl DATA_ROOT NAME=KB_DIR,MESSAGES.json,GOLD.json [...]

GOLD.json maps a message id to the document sections that answer it (``{"doc_id", "section"}`` objects or
``[doc_id, section]`` pairs; an empty section stands for the whole document). Each line of OUT.jsonl is one
``select_policy`` call: the set name, message id, the call's index within the message (0 = the first ask), its
question, and per candidate sentence the score parts (see ``composer_policy.RECORDER``), whether its passage is a
gold section of the message (``gold``), the share of its words that the message's excellent reply
(``expect.excellent_reply``, where given) uses (``reply_overlap``: which sentences of a gold section answer), and
whether the policy made it the lead or chose it. Messages with no gold (internal handbooks) are skipped. scripts/fit_sentence_ranker.py fits a ranker on the file.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path


_WORDS = re.compile(r"[a-z]{4,}|\d+(?:[.,]\d+)?")


def words(text: str) -> set[str]:
    """The words of four letters or more and the numbers of ``text`` (enough to tell a reply that uses a sentence)."""
    return set(_WORDS.findall(text.lower()))


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("#", " ").split())


def gold_match(gold: dict[str, str], doc_id: str, section: str) -> bool:
    """Whether a passage (``doc_id``, its heading path ``section``) is the gold section (any level of the path)."""
    if gold["doc_id"] != doc_id:
        return False
    want = _norm(gold["section"])
    if not want:
        return True
    parts = [_norm(p) for p in section.split(">")]
    return any(want == p or want in p or (p and p in want) for p in parts) if section else False


def _ticket(message: dict, today: str | None):  # noqa: ANN202
    from assistant.types import CustomerProfile, Order, Ticket
    cust = message.get("customer")
    if cust:
        cust = {k: v for k, v in cust.items() if k in CustomerProfile.model_fields}
        cust["orders"] = [{k: v for k, v in o.items() if k in Order.model_fields} for o in cust.get("orders") or []]
        if isinstance(cust.get("prior_contacts"), int):
            cust["prior_contacts"] = [{"topic": "earlier contact"}] * cust["prior_contacts"]
    return Ticket.model_validate({"message": message["message"], "customer": cust,
                                  "channel": message.get("channel", "email"), "today": today,
                                  "history": message.get("history", [])})


def main(argv: list[str]) -> None:
    out, root, sets = Path(argv[0]), Path(argv[1]), argv[2:]
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import models.generators.composer_policy as policy
    lines: list[str] = []
    for spec in sets:
        name, paths = spec.split("=", 1)
        kb, messages, gold_path = (Path(p) for p in paths.split(","))
        data_dir = root / name
        os.environ["CAREDRAFT_DATA_DIR"] = str(data_dir)
        digest = hashlib.sha1(b"".join(p.read_bytes() for p in sorted(kb.glob("*")) if p.is_file())).hexdigest()
        stamp = data_dir / ".kb-digest"
        if not stamp.exists() or stamp.read_text() != digest:
            data_dir.mkdir(parents=True, exist_ok=True)
            subprocess.run([str(Path(sys.executable).parent / "caredraft"), "kb", "sync", str(kb), "--json"],
                           check=True, stdout=subprocess.DEVNULL, env=os.environ)
            stamp.write_text(digest)
        from assistant.container import Container
        from assistant.settings import Settings
        drafter = Container(Settings()).drafter
        gold_all = json.loads(gold_path.read_text())
        data = json.loads(messages.read_text())
        for m in data["messages"]:
            gold = [g if isinstance(g, dict) else {"doc_id": g[0], "section": g[1]} for g in gold_all.get(m["id"]) or []]
            if not gold:
                continue
            reply = words(m.get("expect", {}).get("excellent_reply") or "")
            calls: list[dict] = []
            policy.RECORDER = calls.append
            try:
                drafter.draft(_ticket(m, data.get("today")))
            finally:
                policy.RECORDER = None
            for n, call in enumerate(calls):
                by_marker = {p.marker: p for p in call["passages"]}  # type: ignore[attr-defined]
                rows = []
                for (marker, pos), feats in call["candidates"].items():  # type: ignore[attr-defined]
                    p = by_marker[marker]
                    own = words(str(feats["text"]))
                    rows.append({**feats, "marker": marker, "pos": pos, "doc_id": p.doc_id, "section": p.section,
                                 "internal": p.audience == "internal",
                                 "gold": any(gold_match(g, p.doc_id, p.section) for g in gold),
                                 "reply_overlap": len(own & reply) / len(own) if own and reply else 0.0,
                                 "lead": call["lead"] == (marker, pos), "chosen": [marker, pos] in
                                 [list(c) for c in call["chosen"]]})  # type: ignore[attr-defined]
                lines.append(json.dumps({"set": name, "id": m["id"], "call": n, "question": call["question"],
                                         "candidates": rows}))
        print(f"{name}: {sum(1 for x in lines if json.loads(x)['set'] == name)} calls", flush=True)
    out.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
