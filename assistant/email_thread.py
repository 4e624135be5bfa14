"""The customer's own words in an e-mail reply: without the quoted earlier thread and the mail app's signature.

Customers answer from their mail app, so a message often ends with "On Tue, 24 Nov 2026, Acme <care@...> wrote:"
and our own earlier reply quoted under it, or "Sent from my iPhone". Read as the customer's text, the quoted reply
brings its amounts, dates and sign-off into the analysis ("Best wishes, Acme" is no name to greet them by).
"""

from __future__ import annotations

import re

# where a quoted earlier message starts: a reply header (English, German, French, Spanish, Dutch, Italian), a
# forwarded or original-message rule, an Outlook header block, or a run of "> " lines
_REPLY_HEADER = re.compile(
    r"^\s*(?:On\b.{4,160}?\bwrote:|Am\b.{4,160}?\bschrieb\b.{0,80}?:|Le\b.{4,160}?\ba écrit\s*:|"
    r"El\b.{4,160}?\bescribió\s*:|Op\b.{4,160}?\bschreef\b.{0,80}?:|Il\b.{4,160}?\bha scritto\s*:)\s*$",
    re.I | re.S)
_RULE = re.compile(r"^\s*(?:-{2,}\s*(?:Original Message|Forwarded message|Ursprüngliche Nachricht|Message d'origine)"
                   r"\s*-{2,}|_{8,})\s*$", re.I)
_HEADER_FIELD = re.compile(r"^\s*(?:From|Von|De|Sent|Date|Gesendet|To|An|À|Subject|Betreff|Objet|Asunto):\s", re.I)
_QUOTED = re.compile(r"^\s*>")
# what a mail app adds under the message
_APP_SIGNATURE = re.compile(
    r"^\s*(?:Sent from my \w+(?: \w+)?|Sent from (?:Mail|Yahoo Mail|Outlook|Gmail)\b.*|Get Outlook for \w+|"
    r"Von meinem \w+ gesendet|Enviado desde mi \w+|Envoyé de mon \w+|Verzonden vanaf mijn \w+|Inviato da \w+)\s*$",
    re.I)


def _thread_start(lines: list[str]) -> int | None:
    """The index of the first line of the quoted thread, if there is one."""
    for i, line in enumerate(lines):
        # a reply header may wrap onto a second line ("On Tue, ... <care@acme.example>\nwrote:")
        wrapped = i + 1 < len(lines) and _REPLY_HEADER.match(f"{line} {lines[i + 1]}")
        if _REPLY_HEADER.match(line) or (wrapped and re.match(r"^\s*(?:On|Am|Le|El|Op|Il)\b", line)):
            return i
        if _RULE.match(line):
            return i
        if _HEADER_FIELD.match(line) and sum(bool(_HEADER_FIELD.match(x)) for x in lines[i:i + 4]) >= 2:
            return i
        if _QUOTED.match(line) and all(_QUOTED.match(x) or not x.strip() for x in lines[i:]):
            return i
    return None


def own_words(message: str) -> str:
    """The message without a quoted earlier thread or a mail-app signature; the message itself when that would
    leave nothing (a customer who typed only inside the quote)."""
    lines = message.splitlines()
    start = _thread_start(lines)
    kept = lines[:start] if start is not None else lines
    kept = [line for line in kept if not _APP_SIGNATURE.match(line)]
    text = "\n".join(kept).strip()
    return text if text else message
