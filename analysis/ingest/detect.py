"""Tell a document's kind from its content (never from its file name)."""

from __future__ import annotations

import re

from analysis.settings import DEFAULT, Settings

# Each kind: patterns that are evidence for it. A kind needs ``detect_min_signals`` hits;
# the kind with most hits wins, ties broken by the order below (more specific first).
SIGNALS: dict[str, tuple[str, ...]] = {
    "imdb": (
        r"\bimdb\b",
        r"\d+\s+user\s+\d+\s+critic",
        r"found this (?:review )?helpful",
        r"\bmore like this\b|people who liked this also liked",
        r"see all my reviews",
        r"\b1 2 3 4 5 6 7 8 9 10\b",
        r"cast overview, first billed only",
        # the title page's own widgets and links, as a copy of its text keeps them
        r"your rating",
        r"(?m)^\s*top cast\b",
        r"\d/10\s+from\s+[\d,]+\s+users",
        r"\d/10\s*\(\s*[\d,]+\s+votes\)",
        r"register or login to rate this title",
        r"top 250: #\d+",
    ),
    "rotten_tomatoes": (
        r"critics consensus",
        r"tomatometer",
        r"audience score",
        r"super reviewer",
        r"(?:fresh|rotten) \(\d+\)|\b(?:fresh|rotten):\s*\d+",
        r"total count:",
        r"audience reviews for",
        # the 2008-2013 score card and its tabs, the mobile site's line
        r"reviews counted:",
        r"t-meter critics",
        r"\d+%\s*of critics liked it",
    ),
    "metacritic": (
        r"\bmetascore\b",
        r"based on \d[\d,]* critic reviews",
        r"generally favorable|universal acclaim|mixed or average|generally unfavorable",
        r"user score",
        r"\bmetacritic\b",
    ),
    "moviedb": (
        r"(?m)^original title\s*:",
        r"(?m)^imdb id\s*:",
        r"(?m)^director\s*:",
        r"(?m)^genre\s*:",
        r"(?m)^mpaa rating\s*:",
    ),
    "wikipedia": (
        r"(?m)^directed by\b",
        r"(?m)^running time\b",
        r"(?m)^box office\b",
        r"\[\d{1,3}\]",
        r"\bis an? (?:\d{4} )?[\w\- ]{0,80}film\b",
        r"wikipedia|creative commons attribution-sharealike",
        r"(?m)^external links\s*$",
        # a reference list's access dates: "Retrieved 2008-11-03.", "Retrieved April 7, 2014"
        r"\bretrieved (?:\d{4}-\d{2}-\d{2}|[a-z]+ \d{1,2}, \d{4}|\d{1,2} [a-z]+ \d{4})",
    ),
}


def signal_counts(text: str) -> dict[str, int]:
    """How many of each kind's signals the text shows."""
    lowered = text[:400_000].lower()
    return {kind: sum(bool(re.search(p, lowered)) for p in pats) for kind, pats in SIGNALS.items()}


_NOTES_LINE = re.compile(r"^\s*(?:#{1,6} |\|.*\|\s*$|[-*+] |\d+\. |```)")
NOTES_SHARE = 0.5  # of non-empty lines in Markdown structure: notes, not a page
MARGIN = 2  # signals a text dump's kind needs over the runner-up


def looks_like_notes(text: str) -> bool:
    """A notes file, README or log written in Markdown (headings, tables, lists on most
    lines), not a dump of a web page: it describes pages, it is not one."""
    lines = [line for line in text[:200_000].splitlines() if line.strip()]
    if len(lines) < 5:
        return False
    return sum(bool(_NOTES_LINE.match(line)) for line in lines) / len(lines) >= NOTES_SHARE


def detect_kind(text: str, settings: Settings = DEFAULT) -> tuple[str, dict[str, int]]:
    """The page kind (``unknown`` if no kind has enough signals, or not ``MARGIN`` more
    than the runner-up: weak evidence gives no guess) and the signal counts."""
    counts = signal_counts(text)
    if looks_like_notes(text):
        return "unknown", counts
    ranked = sorted(counts.values(), reverse=True)
    kind, hits = max(counts.items(), key=lambda kv: kv[1])  # first of equals wins
    if hits < settings.detect_min_signals or hits - ranked[1] < MARGIN:
        return "unknown", counts
    return kind, counts
