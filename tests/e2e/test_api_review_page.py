"""The review page in a real browser (Debian's Chromium driven by Playwright) against uvicorn on 127.0.0.1."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from api.testing import ADMIN_KEY, make_container, make_settings
from tests.e2e.conftest import ThreadServer

pytestmark = pytest.mark.e2e
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.fixture
def browser():
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        pytest.skip("Chromium is not installed (apt-get install -y chromium); the browser test needs /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


def test_agent_requests_a_draft_edits_and_approves_it(browser, tmp_path):
    settings = make_settings(tmp_path / "data")
    app = create_app(settings, make_container(settings))
    with ThreadServer(app) as server:
        key = httpx.post(server.base + "/v1/keys", json={"name": "alice", "role": "agent"},
                         headers={"X-API-Key": ADMIN_KEY}).json()["key"]
        page = browser.new_page()
        page.goto(server.base + "/")
        page.get_by_label("API key", exact=True).fill(key)
        page.get_by_role("button", name="Use key").click()
        page.get_by_label("Message", exact=True).fill("Hi, my parcel for order 88123 has not arrived yet. Where is it?")
        page.get_by_label("Customer name (optional)").fill("Ana Lopez")
        page.get_by_label("Order number (optional)").fill("88123")
        page.get_by_label("Channel").select_option("chat")
        page.get_by_role("button", name="Draft reply").click()
        page.wait_for_selector("#status:has-text('ready')", timeout=30_000)
        draft_id = page.locator("#draft-id").inner_text()
        reply = page.get_by_label("Reply (edit before sending)")
        assert "Ana" in reply.input_value()
        assert page.locator("#analysis").inner_text()
        assert page.locator("#draft-status").inner_text() == "pending"
        # keyboard only: focus the approve button and press Enter
        page.locator("#approve-btn").focus()
        page.keyboard.press("Enter")
        page.wait_for_selector("#draft-status:has-text('approved')", timeout=15_000)
        assert page.locator("#approve-btn").is_disabled()
        assert draft_id in page.locator("#recent").inner_text() or "approved" in page.locator("#recent").inner_text()
        stored = httpx.get(f"{server.base}/v1/drafts/{draft_id}", headers={"X-API-Key": key}).json()
        assert stored["status"] == "approved" and stored["review"]["final_text"] == stored["draft"]["text"]
        assert stored["ticket"]["customer"]["orders"][0]["id"] == "88123" and stored["ticket"]["channel"] == "chat"

        # a bad key is reported in the page, not silently ignored
        page.get_by_label("API key", exact=True).fill("cd_wrong")
        page.get_by_role("button", name="Use key").click()
        page.wait_for_selector("#status.error", timeout=10_000)
        assert "unknown or revoked" in page.locator("#status").inner_text()
