"""The agent's desk in Debian's Chromium (Playwright) against one real `caredraft serve` on 127.0.0.1.

One server (real embedder, SQLite file) for the module and one browser for the session; each test signs in
with its own role's key in a fresh context. Every step leaves a screenshot in tests/e2e/artifacts/, and
each page is checked with axe-core for serious or critical accessibility violations.
"""

from __future__ import annotations

import math
import re
import time

import httpx
import pytest

from tests.e2e.conftest import ServeProcess, screenshot, serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.integration]
ADMIN = "cd_e2e-desk-admin-0123456789abcdefghij"
ANGRY = ("This is ridiculous! My rain jacket arrived with a torn sleeve and nobody has answered my e-mails. "
         "How long do I have to send it back, and do I have to pay for the return?")
# A sentence an agent might type that no source backs: the check must flag it, whatever the draft says.
UNSUPPORTED = "As an apology we will refund you $250 within 2 days."
NEW_DOC = """---
doc_id: desk-test-gift-cards
title: Gift card balances
effective_date: 2026-11-20
---
# Gift card balances

You can check a gift card balance on the gift card page. Gift cards never expire and can be used on any order.
"""
TIMEOUT = 90_000  # ms: drafts with the real embedder on a loaded 2-core machine take seconds


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("desk")
    srv = ServeProcess(folder / "data", folder / "serve.log", {"CAREDRAFT_API__ADMIN_KEY": ADMIN}).start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def keys(server) -> dict[str, str]:
    out = {"admin": ADMIN}
    for role in ("agent", "knowledge_manager", "qa"):
        r = httpx.post(server.base + "/v1/keys", json={"name": f"desk {role}", "role": role},
                       headers={"X-API-Key": ADMIN}, timeout=30)
        assert r.status_code == 201, r.text
        out[role] = r.json()["key"]
    return out


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT)
    yield pg
    context.close()


def sign_in(page, server, key: str) -> None:  # noqa: ANN001
    page.goto(server.base + "/")
    page.get_by_label("API key", exact=True).fill(key)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("#who:not([hidden])")


def nav_names(page) -> list[str]:  # noqa: ANN001
    return [a.inner_text() for a in page.locator("#nav li:not([hidden]) a").all()]


def assert_accessible(page, axe_source: str, where: str) -> None:  # noqa: ANN001
    found = serious_violations(page, axe_source)
    assert not found, f"{where}: axe-core found serious/critical violations:\n" + "\n".join(found)


def test_wrong_key_gets_a_plain_sentence_and_admin_sees_every_page(page, server, keys, axe_source):
    page.goto(server.base + "/")
    assert_accessible(page, axe_source, "sign-in page")
    page.get_by_label("API key", exact=True).fill("cd_not-a-real-key")
    page.get_by_role("button", name="Sign in").click()
    alert = page.locator("#alert")
    alert.wait_for(state="visible")
    text = alert.inner_text()
    assert "not accepted" in text and "{" not in text and "401" not in text
    assert page.locator("#view-signin").is_visible() and page.locator("#nav").is_hidden()
    assert page.locator("#who").is_hidden() and page.get_by_role("button", name="Sign out").count() == 0
    screenshot(page, "01-wrong-key")
    # the key is kept for the tab only: nothing was stored for the wrong one
    assert page.evaluate("() => sessionStorage.getItem('caredraft-key')") is None

    sign_in(page, server, keys["admin"])
    assert nav_names(page) == ["Draft", "Review", "Recent", "Knowledge base", "Quality"]
    assert page.evaluate("() => sessionStorage.getItem('caredraft-key')") == keys["admin"]
    assert page.evaluate("() => localStorage.length") == 0
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_selector("#view-signin:not([hidden])")
    assert page.evaluate("() => sessionStorage.getItem('caredraft-key')") is None and page.locator("#nav").is_hidden()

    # a key revoked during the session sends the page back to sign-in with the reason
    made = httpx.post(server.base + "/v1/keys", json={"name": "leaver", "role": "agent"}, headers={"X-API-Key": ADMIN},
                      timeout=30).json()
    sign_in(page, server, made["key"])
    httpx.delete(f"{server.base}/v1/keys/{made['id']}", headers={"X-API-Key": ADMIN}, timeout=30).raise_for_status()
    page.get_by_role("link", name="Recent").click()
    page.wait_for_selector("#view-signin:not([hidden])")
    assert "not accepted" in page.locator("#alert").inner_text()
    assert page.evaluate("() => sessionStorage.getItem('caredraft-key')") is None
    screenshot(page, "01b-revoked-key")


def test_agent_drafts_checks_sources_and_flags_edits_approves_and_regenerates(page, server, keys, axe_source):
    sign_in(page, server, keys["agent"])
    assert nav_names(page) == ["Draft", "Review", "Recent"]
    # the other roles' pages are neither offered nor opened
    page.goto(server.base + "/#kb")
    page.wait_for_selector("#view-denied:not([hidden])")
    assert "knowledge managers" in page.locator("#denied-text").inner_text()
    assert page.locator("#view-kb").is_hidden()
    page.goto(server.base + "/#quality")
    page.wait_for_selector("#view-denied:not([hidden])")
    assert page.locator("#view-quality").is_hidden()
    screenshot(page, "02-agent-denied-quality")

    page.goto(server.base + "/#draft")
    page.wait_for_selector("#view-draft:not([hidden])")
    assert_accessible(page, axe_source, "draft page")
    # a sample customer fills the form and sends its whole profile; typed fields override it
    samples = httpx.get(server.base + "/static/samples/customers.json", timeout=30).json()
    with_orders = next(s for s in samples if s["customer"].get("orders"))
    page.get_by_label("Sample customer (optional)").select_option(label=with_orders["label"])
    assert page.get_by_label("Customer name (optional)").input_value() == with_orders["customer"]["name"]
    assert page.get_by_label("Order number (optional)").input_value() == with_orders["customer"]["orders"][0]["id"]
    ticket = page.evaluate("async () => (await import('/static/js/draft.js')).ticketFromForm()")
    assert ticket["customer"] == with_orders["customer"] and ticket["channel"] == with_orders["channel"]
    page.get_by_label("Sample customer (optional)").select_option("")
    page.get_by_label("Customer's message").fill(ANGRY)
    page.get_by_label("Customer name (optional)").fill("Ana Lopez")
    page.get_by_label("Order number (optional)").fill("NW-55120")
    page.get_by_label("Channel").select_option("email")
    screenshot(page, "03-draft-form")
    page.get_by_role("button", name="Draft reply").click()
    page.wait_for_selector("#review-id:text-matches('drf_')")
    draft_id = page.locator("#review-id").inner_text()
    stored = httpx.get(f"{server.base}/v1/drafts/{draft_id}", headers={"X-API-Key": keys["agent"]}, timeout=30).json()
    assert stored["ticket"]["customer"]["name"] == "Ana Lopez" and stored["ticket"]["customer"]["orders"][0]["id"] == "NW-55120"
    chips = page.locator("#review-chips").inner_text()
    assert "pending" in chips and re.search(r"Emotion:\s*(anger|frustration)", chips), chips
    assert "Ana" in page.locator("#draft-view").inner_text()
    # the page rounds half up (Math.round); Python's round() rounds half to even
    assert page.locator("#confidence-value").inner_text() == f"{math.floor(stored['draft']['confidence'] * 100 + 0.5)}%"
    # the behaviour and the reasons behind the confidence, as the draft records them
    assert stored["draft"]["behaviour"] in ("answer", "partial", "clarify", "handover", "decline")
    assert f"Behaviour: {stored['draft']['behaviour']}" in chips
    reasons = stored["draft"]["confidence_reasons"]
    shown = page.locator("#confidence-reasons li").all_inner_texts()
    assert shown == (reasons or ["This draft does not record the reasons behind its confidence."])
    analysis = page.locator("#analysis").inner_text()
    assert stored["draft"]["analysis"]["topic"] in analysis
    page.wait_for_selector("#tone .score")
    screenshot(page, "04-review")
    assert_accessible(page, axe_source, "review page")

    # a citation marker opens its passage beside the draft, with document, section, date and link
    citations = stored["draft"]["citations"]
    assert citations, "the real embedder should find the damaged-items policy for this message"
    last = citations[-1]
    page.locator(f"#draft-view .cite[data-marker='{last['marker']}']").first.click()
    assert page.locator("#source-passage").inner_text().strip() == last["passage"].strip()
    assert page.locator("#source-title").inner_text() == last["title"]
    assert page.locator("#source-doc").inner_text() == last["doc_id"]
    assert page.locator("#source-section").inner_text() == (last["section"] or "—")
    assert page.locator("#source-date").inner_text() == (last["effective_date"] or "not stated")
    if last["url"]:
        assert page.locator("#source-link a").get_attribute("href") == last["url"]
    screenshot(page, "05-citation-open")

    # keyboard only: Tab reaches a marker with a visible focus ring, Enter opens its passage and moves focus there
    page.locator("#draft-view").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('cite')"):
            break
    focused = page.evaluate("() => ({marker: document.activeElement.dataset.marker, "
                            "outline: getComputedStyle(document.activeElement).outlineStyle, "
                            "width: parseFloat(getComputedStyle(document.activeElement).outlineWidth)})")
    assert focused["marker"], "Tab never reached a citation marker"
    assert focused["outline"] != "none" and focused["width"] >= 2
    page.keyboard.press("Enter")
    chosen = next(c for c in citations if c["marker"] == int(focused["marker"]))
    assert page.locator("#source-passage").inner_text().strip() == chosen["passage"].strip()
    assert page.evaluate("() => document.activeElement.id") == "source-panel"

    # edit in place: an unsupported promise is highlighted with its reason on focus
    page.get_by_role("button", name="Edit", exact=True).click()
    editor = page.get_by_label("Edit the reply")
    original = editor.input_value()
    first_break = original.index("\n\n") + 2
    edited = original[:first_break] + UNSUPPORTED + "\n\n" + original[first_break:]
    editor.fill(edited)
    page.get_by_role("button", name="Check my edit").click()
    mark = page.locator("#draft-view mark.flag", has_text="$250")
    mark.wait_for()
    mark.focus()
    tip = page.locator("#" + mark.get_attribute("aria-describedby"))
    assert tip.is_visible()
    assert "$250" in tip.inner_text() and "not backed" in tip.inner_text()
    screenshot(page, "06-flag-on-edit")
    assert_accessible(page, axe_source, "review page with a flag")

    # approve (the button takes the edit): stored as edited, with the agent's text
    approve = page.get_by_role("button", name="Approve with my edits")
    approve.click()
    page.wait_for_selector("#review-chips .badge:text-is('edited')")
    reviewed = httpx.get(f"{server.base}/v1/drafts/{draft_id}", headers={"X-API-Key": keys["agent"]}, timeout=30).json()
    assert reviewed["status"] == "edited" and UNSUPPORTED in reviewed["review"]["final_text"]
    assert page.locator("#approve-btn").is_disabled()
    screenshot(page, "07-approved-with-edits")

    # the recent list shows it with the right status, and the status filter keeps it
    page.get_by_role("link", name="Recent").click()
    row = page.locator(f"#recent-rows tr[data-id='{draft_id}']")
    row.wait_for()
    assert "edited" in row.inner_text() and stored["draft"]["behaviour"] in row.inner_text()
    page.get_by_label("Status").select_option("rejected")
    page.wait_for_selector("#recent-empty:not([hidden])")
    assert page.locator(f"#recent-rows tr[data-id='{draft_id}']").count() == 0
    page.get_by_label("Status").select_option("edited")
    row.wait_for()
    screenshot(page, "08-recent")
    assert_accessible(page, axe_source, "recent page")

    # regenerate warmer with one click: a new pending draft, its parent the reviewed one, and the diff shown
    row.get_by_role("link").click()
    page.wait_for_selector(f"#review-id:text-is('{draft_id}')")
    page.get_by_role("button", name="Warmer").click()
    page.wait_for_selector(f"#review-id:not(:text-is('{draft_id}'))")
    new_id = page.locator("#review-id").inner_text()
    fresh = httpx.get(f"{server.base}/v1/drafts/{new_id}", headers={"X-API-Key": keys["agent"]}, timeout=30).json()
    assert fresh["parent_id"] == draft_id and fresh["adjustment"] == "warmer" and fresh["status"] == "pending"
    assert "Regenerated: warmer" in page.locator("#review-chips").inner_text()
    assert page.locator("#diff-box").is_visible()
    if fresh["draft"]["text"] != stored["draft"]["text"]:
        assert page.locator("#diff ins, #diff del").count() > 0
    screenshot(page, "09-regenerated-warmer")

    # keyboard: Alt+A approves the open draft
    page.locator("#review-h").click()
    page.keyboard.press("Alt+KeyA")
    page.wait_for_selector("#review-chips .badge:text-is('approved')")
    assert httpx.get(f"{server.base}/v1/drafts/{new_id}", headers={"X-API-Key": keys["agent"]}, timeout=30).json()["status"] == "approved"
    assert "Alt" in page.locator(".shortcuts").inner_text()
    # Alt+N opens the next pending draft
    waiting = httpx.post(server.base + "/v1/drafts", json={"message": "Can I change the delivery address of my order?"},
                         headers={"X-API-Key": keys["agent"]}, timeout=120).json()
    page.keyboard.press("Alt+KeyN")
    page.wait_for_selector(f"#review-id:text-is('{waiting['id']}')")
    screenshot(page, "10-next-pending")
    # reject it with a reason
    page.get_by_role("button", name="Reject").click()
    assert "reason" in page.locator("#alert").inner_text()  # no reason given: a sentence, nothing sent
    assert httpx.get(f"{server.base}/v1/drafts/{waiting['id']}", headers={"X-API-Key": keys["agent"]},
                     timeout=30).json()["status"] == "pending"
    page.get_by_label("Reason for rejecting").fill("The customer asked about a different order")
    page.get_by_role("button", name="Reject").click()
    page.wait_for_selector("#review-chips .badge:text-is('rejected')")
    assert "Rejected: The customer asked about a different order" in page.locator("#edit-note").inner_text()
    assert "POST /v1/drafts/stream" in server.log()  # the page drafted through the stream


def test_knowledge_manager_uploads_reindexes_and_rolls_back(page, server, keys, axe_source, tmp_path):
    # an edited draft first, so the knowledge gaps have something to show
    agent = {"X-API-Key": keys["agent"]}
    d = httpx.post(server.base + "/v1/drafts", json={"message": "How long does standard shipping take?"}, headers=agent,
                   timeout=120).json()
    httpx.post(f"{server.base}/v1/drafts/{d['id']}/review", json={"action": "reject", "reason": "quoted the wrong speed"},
               headers=agent, timeout=30).raise_for_status()

    sign_in(page, server, keys["knowledge_manager"])
    assert nav_names(page) == ["Knowledge base"]
    page.wait_for_selector("#kb-docs tr")
    live_before = httpx.get(server.base + "/v1/kb/status", headers={"X-API-Key": keys["knowledge_manager"]}, timeout=30).json()["live"]
    gaps = page.locator("#kb-gaps").inner_text()
    assert "quoted the wrong speed" in gaps
    assert_accessible(page, axe_source, "knowledge base page")
    screenshot(page, "11-kb")

    # an API error is a plain sentence on the page, not JSON
    bad = tmp_path / "tool.exe"
    bad.write_bytes(b"MZ\x00\x01")
    page.get_by_label("Files (Markdown, text, HTML, PDF, CSV, JSON…)").set_input_files(str(bad))
    page.get_by_role("button", name="Upload").click()
    page.wait_for_selector("#alert:not([hidden])")
    alert = page.locator("#alert").inner_text()
    assert "tool.exe" in alert and "unsupported file type" in alert and "{" not in alert

    doc = tmp_path / "gift-card-balances.md"
    doc.write_text(NEW_DOC, encoding="utf-8")
    page.get_by_label("Files (Markdown, text, HTML, PDF, CSV, JSON…)").set_input_files(str(doc))
    page.get_by_role("button", name="Upload").click()
    page.wait_for_selector("#kb-progress-box:not([hidden])")
    page.wait_for_selector("#kb-progress-box[data-status='succeeded']", timeout=180_000)
    assert page.locator("#kb-progress").evaluate("p => p.value") == 1
    assert page.locator("#kb-progress-text").inner_text().startswith("Done")
    row = page.locator("#kb-docs tr", has_text="Gift card balances")
    row.wait_for()
    assert "2026-11-20" in row.inner_text() and "public" in row.inner_text()
    screenshot(page, "12-kb-reindexed")
    live_after = httpx.get(server.base + "/v1/kb/status", headers={"X-API-Key": keys["knowledge_manager"]}, timeout=30).json()["live"]
    assert live_after != live_before
    assert page.locator("#kb-versions tr", has_text=live_after).get_by_text("live").is_visible()

    # delete it (a second press confirms): a new version without it, and its file gone from the documents folder
    delete = row.get_by_role("button", name="Delete Gift card balances")
    delete.click()
    row.get_by_role("button", name="Confirm: delete Gift card balances").click()
    page.wait_for_selector("#status:has-text('Deleted Gift card balances')")
    page.wait_for_function("() => !document.querySelector('#kb-docs').innerText.includes('Gift card balances')")
    km = {"X-API-Key": keys["knowledge_manager"]}
    live_deleted = httpx.get(server.base + "/v1/kb/status", headers=km, timeout=30).json()["live"]
    assert live_deleted not in (live_before, live_after)
    assert not (server.data_dir / "documents" / doc.name).exists()
    screenshot(page, "13-kb-deleted")

    # roll back: the version before the delete is live again, with the document
    page.get_by_role("button", name="Roll back to the previous version").click()
    page.wait_for_selector(f"#status:has-text('version {live_after} is live again')")
    page.locator("#kb-docs tr", has_text="Gift card balances").wait_for()
    screenshot(page, "14-kb-rolled-back")
    assert httpx.get(server.base + "/v1/kb/status", headers=km, timeout=30).json()["live"] == live_after


def test_qa_lead_runs_the_sample_suite_and_sees_its_gate(page, server, keys, axe_source):
    sign_in(page, server, keys["qa"])
    assert nav_names(page) == ["Quality"]
    page.wait_for_selector("#q-suite option[value='sample']", state="attached")
    assert_accessible(page, axe_source, "quality page (empty)")
    page.get_by_label("Suite").select_option("sample")
    page.get_by_label("Cases (empty: all)").fill("3")  # a quick run: the first three cases
    page.get_by_role("button", name="Start run").click()
    page.wait_for_selector("#q-progress-box:not([hidden])")
    page.wait_for_selector("#q-gate-line .badge", timeout=240_000)
    gate_text = page.locator("#q-gate-line").inner_text()
    run = httpx.get(server.base + "/v1/evaluations?limit=1", headers={"X-API-Key": keys["qa"]}, timeout=30).json()[0]
    assert run["status"] == "succeeded" and run["params"]["cases"] == 3
    expected = "Gate passed" if run["result"]["gate"]["passed"] else "Gate failed"
    assert expected in gate_text
    assert page.locator("#q-checks tr").count() == len(run["result"]["gate"]["checks"])
    assert page.locator("#q-charts svg[role='img']").count() >= 3
    assert page.locator("#q-behaviour tr").count() == len(run["result"]["by_behaviour"])
    page.wait_for_selector("#q-report[href^='blob:']")
    screenshot(page, "15-quality")
    assert_accessible(page, axe_source, "quality page with a run")
    started = time.monotonic()
    with page.context.expect_page() as report_page:
        page.locator("#q-report").click()
    report = report_page.value
    report.wait_for_load_state()
    assert "sample" in report.content() and time.monotonic() - started < 30
    screenshot(report, "16-quality-report")
