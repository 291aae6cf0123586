"""Text utilities shared by the parsers: normalisation with an offset map, numbers, dates."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

_SPACE_CHARS = " \t\f\v\xa0\u1680\u2000-\u200a\u202f\u205f\u3000"
_TOKEN = re.compile(
    r"(?P<ent>&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
    r"|(?P<nl>\r\n|\r|\n)"
    rf"|(?P<sp>[{_SPACE_CHARS}]+)"
    rf"|(?P<txt>[^&\r\n{_SPACE_CHARS}]+|&)"
)
_SPACE_RE = re.compile(rf"^[{_SPACE_CHARS}]+$")


@dataclass(frozen=True)
class NormText:
    """Normalised text plus, for each character, its offset in the raw text."""

    text: str
    offsets: tuple[int, ...]
    raw_len: int

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of ``text`` back to the raw text it came from."""
        raw_start = self.offsets[start] if start < len(self.offsets) else self.raw_len
        raw_end = self.offsets[end - 1] + 1 if 0 < end <= len(self.offsets) else raw_start
        return raw_start, max(raw_end, raw_start)


def _tokens(raw: str):  # noqa: ANN202 - generator of (kind, piece, start, end)
    """Entities decoded; entities that decode to a space count as space."""
    for m in _TOKEN.finditer(raw):
        kind, piece = m.lastgroup, m.group()
        if kind == "ent":
            piece = html.unescape(piece)
            if _SPACE_RE.match(piece):
                kind = "sp"
        yield kind, piece, m.start(), m.end()


def normalise(raw: str) -> NormText:
    """Decode HTML entities, turn every space-like run into one space, keep paragraph breaks.

    Lines are stripped; three or more line breaks become a blank line (``\\n\\n``).
    """
    out: list[str] = []
    offs: list[int] = []
    newlines, space_at, newline_at = 0, None, 0
    for kind, piece, start, end in _tokens(raw):
        if kind == "nl":
            newline_at = newline_at if newlines else start
            newlines, space_at = newlines + 1, None
            continue
        if kind == "sp":
            space_at = start if space_at is None and not newlines else space_at
            continue
        if out and (newlines or space_at is not None):
            sep = ("\n\n" if newlines >= 2 else "\n") if newlines else " "
            out.append(sep)
            offs.extend([newline_at if newlines else space_at] * len(sep))
        newlines, space_at = 0, None
        out.append(piece)
        offs.extend([start] * len(piece) if kind == "ent" else range(start, end))
    return NormText("".join(out), tuple(offs), len(raw))


def clean_text(raw: str) -> str:
    """Normalised text alone (entities decoded, whitespace collapsed, paragraphs kept)."""
    return normalise(raw).text


def strip_html_breaks(text: str) -> str:
    """Turn ``<br />`` tags into line breaks (IMDb exports carry them), then normalise."""
    return clean_text(re.sub(r"<br\s*/?>", "\n", text, flags=re.I))


# The characters ``str.split()``, ``str.strip()`` and ``re``'s ``\s`` take for whitespace
# (``str.isspace``); Arrow's Unicode whitespace is the same set (both checked over all of
# Unicode in tests/test_text.py). As an RE2 class for Arrow's regex functions:
PY_WHITESPACE = (
    *range(0x9, 0xE),
    *range(0x1C, 0x21),
    0x85,
    0xA0,
    0x1680,
    *range(0x2000, 0x200B),
    *(0x2028, 0x2029, 0x202F, 0x205F, 0x3000),
)
_RE2_SPACE = "[" + "".join(f"\\x{{{c:x}}}" for c in PY_WHITESPACE) + "]"
# "<br>" in any case with any whitespace before its end; runs of spaces that are not
# already one plain space (a lone space needs no rewriting)
_RE2_BR_TAG = rf"<[bB][rR]{_RE2_SPACE}*/?>"
_RE2_SPACES = r"[\t\x{a0}\x{202f}][ \t\x{a0}\x{202f}]*| [ \t\x{a0}\x{202f}]+"


def _as_arrow(values) -> pa.Array | pa.ChunkedArray:
    """A text column (a Series or a list) in Arrow as it is: zero-copy for the Arrow-backed
    strings a store gives, in the chunks they come in; other values are converted."""
    try:
        return pa.array(values, type=pa.string())
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pa.array([str(v) for v in values], type=pa.string())


def arrow_strings(values) -> pa.Array:
    """A text column (a Series or a list) as one Arrow string array, missing values as ""
    (``_as_arrow``, its chunks joined)."""
    column = _as_arrow(values)
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    return pc.fill_null(column, "")


def _caseless_literal(term: str) -> str:
    """An RE2 pattern matching ``term`` literally, ignoring case: each ASCII letter as a
    class of its two cases, every other character by code point under RE2's case folding."""
    return "".join(
        f"[{c.lower()}{c.upper()}]" if c.isascii() and c.isalpha() else f"(?i:\\x{{{ord(c):x}}})"
        for c in term
    )


def contains_ignoring_case(values, term: str) -> np.ndarray:
    """Which texts (a Series or a list; missing ones never) contain ``term``, ignoring case,
    as a boolean array: one RE2 pass in Arrow.

    ASCII letters match their two cases only. RE2's own case folding (Arrow's
    ``ignore_case``) also folds "s" with the long s (U+017F) and "k" with the Kelvin sign,
    which leaves no plain literal to scan for: over the 100k IMDb reviews "story" took
    0.155 s that way and 0.041 s this way (as long as "dubbing" took either way)."""
    # searched as stored, chunk by chunk: a store's column can come in chunks (the 100k
    # IMDb reviews with the seeds' added are two), and joining them, or filling its missing
    # values with "", copied the texts on every search (0.3 s and 130 MB, the search 0.04 s)
    column = _as_arrow(values)
    if not term:
        return np.ones(len(column), dtype=bool)
    found = pc.match_substring_regex(column, _caseless_literal(term))
    return pc.fill_null(found, False).to_numpy(zero_copy_only=False)


def is_in(values, value_set) -> np.ndarray:
    """``Series.isin`` for text columns, as a boolean array (missing values are never in):
    one Arrow hash lookup. pandas' Arrow-backed ``isin`` converts every wanted value to an
    Arrow scalar in Python first, 0.09 s for 20,000 ids, 0.5 s for 100,000."""
    if isinstance(value_set, (set, frozenset, dict)):
        value_set = list(value_set)
    try:
        wanted = pa.array(value_set, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # not all text: only the text can match
        wanted = pa.array([v for v in value_set if isinstance(v, str)], type=pa.string())
    found = pc.is_in(
        pa.array(values, type=pa.string(), from_pandas=True), value_set=wanted, skip_nulls=True
    )
    return np.asarray(pc.fill_null(found, False), dtype=bool)


def clean_html_column(texts) -> pa.Array:
    """Bulk cleaning for tabular input, a column at a time in Arrow (C): ``<br />`` to line
    breaks, entities decoded (Python's ``html.unescape``, in the texts that have any), runs
    of spaces collapsed, runs of blank lines cut to one, ends trimmed (no offset map,
    unlike ``normalise``)."""
    column = pc.replace_substring_regex(arrow_strings(texts), _RE2_BR_TAG, "\n")
    has_entity = pc.match_substring(column, "&").to_numpy(zero_copy_only=False)
    if has_entity.any():
        values = column.to_pylist()
        for i in np.flatnonzero(has_entity):
            values[i] = html.unescape(values[i])
        column = pa.array(values, type=pa.string())
    column = pc.replace_substring_regex(column, _RE2_SPACES, " ")
    column = pc.replace_substring_regex(column, r"\n{3,}", "\n\n")
    return pc.utf8_trim_whitespace(column)


def clean_html_fast(text: str) -> str:
    """``clean_html_column`` of one text."""
    return clean_html_column([text])[0].as_py()


_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def visible_controls(value: object) -> object:
    """Text for display with its bidirectional overrides shown as ``[U+202E]``: an override
    in a user's name or review would otherwise reverse what follows it on screen ("rtl evil"
    shown as "rtl live"). The stored text is unchanged; non-strings pass through."""
    if not isinstance(value, str):
        return value
    return _BIDI_CONTROLS.sub(lambda m: f"[U+{ord(m.group()):04X}]", value)


def fold(text: str) -> str:
    """Case- and accent-insensitive key for matching titles."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", bare.casefold()).strip()


def slug(text: str) -> str:
    """URL-safe identifier from a title."""
    return fold(text).replace(" ", "-") or "untitled"


# ---------------------------------------------------------------- numbers
_THOUSANDS = "[,.\u00a0\u202f' ]"
COUNT_RE = rf"\d{{1,3}}(?:{_THOUSANDS}\d{{3}})+|\d+"
DECIMAL_RE = r"\d+(?:[.,]\d+)?"


def parse_count(token: str) -> int:
    """An integer written with any thousands separator: ``62,258``, ``62 258``, ``62.258``."""
    token = token.strip()
    suffix = token[-1:].upper()
    if suffix in {"K", "M"}:
        base = parse_decimal(token[:-1])
        return round(base * (1_000 if suffix == "K" else 1_000_000))
    digits = re.sub(r"[^\d]", "", token)
    if not digits:
        msg = f"not a count: {token!r}"
        raise ValueError(msg)
    return int(digits)


def parse_decimal(token: str) -> float:
    """A decimal with point or comma: ``7.6``, ``7,6``, ``54.50``."""
    token = token.strip().replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"\d{1,3}(?:[,.]\d{3})+", token) and not re.fullmatch(r"\d[,.]\d{3}", token):
        return float(re.sub(r"[,.]", "", token))
    return float(token.replace(",", "."))


_MULTIPLIERS = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mio": 1e6,
    "m": 1e6,
    "millions": 1e6,
    "billion": 1e9,
    "bn": 1e9,
}
_CURRENCY = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "fr": "FRF"}
MONEY_RE = re.compile(
    r"(?P<cur>US\$|\$|€|£|¥)\s?(?P<num>\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+(?:[.,]\d+)?(?!\d)|\d+(?:[.,]\d+)?)"
    r"(?:\s?(?P<mult>million|millions|mio|billion|bn|thousand)\b)?",
    re.I,
)


def parse_money(text: str) -> tuple[float, str] | None:
    """First amount of money in ``text`` as (value, ISO currency), or None."""
    m = MONEY_RE.search(text)
    if not m:
        return None
    num = m.group("num").strip()
    mult = m.group("mult")
    value = parse_decimal(num) if mult else float(parse_count(num))
    if mult:
        value *= _MULTIPLIERS[mult.lower()]
    return value, _CURRENCY[m.group("cur").lower()]


# ---------------------------------------------------------------- dates
_MONTHS = {
    # English
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
    # French, German, Spanish, Italian
    "janvier": 1,
    "février": 2,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "août": 8,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
    "decembre": 12,
    "januar": 1,
    "februar": 2,
    "märz": 3,
    "juni": 6,
    "juli": 7,
    "oktober": 10,
    "dezember": 12,
    "enero": 1,
    "febrero": 2,
    "marzo": 3,
    "abril": 4,
    "mayo": 5,
    "junio": 6,
    "julio": 7,
    "agosto": 8,
    "septiembre": 9,
    "octubre": 10,
    "noviembre": 11,
    "diciembre": 12,
    "gennaio": 1,
    "febbraio": 2,
    "aprile": 4,
    "maggio": 5,
    "giugno": 6,
    "luglio": 7,
    "settembre": 9,
    "ottobre": 10,
    "dicembre": 12,
}
_MONTH_ALT = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))
DATE_DMY = rf"\d{{1,2}}\.?\s(?:{_MONTH_ALT})\.?\s\d{{4}}"
DATE_MDY = rf"(?:{_MONTH_ALT})\.?\s\d{{1,2}},?\s\d{{4}}"
DATE_ISO = r"\d{4}-\d{2}-\d{2}"
DATE_RE = rf"(?:{DATE_ISO}|{DATE_DMY}|{DATE_MDY})"
_DMY = re.compile(rf"(\d{{1,2}})\.?\s({_MONTH_ALT})\.?\s(\d{{4}})", re.I)
_MDY = re.compile(rf"({_MONTH_ALT})\.?\s(\d{{1,2}}),?\s(\d{{4}})", re.I)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_date(text: str) -> str | None:
    """First date in ``text`` as ``YYYY-MM-DD`` (English and common European month names)."""
    candidates = []
    for rx, order in ((_ISO, "ymd"), (_DMY, "dmy"), (_MDY, "mdy")):
        m = rx.search(text)
        if m:
            candidates.append((m.start(), m, order))
    for _, m, order in sorted(candidates, key=lambda c: c[0]):
        parts = dict(zip(order, m.groups(), strict=True))
        month = parts["m"]
        month_no = int(month) if month.isdigit() else _MONTHS.get(month.lower())
        try:
            return date(int(parts["y"]), month_no or 0, int(parts["d"])).isoformat()
        except ValueError:
            continue
    return None


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: str) -> str:
    """User text made inert for Streamlit's markdown (every special character escaped)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


_ANY_SPACE = re.compile(r"\s+")


# characters of context an excerpt keeps before its match: a few words, so that the match
# shows in a table cell (about 60 characters wide) without widening it; a third of the
# excerpt (66) put it just past the cell's edge
EXCERPT_LEAD = 30


def excerpt(text: str, focus: re.Pattern[str] | None = None, width: int = 200) -> str:
    """About ``width`` characters of ``text`` (plain, whitespace collapsed): from a few words
    (``EXCERPT_LEAD``) before the first match of ``focus`` when there is one, else the
    start; '…' marks each cut."""
    flat = _ANY_SPACE.sub(" ", text).strip()
    if len(flat) <= width:
        return visible_controls(flat)
    m = focus.search(flat) if focus is not None else None
    start = 0 if m is None else max(0, min(m.start() - EXCERPT_LEAD, len(flat) - width))
    if start > 0:  # begin at a word
        space = flat.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    end = min(len(flat), start + width)
    if end < len(flat):
        space = flat.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    piece = flat[start:end]
    return visible_controls(("…" if start > 0 else "") + piece + ("…" if end < len(flat) else ""))
