"""The desk's JavaScript logic under Node's own test runner (tests/js); the browser tests cover the page itself."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_desk_modules_under_node_test():
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("node is missing in CI; .ci/run installs npm (and with it nodejs)", pytrace=False)
        pytest.skip("node is not installed (apt-get install -y npm)")
    run = subprocess.run([node, "--test", str(ROOT / "tests" / "js" / "desk.test.js")], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "# fail 0" in run.stdout and "# pass 0" not in run.stdout
