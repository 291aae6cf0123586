"""Full-page screenshots of every page of the app in headless Chromium:
``python -m dashboard.tools.screenshots --db STORE --out DIR [--query work=ID]``.

Starts the app on the store (as the load test does), opens each page, waits until the
script run has finished and the charts have drawn, and writes ``DIR/<page>.png``."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from urllib.parse import urlencode

from dashboard.tools.loadtest import CHROMIUM, DONE, start_app

PAGES = ("", "sentiment", "themes", "reviews", "compare", "related", "data")


async def _shoot(url: str, out: Path, query: dict[str, str], width: int, height: int) -> list[Path]:
    from playwright.async_api import async_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = await browser.new_page(viewport={"width": width, "height": height})
        for name in PAGES:
            qs = f"?{urlencode(query)}" if query else ""
            await page.goto(f"{url}/{name}{qs}", timeout=180_000)
            await page.wait_for_selector("[data-testid='stHeader']", timeout=180_000)
            await page.wait_for_selector(DONE, state="attached", timeout=180_000)
            await page.wait_for_timeout(1500)  # vega-embed draws after the run ends
            path = out / f"{name or 'overview'}.png"
            await page.screenshot(path=str(path), full_page=True)
            written.append(path)
        await browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True, type=Path, help="The store the app opens.")
    parser.add_argument("--out", required=True, type=Path, help="Folder for the PNG files.")
    parser.add_argument("--query", action="append", default=[], help="URL filter, e.g. work=ID.")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument(
        "--height",
        type=int,
        default=3200,
        help="Tall enough for a whole page (the app scrolls inside).",
    )
    args = parser.parse_args()
    query = dict(q.split("=", 1) for q in args.query)
    proc, url = start_app(args.db)
    try:
        for path in asyncio.run(_shoot(url, args.out, query, args.width, args.height)):
            print(f"wrote {path}")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
