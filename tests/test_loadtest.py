"""The load-test command, small: three concurrent browser sessions on the seeds' store."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEEDS

from analysis.store import Store

pytestmark = pytest.mark.browser
if not Path("/usr/bin/chromium").exists():
    pytest.skip("Debian chromium is not installed", allow_module_level=True)
pytest.importorskip("playwright.async_api", reason="playwright is not installed")


def test_three_sessions_render_and_refilter_without_errors(tmp_path):
    from dashboard.loadtest import report, run_load_test

    db = tmp_path / "seeds.duckdb"
    Store(db).ingest([SEEDS])
    out = run_load_test(db, sessions=3, rounds=2, timeout_s=120)
    assert out["errors"] == []
    assert len(out["first"]) == 3
    assert len(out["filter"]) == 6
    assert all(t > 0 for t in out["first"] + out["filter"])
    text = report(out)
    assert "3 concurrent sessions" in text
    assert "p95" in text
    assert out["server_peak_mb"] > 50  # the server was measured
