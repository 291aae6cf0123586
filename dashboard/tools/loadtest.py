"""Load test: several real browser sessions on the dashboard at once.

    python -m dashboard.tools.loadtest --sessions 10 --rounds 3 --db PATH

Starts the app on loopback against the store at PATH (or uses ``--url``), opens
``--sessions`` pages in one headless Chromium (Debian's ``/usr/bin/chromium``, driven by
Playwright), all at the same time, and in each: loads the app and waits until it has
rendered (the scorecard is on screen and the app is idle), then ``--rounds`` times types a
different "Text contains" filter and waits for the re-render. Prints p50 / p95 / max of
both timings, errors seen on any page, and the server's peak memory. Bounded: every wait
has a timeout and the whole run a deadline.

Each filter change is timed from the Enter key that commits it (the field runs nothing
while the word is typed) twice: until the page shows it (what a user waits for, the
browsers' drawing included, which here share the server's cores), and until the server's
"script finished" message reached the browser (read off the page's websocket, so the
server's part alone, whatever the browser is doing), with the server's CPU per rerun. The
typing before it is timed apart (Playwright's ``fill``, whose checks wait for the page's
animation frames: the harness's time, not the app's), and the change with its typing too.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
WORDS = ("story", "music", "great", "dubbing", "boring", "acting", "visual", "ending")
DONE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(db: Path) -> tuple[subprocess.Popen, str]:
    """The app serving the store at ``db`` on a free loopback port: (process, URL)."""
    port = _free_port()
    env = os.environ | {"RECEPTION_DB": str(db), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "dashboard" / "app.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.5)
    proc.kill()
    msg = "the app did not start within 120 s"
    raise RuntimeError(msg)


# Every wait looks every 50 ms, in the page (a query of the DOM, 0.01 CPU-s a second).
# Playwright's own ``wait_for_selector`` retries at 0, 20, 70, 170, 270 ms, then every 500
# ms: a page that was done at 1.30 s was seen done at up to 1.77 s, which the figures then
# counted (measured on a page that changes on a timer: 63-507 ms late, this way 10-21 ms).
# Polling on every animation frame instead kept each waiting page drawing frames, 0.08
# CPU-s a second per session, the test's own load on the cores it measures.
POLL_MS = 50
_PRESENT = "(selector) => document.querySelector(selector) !== null"


async def _present(page, selector: str, timeout_ms: int) -> None:
    """Wait until an element matching ``selector`` is in the page."""
    await page.wait_for_function(_PRESENT, arg=selector, timeout=timeout_ms, polling=POLL_MS)


async def _idle(page, timeout_ms: int) -> None:
    """Wait until the app's script run has finished (Streamlit marks its root element)."""
    await _present(page, DONE, timeout_ms)


# the filters in force are a plain-text line (``widgets.chips``): looking only there is
# cheap, where Playwright's text locator re-scanned every node of the page each time
_SHOWS = """([needle]) => [...document.querySelectorAll("[data-testid='stText']")]
    .some((e) => e.textContent.includes(needle))"""


async def _shows(page, needle: str, timeout_ms: int) -> None:
    """Wait until a plain-text element of the page contains ``needle``."""
    await page.wait_for_function(_SHOWS, arg=[needle], timeout=timeout_ms, polling=POLL_MS)


# the page whose every chart and table follows the filters (the Overview with no title
# chosen is the Titles table, which does not): a filter change there is the heavy rerun
PAGE = "sentiment"


def _finished_times(page) -> list[float]:
    """Times (``perf_counter``) at which the server's "script finished" messages reach the
    page, filled in as they come (Streamlit's ForwardMsg protobufs on its websocket)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    seen: list[float] = []

    def frame(payload) -> None:
        if not isinstance(payload, bytes):
            return
        msg = ForwardMsg()
        try:
            msg.ParseFromString(payload)
        except Exception:  # noqa: BLE001 - not a ForwardMsg: not ours to time
            return
        if msg.WhichOneof("type") == "script_finished":
            seen.append(time.perf_counter())

    page.on("websocket", lambda ws: ws.on("framereceived", frame))
    return seen


def _served(finished: list[float], start: float, shown: float) -> float | None:
    """Seconds from ``start`` to the last "script finished" that came before the page showed
    the result at ``shown`` (None if none came in between)."""
    within = [t for t in finished if start < t <= shown]
    return max(within) - start if within else None


async def _session(browser, url: str, n: int, rounds: int, timeout_ms: int, out: dict) -> None:
    page = await browser.new_page(viewport={"width": 1400, "height": 1000})
    finished = _finished_times(page)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: errors.append(f"dialog: {d.message}"))
    try:
        t0 = time.perf_counter()
        await page.goto(f"{url}/{PAGE}", timeout=timeout_ms)
        await _present(page, "[data-testid='stVegaLiteChart']", timeout_ms)
        await _idle(page, timeout_ms)
        out["first"].append(time.perf_counter() - t0)
        box = page.get_by_label(
            "Text contains", exact=True
        ).first  # a rerun may hold two for a moment
        for r in range(rounds):
            word = WORDS[(n + r) % len(WORDS)]
            t0 = time.perf_counter()
            await box.fill(word)  # the user's typing: the field holds the word, nothing runs
            typed = time.perf_counter()
            await box.press("Enter")  # the filter is committed: the app's time starts
            await _shows(page, f'text contains "{word}"', timeout_ms)
            await _idle(page, timeout_ms)
            shown = time.perf_counter()
            out["typing"].append(typed - t0)
            out["filter"].append(shown - typed)
            out["filter_typed"].append(shown - t0)
            if (served := _served(finished, typed, shown)) is not None:
                out["served"].append(served)
        exceptions = await page.locator("[data-testid='stException']").count()
        if exceptions:
            errors.append(f"{exceptions} exception box(es) on the page")
    except Exception as exc:  # noqa: BLE001 - a timed-out session is a result, not a crash
        errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
    finally:
        out["errors"] += [f"session {n}: {e}" for e in errors]
        await page.close()


async def _run(url: str, sessions: int, rounds: int, timeout_ms: int) -> dict:
    from playwright.async_api import async_playwright

    out: dict = {
        "first": [],
        "typing": [],
        "filter": [],
        "filter_typed": [],
        "served": [],
        "errors": [],
    }
    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
        )
        await asyncio.gather(
            *(_session(browser, url, n, rounds, timeout_ms, out) for n in range(sessions))
        )
        await browser.close()
    return out


def _rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, from /proc (0 where unavailable)."""
    total = 0
    try:
        pids = [pid, *map(int, Path(f"/proc/{pid}/task/{pid}/children").read_text().split())]
    except OSError:
        return 0.0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc (0 where unavailable)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _browser_cpu() -> dict[int, float]:
    """CPU seconds of every running Chromium process by pid, from /proc (empty elsewhere)."""
    seen = {}
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().startswith("chrom"):
                pid = int(comm.parent.name)
                seen[pid] = _cpu_seconds(pid)
        except OSError:  # the process ended meanwhile
            continue
    return seen


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run_load_test(
    db: Path | None,
    sessions: int,
    rounds: int,
    url: str | None = None,
    timeout_s: float = 180,
    warm: bool = True,
) -> dict:
    """Run the load test and return its figures (see the module docstring)."""
    proc = None
    if url is None:
        proc, url = start_app(db)
    peak = [0.0]
    browsers: dict[int, float] = {}  # the measured run's Chromium processes: last CPU seen
    try:
        if warm:  # one session first, alone: the store is read once, as on a real server
            asyncio.run(_run(url, 1, 0, int(timeout_s * 1000)))

        pings: list[float] = []

        def ping() -> None:
            t0 = time.perf_counter()
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=30):
                    pings.append(time.perf_counter() - t0)
            except OSError:
                pings.append(float("inf"))

        async def watched() -> dict:
            before = set(_browser_cpu())  # any Chromium already running is not ours

            async def watch() -> None:  # memory, browsers' CPU, how fast the server answers
                while True:
                    if proc is not None:
                        peak[0] = max(peak[0], _rss_mb(proc.pid))
                    browsers.update({p: c for p, c in _browser_cpu().items() if p not in before})
                    await asyncio.to_thread(ping)
                    await asyncio.sleep(0.5)

            task = asyncio.create_task(watch())
            try:
                return await asyncio.wait_for(
                    _run(url, sessions, rounds, int(timeout_s * 1000)), timeout_s * (rounds + 2)
                )
            finally:
                task.cancel()

        t0, cpu0 = time.perf_counter(), _cpu_seconds(proc.pid) if proc else 0.0
        out = asyncio.run(watched())
        out["wall"] = time.perf_counter() - t0
        out["server_cpu"] = (_cpu_seconds(proc.pid) - cpu0) if proc else float("nan")
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
    out["server_peak_mb"] = peak[0]
    out["browser_cpu"] = sum(browsers.values())  # sampled every 0.5 s: a lower bound
    out["health"] = pings
    out["sessions"] = sessions
    return out


def figures(out: dict) -> dict[str, float]:
    """p50 and p95 of each measured series (seconds): the figures the targets are about."""
    return {
        f"{key}_{name}": _pct(out[key], q)
        for key in ("first", "filter", "filter_typed", "served", "typing", "health")
        for name, q in (("p50", 0.5), ("p95", 0.95))
    }


def missed_targets(out: dict, first_p50_s: float, filter_p50_s: float) -> list[str]:
    """What the run missed: any error, an unanswered health check, a target over its limit."""
    f = figures(out)
    missed = [f"error: {e}" for e in out["errors"]]
    if any(t == float("inf") for t in out["health"]):
        missed.append("a health check went unanswered for 30 s")
    if not f["first_p50"] <= first_p50_s:
        missed.append(f"first render p50 {f['first_p50']:.2f} s > {first_p50_s:g} s")
    if not f["filter_p50"] <= filter_p50_s:
        missed.append(f"filter change p50 {f['filter_p50']:.2f} s > {filter_p50_s:g} s")
    return missed


def report(out: dict) -> str:
    lines = [
        f"{out['sessions']} concurrent sessions, {out['wall']:.1f} s wall on "
        f"{os.cpu_count()} cores: server busy {out['server_cpu']:.1f} CPU s, the browsers "
        f"at least {out['browser_cpu']:.1f} CPU s"
    ]
    for key, label in (
        ("first", "first render"),
        ("filter", "filter change re-render (from the Enter key)"),
        ("served", "filter change, server's part (from Enter until its last message)"),
        ("typing", "typing the word before it (Playwright's fill: not the app's time)"),
        ("filter_typed", "filter change with the typing (the figure through session 17)"),
        ("health", "server health check"),
    ):
        v = out[key]
        lines.append(
            f"{label}: n={len(v)} p50 {_pct(v, 0.5):.2f} s  p95 {_pct(v, 0.95):.2f} s  "
            f"max {max(v, default=float('nan')):.2f} s  mean {statistics.fmean(v) if v else float('nan'):.2f} s"
        )
    runs = out["sessions"] + len(out["filter"])  # each session's first render, each change
    lines.append(
        f"server CPU per script run: {out['server_cpu'] / max(runs, 1):.2f} s "
        f"({runs} runs: first renders and filter changes)"
    )
    lines.append(f"server peak memory: {out['server_peak_mb']:,.0f} MB")
    if any(t == float("inf") for t in out["health"]):
        lines.append("the server did not answer a health check within 30 s")
    lines.append(f"errors: {len(out['errors'])}" + "".join(f"\n  {e}" for e in out["errors"]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, help="The store to serve (default: $RECEPTION_DB).")
    ap.add_argument("--url", help="Test an app that is already running instead.")
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=180, help="Seconds any one wait may take.")
    ap.add_argument("--first-p50", type=float, default=15.0, help="Target: first render p50 (s).")
    ap.add_argument("--filter-p50", type=float, default=2.0, help="Target: filter change p50 (s).")
    args = ap.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"error: {CHROMIUM} not found (apt-get install chromium)", file=sys.stderr)
        return 2
    db = args.db or Path(os.environ.get("RECEPTION_DB", ""))
    if args.url is None and not db.is_file():
        print(
            f"error: {db}: no such store (make one with: python -m analysis score PATH --db {db})",
            file=sys.stderr,
        )
        return 2
    out = run_load_test(db, args.sessions, args.rounds, args.url, args.timeout)
    print(report(out))
    missed = missed_targets(out, args.first_p50, args.filter_p50)
    print("targets: " + ("met" if not missed else "missed — " + "; ".join(missed)))
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
