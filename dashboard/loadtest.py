"""``python -m dashboard.loadtest``: the load test by the name issue 13 gives it; the tool
itself lives with the other dashboard tools (``dashboard.tools.loadtest``)."""

from __future__ import annotations

from dashboard.tools.loadtest import main

if __name__ == "__main__":
    raise SystemExit(main())
