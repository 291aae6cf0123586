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
    # the picker shows names and takes ids: the first three titles it lists (the
    # most-reviewed where it lists only some), by id, from the app's own cached choices
    titles = _listed_titles()[:3] if picker else []
    for title in [*titles, ""][1:] + titles[:1] if titles else []:
        t0 = time.perf_counter()
        at.sidebar.selectbox(key="f_work").set_value(title).run()
        switches.append(time.perf_counter() - t0)
    # the filters change the chosen title's Overview; then, with all titles, the Titles
    # table, which counts only the reviews that pass them (the load test times the
    # Sentiment page)
    changes = filter_changes(at)
    timed_on = at.session_state["f_work"] if titles else ""
    on_titles = []
    if titles:
        at.sidebar.selectbox(key="f_work").set_value("").run()
        on_titles = filter_changes(at)

    def shown(values: list[float]) -> str:
        return ", ".join(f"{v:.2f} s" for v in values) or "no titles to switch"

    echo(
        f"dashboard cold start: {cold:.1f} s (target 3 s); switching title: {shown(switches)} "
        f"(target 0.5 s); filter change re-render on a title's Overview (labels, then text): "
        f"{shown(changes)}; on the Titles table: {shown(on_titles) if on_titles else 'one title'} "
        "(target 0.5 s)"
    )
    return {
        "cold_s": cold,
        "switch_s": max(switches, default=0.0),
        "filter_s": max(changes),
        "titles_filter_s": max(on_titles, default=0.0),
        "timed_on": timed_on,  # the title whose Overview the first series ran on
    }


def _listed_titles() -> list[str]:
    """The ids the sidebar's title picker lists, as the app that just ran computed them
    (``state.sidebar_options``, cached in this process)."""
    from dashboard import state

    return state.sidebar_options(state.corpus_key((), ()))[2]


def filter_changes(at) -> list[float]:
    """Seconds each filter change takes to re-render: labels, then the text search (each
    series ends by clearing the filter)."""
    changes = []
    for labels in (["positive"], ["negative"], []):
        t0 = time.perf_counter()
        at.multiselect(key="f_labels").set_value(labels).run()
        changes.append(time.perf_counter() - t0)
    for words in ("story", "music", ""):
        t0 = time.perf_counter()
        at.sidebar.text_input(key="f_search").set_value(words).run()
        changes.append(time.perf_counter() - t0)
    return changes


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
