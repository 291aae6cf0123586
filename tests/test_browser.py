"""A real browser (Debian chromium driven by Playwright) against the running app."""

from __future__ import annotations

import os
import shutil
import socket
import struct
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
pytestmark = pytest.mark.browser

if not CHROMIUM.exists():
    pytest.skip(
        "Debian chromium is not installed (.ci/run installs it where apt-get works)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port = _free_port()
    env = os.environ | {"STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("the app did not start within 90 s")
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def page(server):
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        pg = browser.new_page(viewport={"width": 1500, "height": 2400}, accept_downloads=True)
        pg.goto(server)
        pg.wait_for_selector("[data-testid='stMetric']", timeout=120_000)
        yield pg
        browser.close()


def _download_png(page):
    """Click the first chart's PNG button once the app is idle; one retry if a rerun ate it."""
    button = (
        page.locator("[data-testid='stDownloadButton']")
        .filter(has_text="PNG")
        .first.locator("button")
    )
    for attempt in range(2):
        page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=60_000)
        try:
            with page.expect_download(timeout=90_000) as info:
                button.click()
            return info.value
        except sync_api.TimeoutError:
            if attempt:
                raise
    return None


def test_scorecard_filter_and_png_export(page, tmp_path):
    page.wait_for_timeout(2000)
    page.screenshot(path=str(ARTIFACTS / "overview.png"))
    assert page.get_by_text("mean of 7 reviews").count() == 1

    box = page.get_by_label("Text contains")
    box.fill("dubbing")
    box.press("Enter")
    page.get_by_text("mean of 1 review").wait_for(timeout=60_000)
    assert "search=dubbing" in page.url
    page.screenshot(path=str(ARTIFACTS / "filtered.png"))

    download = _download_png(page)
    target = tmp_path / "chart.png"
    download.save_as(target)
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 1000
    assert height >= 400
    assert len(data) > 20_000
    shutil.copy(target, ARTIFACTS / "exported_chart.png")


def test_no_script_from_review_text_runs(page):
    # every review is rendered as text: a page-level alert would mean a script ran
    alerts = []
    page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
    page.goto(page.url.split("?")[0].rstrip("/") + "/reviews")
    page.get_by_text("Review explorer").wait_for(timeout=60_000)
    page.wait_for_timeout(2000)
    page.screenshot(path=str(ARTIFACTS / "reviews.png"))
    assert alerts == []
