"""Dashboard timings for ``python -m analysis benchmark --scale`` (AppTest, no browser)."""

from __future__ import annotations

import time
from pathlib import Path


def dashboard_timings(echo=print) -> dict:
    """Cold start and filter-change re-render of the app, measured with AppTest."""
    from streamlit.testing.v1 import AppTest

    app = str(Path(__file__).resolve().parent / "app.py")
    t0 = time.perf_counter()
    at = AppTest.from_file(app, default_timeout=600).run()
    cold = time.perf_counter() - t0
    if at.exception:
        echo(f"dashboard raised: {at.exception[0].message}")
    changes = []
    for labels in (["positive"], ["negative"], []):
        t0 = time.perf_counter()
        at.multiselect(key="f_labels").set_value(labels).run()
        changes.append(time.perf_counter() - t0)
    echo(f"dashboard cold start: {cold:.1f} s; filter change re-render: "
         + ", ".join(f"{c:.2f} s" for c in changes) + " (target < 1 s)")  # fmt: skip
    return {"cold_s": cold, "filter_s": max(changes)}
