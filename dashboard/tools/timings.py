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
    """Cold start, switching title and filter-change re-renders of the app (one session),
    measured with AppTest."""
    from streamlit.testing.v1 import AppTest

    t0 = time.perf_counter()
    at = AppTest.from_file(str(APP), default_timeout=600).run()
    cold = time.perf_counter() - t0
    if at.exception:
        echo(f"dashboard raised: {at.exception[0].message}")
    switches = []
    picker = [s for s in at.sidebar.selectbox if s.key == "f_work"]
    titles = [o for o in (picker[0].options if picker else []) if o][:3]
    for title in [*titles, ""][1:] + titles[:1] if titles else []:
        t0 = time.perf_counter()
        at.sidebar.selectbox(key="f_work").set_value(title).run()
        switches.append(time.perf_counter() - t0)
    # the filters change the chosen title's Overview (all titles show the Titles table,
    # which the review filters leave alone; the load test times the Sentiment page)
    changes = []
    for labels in (["positive"], ["negative"], []):
        t0 = time.perf_counter()
        at.multiselect(key="f_labels").set_value(labels).run()
        changes.append(time.perf_counter() - t0)
    for words in ("story", "music", ""):
        t0 = time.perf_counter()
        at.sidebar.text_input(key="f_search").set_value(words).run()
        changes.append(time.perf_counter() - t0)

    def shown(values: list[float]) -> str:
        return ", ".join(f"{v:.2f} s" for v in values) or "no titles to switch"

    echo(
        f"dashboard cold start: {cold:.1f} s (target 3 s); switching title: {shown(switches)} "
        f"(target 0.5 s); filter change re-render on a title's Overview (labels, then text): "
        f"{shown(changes)} "
        "(target 0.5 s)"
    )
    return {
        "cold_s": cold,
        "switch_s": max(switches, default=0.0),
        "filter_s": max(changes),
    }


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
