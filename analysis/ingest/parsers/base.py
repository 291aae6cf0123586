"""What every page parser returns, and small helpers they share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analysis.text import NormText

SITE_EVIDENCE = "site read from "  # the warning that says what told a page's site


def site_evidence(warnings: str) -> str | None:
    """What told a document's site, from its ``; ``-joined warnings (None if nothing did)."""
    return next(
        (
            w.removeprefix(SITE_EVIDENCE)
            for w in warnings.split("; ")
            if w.startswith(SITE_EVIDENCE)
        ),
        None,
    )


NO_REVIEWS = "no user review found on the page"  # a text parser's warning


@dataclass
class WorkRef:
    """A work as one document names it; the corpus merges refs into ``works`` rows.

    ``key`` is local to the document: ``film`` for the page's subject, ``game:PC`` etc.
    """

    key: str
    title: str | None = None
    original_title: str | None = None
    year: int | None = None
    kind: str = "film"
    platform_variant: str | None = None
    imdb_id: str | None = None
    parent_key: str | None = None
    form: str | None = None  # schema.WORK_FORMS: a TV series, an episode, … where said


@dataclass
class Parsed:
    """Rows found in one document. Row dicts use ``work`` (a WorkRef key), not work_id."""

    kind: str
    works: list[WorkRef] = field(default_factory=list)
    reviews: list[dict] = field(default_factory=list)
    aggregates: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    related: list[dict] = field(default_factory=list)
    consensus: list[dict] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    review_warnings: list[str] = field(default_factory=list)  # what the text said of reviews
    as_of: str | None = None
    as_of_basis: str | None = None

    def add_aggregate(self, platform: str, metric: str, value: float, quote: str, **kw) -> None:
        """Record a published score or count; scale, n, derived and value_text are optional."""
        row = {"work": "film", "platform": platform, "metric": metric, "value": value}
        row |= {"quote": squash(quote), "derived": False} | kw
        self.aggregates.append(row)

    def add_figure(self, figure: str, value: float, unit: str, quote: str) -> None:
        """Record another number the page states about its subject."""
        self.figures.append(
            {"work": "film", "figure": figure, "value": value, "unit": unit, "quote": squash(quote)}
        )

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def warn_reviews(self, message: str) -> None:
        """A warning about the reviews the text gave (none found, one without its text or
        author): withdrawn if the page's reviews are read another way (``found_reviews``)."""
        self.warnings.append(message)
        self.review_warnings.append(message)

    def found_reviews(self, reviews: list[dict]) -> None:
        """Take ``reviews`` read another way (a page's markup) in place of the text's, and
        withdraw what the text said of its own (``warn_reviews``) when there are some."""
        self.reviews = reviews
        if reviews:
            said = set(self.review_warnings)
            self.warnings = [w for w in self.warnings if w not in said]
            self.review_warnings = []

    def note_site(self, evidence: str) -> None:
        """Say what told which site the page is from (kept with the document's warnings;
        ``site_evidence`` reads it back)."""
        self.warnings.append(SITE_EVIDENCE + evidence)


def squash(text: str) -> str:
    """Collapse all whitespace (quotes are shown on one line)."""
    return " ".join(text.split())


def find(pattern: str, text: str, flags: int = re.I) -> re.Match[str] | None:
    """``re.search`` with case-insensitivity by default (pages come in several cases)."""
    return re.search(pattern, text, flags)


def sentence_around(text: str, start: int, end: int, limit: int = 300) -> str:
    """The sentence (or line) holding ``text[start:end]``, trimmed to ``limit`` characters."""
    left = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, start - limit)
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min([*stops, end + limit, len(text)])
    if right < len(text) and text[right] == ".":
        right += 1
    return text[left:right].strip()


def review_row(norm: NormText, start: int, end: int, **fields: object) -> dict:
    """A review dict with its text cut from ``norm`` and its span mapped to the raw file."""
    body = norm.text[start:end]
    lead = len(body) - len(body.lstrip())
    body = body.strip()
    start += lead
    raw_start, raw_end = norm.raw_span(start, start + len(body))
    return {"work": "film", "text": body, "span_start": raw_start, "span_end": raw_end} | fields
