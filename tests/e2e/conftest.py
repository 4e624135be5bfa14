"""Real servers for end-to-end tests: ``caredraft serve`` subprocesses, or uvicorn in a thread over fakes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
CAREDRAFT = Path(sys.executable).parent / "caredraft"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(base: str, proc: subprocess.Popen | None = None, timeout: float = 240.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"server exited with {proc.returncode}:\n{proc.stdout.read() if proc.stdout else ''}")
        try:
            if httpx.get(base + "/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise AssertionError(f"{base} not ready after {timeout} s")


class ServeProcess:
    """``caredraft serve`` on a free loopback port with its own data folder; output goes to a log file."""

    def __init__(self, data_dir: Path, log_path: Path, env: dict[str, str] | None = None) -> None:
        self.data_dir = data_dir
        self.log_path = log_path
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "CAREDRAFT_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
                    **(env or {})}
        self.proc: subprocess.Popen | None = None

    def start(self) -> ServeProcess:
        log = open(self.log_path, "a")  # noqa: SIM115 - kept open for the process's life
        self.proc = subprocess.Popen([str(CAREDRAFT), "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                                     cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_ready(self.base, self.proc)
        except AssertionError:
            self.stop()
            raise AssertionError(self.log_path.read_text()[-3000:]) from None
        return self

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)

    def log(self) -> str:
        return self.log_path.read_text()


@pytest.fixture
def serve_factory(tmp_path):
    started: list[ServeProcess] = []

    def make(env: dict[str, str] | None = None) -> ServeProcess:
        server = ServeProcess(tmp_path / "data", tmp_path / "serve.log", env)
        started.append(server)
        return server

    yield make
    for server in started:
        server.stop()
    if started and started[-1].log_path.is_file():
        # pytest shows a test's captured output only when it fails: the server's side of a failure is then on record
        print("--- serve.log (tail) ---\n" + started[-1].log()[-4000:])  # noqa: T201


class ThreadServer:
    """uvicorn serving ``app`` in a background thread on a free loopback port."""

    def __init__(self, app) -> None:  # noqa: ANN001
        import uvicorn

        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> ThreadServer:
        self.thread.start()
        wait_ready(self.base, timeout=60)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(30)


# --- the browser: Debian's Chromium driven by Playwright, one per test session -------------------------------
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "tests" / "e2e" / "artifacts"


def missing(what: str) -> None:
    """Skip on a developer machine without ``what``; fail in CI (``CI=true``), where the browser tests must run."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{what} is missing in CI; .ci/run installs it", pytrace=False)
    pytest.skip(f"{what} is missing (make install / apt-get install -y chromium npm)")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        missing(f"Chromium ({CHROMIUM})")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("the playwright Python package")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        missing(f"axe-core ({AXE.relative_to(ROOT)}; make install runs npm ci)")
    return AXE.read_text(encoding="utf-8")


def serious_violations(page, axe_source: str) -> list[str]:  # noqa: ANN001 - a Playwright Page
    """Run axe-core inside the page; one line per serious or critical violation (with the first offending nodes)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    out = []
    for v in result["violations"]:
        if v["impact"] in ("serious", "critical"):
            nodes = "; ".join(" ".join(n["target"]) if isinstance(n["target"], list) else str(n["target"]) for n in v["nodes"][:3])
            out.append(f"{v['id']} ({v['impact']}): {v['help']} — {nodes}")
    return out


def screenshot(page, name: str) -> Path:  # noqa: ANN001
    """Save a full-page screenshot for reviewers (tests/e2e/artifacts/, git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
