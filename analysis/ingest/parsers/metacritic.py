"""Metacritic movie and game pages: Metascore with its critic count, user score with its count."""

from __future__ import annotations

import re

from analysis.ingest.parsers.base import Parsed, WorkRef, find, review_row
from analysis.settings import DEFAULT, Settings
from analysis.text import (
    COUNT_RE,
    DATE_RE,
    DECIMAL_RE,
    NormText,
    parse_count,
    parse_date,
    parse_decimal,
)

_USER_REVIEW = re.compile(
    rf"(?m)^(?P<author>[^\n]{{1,60}})\n(?P<date>{DATE_RE})\n(?P<score>\d{{1,2}})\n", re.I
)


def parse_metacritic(norm: NormText, settings: Settings = DEFAULT) -> Parsed:  # noqa: ARG001 - the parser contract
    """Parse a Metacritic page."""
    text = norm.text
    out = Parsed(kind="metacritic")
    out.works.append(_identity(text))
    # "based on 53 Critic Reviews", the words and the number on lines of their own in a
    # copy of the page's text
    critics = find(rf"based on\s+(?P<n>{COUNT_RE})\s+critic reviews?", text)
    n_critics = parse_count(critics.group("n")) if critics else None
    meta = find(r"metascore:?\s*\n*\s*(?P<v>\d{1,3})\b|(?P<w>\d{1,3})\s*\n*\s*metascore", text)
    if meta:
        v = meta.group("v") or meta.group("w")
        quote = meta.group(0) + (f" … {critics.group(0)}" if critics else "")
        out.add_aggregate(
            "metacritic", "metascore", int(v), quote, scale_max=100.0, n=n_critics, value_text=v
        )
    else:
        out.warn("no Metascore found")
    if critics:
        out.add_aggregate("metacritic", "critic_reviews_count", n_critics, critics.group(0))
    ratings = find(rf"based on\s+(?P<n>{COUNT_RE})\s+(?:user )?ratings?", text)
    n_users = parse_count(ratings.group("n")) if ratings else None
    user = find(rf"user score:?\s*\n*\s*(?P<v>{DECIMAL_RE})\b", text)
    if user and parse_decimal(user.group("v")) <= 10:
        out.add_aggregate(
            "metacritic",
            "user_score",
            parse_decimal(user.group("v")),
            user.group(0),
            scale_max=10.0,
            n=n_users,
            value_text=user.group("v"),
        )
    if ratings:
        out.add_aggregate("metacritic", "user_ratings_count", n_users, ratings.group(0))
    _user_reviews(norm, out)
    return out


def _identity(text: str) -> WorkRef:
    first = next((ln.strip() for ln in text.split("\n") if ln.strip()), "")
    first = re.sub(r"\s*(?:reviews)?\s*[-|]\s*metacritic\s*$", "", first, flags=re.I)
    ref = WorkRef("film")
    m = re.match(r"^(?P<t>.+?)\s\((?P<y>\d{4})\)$", first)
    if m:
        ref.title, ref.year = m.group("t"), int(m.group("y"))
    else:
        ref.title = first or None
    return ref


def _user_reviews(norm: NormText, out: Parsed) -> None:
    """User reviews laid out as author / date / score (0-10) / text lines."""
    text = norm.text
    heads = list(_USER_REVIEW.finditer(text))
    for i, h in enumerate(heads):
        stop = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        para_end = text.find("\n\n", h.end())
        stop = min(stop, para_end) if para_end != -1 else stop
        row = review_row(
            norm,
            h.end(),
            stop,
            source="metacritic",
            author=h.group("author").strip(),
            date=parse_date(h.group("date")),
            rating=float(h.group("score")),
            rating_scale=10.0,
        )
        if row["text"]:
            out.reviews.append(row)
