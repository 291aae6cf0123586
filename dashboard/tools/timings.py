"""Dashboard timings on a store (AppTest, no browser): ``python -m dashboard.tools.timings
--db STORE``. ``python -m analysis benchmark --scale`` runs it in a child process."""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app.py"


def dashboard_timings(echo=print) -> dict:
    """Cold start and filter-change re-render of the app, measured with AppTest."""
    from streamlit.testing.v1 import AppTest

    t0 = time.perf_counter()
    at = AppTest.from_file(str(APP), default_timeout=600).run()
    cold = time.perf_counter() - t0
    if at.exception:
        echo(f"dashboard raised: {at.exception[0].message}")
    changes = []
    for labels in (["positive"], ["negative"], []):
        t0 = time.perf_counter()
        at.multiselect(key="f_labels").set_value(labels).run()
        changes.append(time.perf_counter() - t0)
    shown = ", ".join(f"{c:.2f} s" for c in changes)
    echo(f"dashboard cold start: {cold:.1f} s; filter change re-render: {shown} (target < 1 s)")
    return {"cold_s": cold, "filter_s": max(changes)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True, help="The store to open (RECEPTION_DB).")
    parser.add_argument("--json", action="store_true", help="End with the figures as JSON.")
    args = parser.parse_args()
    os.environ["RECEPTION_DB"] = args.db
    figures = dashboard_timings()
    if args.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
