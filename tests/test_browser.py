"""A real browser (Debian chromium driven by Playwright) against the running app."""

from __future__ import annotations

import contextlib
import os
import shutil
import struct
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
pytestmark = pytest.mark.browser
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

if not CHROMIUM.exists():
    pytest.skip(
        "Debian chromium is not installed (.ci/run installs it where apt-get works)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

from dashboard.tools.loadtest import DONE  # noqa: E402 - the app's "script run over" mark


def _start_app(db: Path | None = None):
    """The app on a free loopback port (the load-test tool's launcher): (process, URL)."""
    from dashboard.tools.loadtest import start_app

    return start_app(db or Path(os.environ["RECEPTION_DB"]))


@pytest.fixture(scope="module")
def server():
    proc, url = _start_app()
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def page(server, browser):
    pg = browser.new_page(viewport={"width": 1500, "height": 2400}, accept_downloads=True)
    pg.goto(server)
    pg.wait_for_selector("[data-testid='stMetric']", timeout=120_000)
    yield pg
    pg.close()


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
    for attempt in range(2):  # a rerun still drawing the first page can swallow the input
        page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=60_000)
        box.fill("dubbing")
        box.press("Enter")
        try:
            page.get_by_text("mean of 1 review").wait_for(timeout=45_000)
            break
        except sync_api.TimeoutError:
            if attempt:
                raise
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


def test_stale_elements_dim_in_one_step_not_a_fade(page):
    """The app's stylesheet (dashboard/app.css) reaches the page and matches Streamlit's
    stale elements: they dim after a second at once, not frame by frame (a fade redraws
    every element on each frame, CPU the load test's browsers take from the app)."""
    transition = page.evaluate(
        """() => {
            const el = document.querySelector("[data-testid='stElementContainer']");
            const before = getComputedStyle(el).transition;
            el.setAttribute("data-stale", "true");
            const stale = getComputedStyle(el).transition;
            el.setAttribute("data-stale", "false");
            return [before, stale];
        }"""
    )
    assert transition[1] == "opacity 0s linear 1s", transition
    assert transition[0] != transition[1]  # only stale elements take the rule


_FIRST_CHART = "[data-testid='stVegaLiteChart'] svg.marks"


@contextlib.contextmanager
def _sentiment_page(server, browser):
    """The Sentiment page in a fresh tab, its first chart drawn and its script run over."""
    pg = browser.new_page(viewport={"width": 1500, "height": 2400})
    try:
        pg.goto(f"{server}/sentiment")
        pg.wait_for_selector(_FIRST_CHART, timeout=120_000)
        pg.wait_for_selector(DONE, state="attached", timeout=120_000)
        yield pg
    finally:
        pg.close()


_DRAWINGS = """() => [...document.querySelectorAll("[data-testid='stVegaLiteChart'] svg.marks")]
    .map((e) => e.outerHTML)"""


def test_a_filter_change_draws_what_the_filtered_page_draws(server, browser):
    """The charts' specs do not change with a text filter (their data sets are named by
    place): the page swaps the new rows into the charts it drew. What it then shows is
    what a fresh page opened on the filtered URL draws, chart for chart."""
    with _sentiment_page(server, browser) as pg:
        pg.wait_for_timeout(1000)  # the charts draw after the run's last message
        before = pg.evaluate(_DRAWINGS)
        box = pg.get_by_label("Text contains")
        box.fill("dubbing")
        box.press("Enter")
        pg.get_by_text('Filters: text contains "dubbing"', exact=True).wait_for(timeout=60_000)
        pg.wait_for_selector(DONE, state="attached", timeout=120_000)
        pg.wait_for_timeout(1000)
        swapped = pg.evaluate(_DRAWINGS)
    fresh = browser.new_page(viewport={"width": 1500, "height": 2400})
    try:
        fresh.goto(f"{server}/sentiment?search=dubbing")
        fresh.wait_for_selector(_FIRST_CHART, timeout=120_000)
        fresh.wait_for_selector(DONE, state="attached", timeout=120_000)
        fresh.wait_for_timeout(1000)
        opened = fresh.evaluate(_DRAWINGS)
    finally:
        fresh.close()
    assert len(swapped) == len(opened) == 4
    assert swapped[0] != before[0]  # the one review that mentions dubbing, not every review
    assert swapped == opened


def test_a_chart_is_exported_only_by_the_buttons_that_write_its_provenance(server, browser):
    """A chart's own toolbar would save it without its title and sources (shown as text
    around it on the page): its PNG download and spec copy are hidden, the PNG button
    under the chart is there, and tables keep their toolbar's CSV download."""
    with _sentiment_page(server, browser) as pg:
        chart = pg.locator("[data-testid='stElementContainer']").filter(
            has=pg.locator("[data-testid='stVegaLiteChart']")
        )
        chart.first.hover()

        def shown(scope, label: str) -> bool:
            return scope.get_by_role("button", name=label, exact=True).first.is_visible()

        pg.get_by_role("button", name="Fullscreen").first.wait_for(timeout=10_000)
        assert shown(chart.first, "Show data")  # the toolbar is there...
        assert not shown(chart.first, "Download as PNG")  # ...without its exports
        assert not shown(chart.first, "Copy Vega-Lite spec")
        assert pg.locator("[data-testid='stDownloadButton']").filter(has_text="PNG").count() >= 2
        grid = pg.locator("[data-testid='stElementContainer']").filter(
            has=pg.locator("[data-testid='stDataFrame']")
        )
        grid.first.hover()
        pg.wait_for_timeout(500)
        assert shown(grid.first, "Download as CSV")


# ------------------------------------------------------------------ hostile text
HOSTILE = ROOT / "tests" / "fixtures" / "tables" / "hostile.csv"


def _watch(pg) -> list[str]:
    """Collect any dialog a page opens (an alert would mean a script from the data ran)."""
    alerts: list[str] = []
    pg.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
    return alerts


def _sweep(pg, selector: str) -> None:
    """Move the mouse over every chart on the page, so each mark's tooltip shows once."""
    for box in [el.bounding_box() for el in pg.locator(selector).all()]:
        if not box:
            continue
        for fy in (0.2, 0.35, 0.5, 0.65, 0.8):
            for fx in [i / 40 for i in range(2, 39)]:
                pg.mouse.move(box["x"] + fx * box["width"], box["y"] + fy * box["height"])


def _pwned(pg) -> object:
    return pg.evaluate(
        "() => [window.__pwned, document.querySelectorAll('img[src=\"x\"], iframe').length]"
    )


def test_no_script_runs_in_an_exported_html_chart(tmp_path, browser):
    from analysis import load_corpus
    from analysis.charts.export import chart_bytes
    from analysis.scoring.engines import score_corpus
    from analysis.views.filters import Filters
    from analysis.views.view import build_view, view_charts

    scored = score_corpus(load_corpus([HOSTILE]), workers=1)
    charts = {nc.name: nc for nc in view_charts(build_view(scored, Filters()))}
    target = tmp_path / "review_scores.html"
    target.write_bytes(chart_bytes(charts["review_scores"].chart, "html"))
    pg = browser.new_page(viewport={"width": 1200, "height": 900})
    alerts = _watch(pg)
    pg.goto(target.as_uri())
    pg.wait_for_selector("#vega-chart svg", timeout=30_000)
    tooltips = []
    for mark in pg.locator("#vega-chart g.mark-symbol path").all():  # hover every point
        mark.hover(force=True)
        pg.wait_for_timeout(150)
        tooltips.append(
            pg.evaluate("() => document.querySelector('#vg-tooltip-element')?.textContent || ''")
        )
    pg.screenshot(path=str(ARTIFACTS / "hostile_export.png"))
    assert _pwned(pg) == [None, 0]
    pg.close()
    assert alerts == []
    assert len(tooltips) >= 4  # the 4 reviews (and the legend symbols)
    # the author's markup is shown in the tooltip as the literal text
    assert any("<img src=x onerror=" in t for t in tooltips), tooltips


def test_no_script_runs_in_the_app_on_hostile_reviews(tmp_path, browser):
    from analysis.collection import Store

    db = tmp_path / "hostile.duckdb"
    Store(db).ingest([ROOT / "seeds", HOSTILE])
    proc, url = _start_app(db)
    charts = "[data-testid='stVegaLiteChart'] svg, [data-testid='stVegaLiteChart'] canvas"
    try:
        pg = browser.new_page(viewport={"width": 1500, "height": 2400})
        alerts = _watch(pg)
        for path in ("", "sentiment", "reviews?search=mallory", "themes", "data"):
            pg.goto(f"{url}/{path}")
            pg.wait_for_selector("[data-testid='stHeader']", timeout=120_000)
            pg.wait_for_timeout(1500)
            pg.wait_for_selector(
                "[data-testid='stStatusWidget']", state="detached", timeout=120_000
            )
            _sweep(pg, charts)
            assert _pwned(pg) == [None, 0], path
            if path.startswith("reviews"):
                # the markdown-looking author is shown as the literal text
                pg.get_by_text("[mallory](javascript:alert('author')) — hostile.csv").wait_for(
                    timeout=30_000
                )
                pg.wait_for_timeout(2000)
                pg.screenshot(path=str(ARTIFACTS / "hostile_reviews.png"))
        pg.close()
        assert alerts == []
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_choosing_a_title_in_the_titles_view_shows_only_that_title(many_titles, browser):
    """Many titles, none chosen: the Overview is the Titles table; clicking a row makes that
    title the one every page shows, in the URL too."""
    proc, url = _start_app(many_titles)
    try:
        pg = browser.new_page(viewport={"width": 1500, "height": 2000})
        pg.goto(f"{url}/?")
        pg.get_by_text("Titles in this collection").wait_for(timeout=120_000)
        pg.get_by_label("Search titles (name or id)").fill("lost children")
        pg.keyboard.press("Enter")
        pg.get_by_text("3 titles match").wait_for(timeout=60_000)
        pg.wait_for_timeout(1000)
        grid = pg.locator("[data-testid='stDataFrame']").first
        box = grid.bounding_box()
        # the first body row's selection checkbox: left edge, one header row down
        pg.mouse.click(box["x"] + 14, box["y"] + 35 + 17)
        pg.get_by_text("How was it received?").wait_for(timeout=120_000)
        pg.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=120_000)
        assert "work=the-city-of-lost-children-1995" in pg.url
        body = pg.inner_text("body")
        assert "title: The City of Lost Children (1995)" in body  # by name, not id
        assert "Titles in this collection" not in body
        pg.goto(f"{url}/sentiment?work=the-city-of-lost-children-1995")
        pg.get_by_text("What do the reviews say?").wait_for(timeout=120_000)
        # the script run is over (the status widget may not have shown up yet when the
        # heading does, on a busy machine): then every chart's note is on the page
        pg.wait_for_selector(DONE, state="attached", timeout=120_000)
        pg.get_by_text("Where VADER and the model disagree", exact=False).first.wait_for(
            timeout=120_000
        )
        pg.screenshot(path=str(ARTIFACTS / "chosen_title_sentiment.png"), full_page=True)
        assert "n = 7 " in pg.inner_text("body")  # the film's 7 reviews, not all 607
        pg.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _settled(pg, quiet_ms: int = 1500, timeout_s: float = 120) -> None:
    """Wait until no script run has been going for ``quiet_ms``: a page can rerun more than
    once after an action (the URL's filters, the uploader), and a widget used during a
    rerun can be reset under the click."""
    import time

    deadline, quiet_since = time.monotonic() + timeout_s, None
    while time.monotonic() < deadline:
        if pg.locator(DONE).count():
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since >= quiet_ms / 1000:
                return
        else:
            quiet_since = None
        pg.wait_for_timeout(100)
    raise AssertionError(f"the app was still running after {timeout_s:.0f} s")


def _choose(pg, expander: str, box: str, option: str) -> None:
    """Choose ``option`` in the multiselect ``box`` inside ``expander``, typing to search
    as a user would, until the chip of the chosen option shows (tried again where a rerun
    reset the widget under the click)."""
    field = pg.get_by_role("combobox", name=box)
    chosen = pg.locator("[data-testid='stMultiSelectTagsContainer']").filter(has_text=option)
    for attempt in range(5):
        _settled(pg)
        if not field.is_visible():
            pg.get_by_text(expander).click()
            field.wait_for(timeout=30_000)
        field.scroll_into_view_if_needed()
        field.click()
        field.fill(option.split(" ")[0])
        try:
            pg.get_by_role("option").filter(has_text=option).click(timeout=5_000)
            pg.keyboard.press("Escape")
            chosen.wait_for(timeout=5_000)
            _settled(pg)
            if chosen.count():
                return
        except sync_api.TimeoutError:
            pg.keyboard.press("Escape")
        if attempt == 4:
            raise AssertionError(f"could not choose {option!r} in {box!r}")


def test_an_upload_is_read_with_the_columns_named_and_taken_out_again(tmp_path, browser):
    """In a real browser: a table whose columns the reader does not know is uploaded and
    refused; naming its columns in the sidebar's form reads it (its titles join the
    Titles table); the Data page takes it out of the store again, and out of the uploader,
    so that it is not read back in."""
    from analysis.collection import Store

    db = tmp_path / "s.duckdb"
    Store(db).ingest([SEEDS])
    upload = tmp_path / "bewertungen.csv"
    upload.write_text(
        "Film,Kommentar,Sterne\nZeta Blue,Wunderbar und klug.,5\nZeta Red,Langweilig.,1\n",
        encoding="utf-8",
    )
    proc, url = _start_app(db)
    try:
        pg = browser.new_page(viewport={"width": 1500, "height": 2000})
        pg.goto(url)
        pg.get_by_text("How was it received?").wait_for(timeout=120_000)
        side = pg.locator("[data-testid='stSidebar']")
        side.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(str(upload))
        side.get_by_text("Name the columns of bewertungen.csv").wait_for(timeout=120_000)
        _settled(pg)
        form = side.locator("[data-testid='stForm']")
        for index, column in ((0, "Kommentar"), (1, "Sterne"), (4, "Film")):
            form.locator("[data-testid='stSelectbox']").nth(index).click()
            pg.get_by_role("option", name=column, exact=True).click()
        form.get_by_role("button", name="Read it with these columns").click()
        pg.get_by_text("Titles in this collection").wait_for(timeout=120_000)
        pg.wait_for_selector(DONE, state="attached", timeout=120_000)
        pg.get_by_text("5 titles match").wait_for(timeout=60_000)  # the seeds' 3, and 2
        works = Store(db).load().corpus.works
        assert {"Zeta Blue", "Zeta Red"} <= set(works["title"])
        pg.get_by_role("link", name="Data").first.click()
        pg.get_by_text("Documents read").wait_for(timeout=120_000)
        done = pg.get_by_text("Done: removed 1 file: 2 reviews")
        for attempt in range(3):  # a send lost to a rerun leaves the form as it was
            _choose(pg, "Take files out of the store", "Files", "bewertungen.csv (uploaded)")
            pg.get_by_role("button", name="Take them out").click()
            try:
                done.wait_for(timeout=30_000)
                break
            except sync_api.TimeoutError:
                if attempt == 2:
                    raise
        _settled(pg, quiet_ms=2000)  # a rerun that read the upload back would show by now
        pg.screenshot(path=str(ARTIFACTS / "upload_taken_out.png"), full_page=True)
        assert side.locator("[data-testid='stFileChip']").count() == 0  # the uploader is empty
        assert "table" not in Store(db).load().corpus.documents["kind"].tolist()
        pg.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
