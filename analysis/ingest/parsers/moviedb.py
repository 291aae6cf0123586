"""Movie-database pages laid out as ``Key : value`` lines, a synopsis, then user reviews."""

from __future__ import annotations

import re

from analysis.ingest.parsers.base import NO_REVIEWS, Parsed, WorkRef, find, review_row
from analysis.settings import DEFAULT, Settings
from analysis.text import NormText

_FIELD = re.compile(r"(?m)^(?P<k>[A-Z][A-Za-z .]{1,30}?)\s:\s?(?P<v>.*)$")
_NOT_PROSE = re.compile(r"^(?:poster for\b|\d+\s?x\s?\d+$|opensubtitles|.*\(\d{4}\)\s-\s)", re.I)
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|my|me|myself)\b")


def parse_moviedb(norm: NormText, settings: Settings = DEFAULT) -> Parsed:
    """Parse a movie-database page: identity fields, synopsis (skipped), reviews."""
    text = norm.text
    out = Parsed(kind="moviedb")
    fields = {m.group("k").strip().lower(): m.group("v").strip() for m in _FIELD.finditer(text)}
    out.works.append(_identity(text, fields))
    last_field = max((m.end() for m in _FIELD.finditer(text)), default=0)
    paragraphs = _prose_paragraphs(text, last_field, settings.min_review_chars)
    if not paragraphs:
        out.warn_reviews("no synopsis or review paragraphs found")
        return out
    synopsis_taken = False
    for start, end in paragraphs:
        body = text[start:end]
        if not synopsis_taken and not _FIRST_PERSON.search(body):
            synopsis_taken = True
            out.skipped.append(("synopsis", "plot synopsis, not a review"))
            continue
        out.reviews.append(review_row(norm, start, end, source="moviedb"))
    if not out.reviews:
        out.warn_reviews(NO_REVIEWS)
    return out


def _identity(text: str, fields: dict[str, str]) -> WorkRef:
    first = next((ln.strip() for ln in text.split("\n") if ln.strip()), "")
    ref = WorkRef("film")
    m = re.match(r"^(?P<t>.+?)\s\((?P<y>\d{4})\)\s*$", first)
    if m:
        ref.title, ref.year = _unarticle(m.group("t")), int(m.group("y"))
    else:
        ref.title = _unarticle(first) or None
    if fields.get("original title"):
        ref.original_title = _unarticle(fields["original title"])
    imdb = fields.get("imdb id", "")
    digits = find(r"(?:tt)?(\d{7,8})", imdb)
    if digits:
        ref.imdb_id = f"tt{digits.group(1)}"
    return ref


def _unarticle(title: str) -> str:
    """'Cité des enfants perdus, La' -> 'La Cité des enfants perdus' (library-style titles)."""
    m = re.match(
        r"^(?P<rest>.+),\s(?P<art>The|A|An|La|Le|Les|L'|Il|Lo|El|Los|Las|Die|Der|Das)$",
        title.strip(),
        re.I,
    )
    if not m:
        return title.strip()
    art = m.group("art")
    return f"{art}{'' if art.endswith(chr(39)) else ' '}{m.group('rest')}"


def _prose_paragraphs(text: str, after: int, min_chars: int) -> list[tuple[int, int]]:
    """Spans of prose paragraphs after the field block: long lines that are not captions."""
    spans = []
    for m in re.finditer(r"[^\n]+", text[after:]):
        line = m.group().strip()
        if len(line) < min_chars or _NOT_PROSE.match(line) or not re.search(r"[.!?]", line):
            continue
        spans.append((after + m.start(), after + m.end()))
    return spans
