"""IMDb title pages, in readable form or flattened to one line (any case, entities left in)."""

from __future__ import annotations

import re

from analysis.ingest.parsers.base import NO_REVIEWS, Parsed, WorkRef, find, review_row
from analysis.settings import DEFAULT, Settings
from analysis.text import (
    COUNT_RE,
    DATE_DMY,
    DATE_RE,
    NormText,
    parse_count,
    parse_date,
    parse_decimal,
    parse_money,
)

RATING = r"(?P<rating>\d{1,2}(?:[.,]\d)?)\s?/\s?10"
_HEADER_PATTERNS = (
    # "7.6/10 62,258 244 user 47 critic" (readable lines or flattened)
    # (a minified page may write "880 user238 critic": the counts' words end them)
    rf"{RATING}\s+(?P<votes>{COUNT_RE}|\d+(?:[.,]\d)?[KM])\s+(?P<user>{COUNT_RE})\s+user"
    rf"\s*(?P<critic>{COUNT_RE})\s+critic",
    # "User Rating: 7.7/10 (57,532 votes)" and "Ratings: 7.7/10 from 57,532 users"; the
    # spaces after the colon and before the parenthesis may be missing in a minified page
    rf"ratings?(?::\s*|\s+){RATING}\s*(?:\(|from\s+)(?P<votes>{COUNT_RE})\s+(?:votes|users)",
    # "IMDb RATING 7.6/10 62K"
    rf"imdb rating\s+{RATING}\s+(?P<votes>\d+(?:[.,]\d)?[KM]|{COUNT_RE})",
)
_REVIEW_HEAD = re.compile(
    rf"(?P<date>{DATE_RE})\s*\|\s*by\s+(?P<author>[^\n|]+?)\s*(?:[–—-]\s*)?"
    r"(?:see all my reviews|\n|$)",
    re.I,
)
_HELPFUL = re.compile(
    rf"(?P<yes>{COUNT_RE}) (?:of|out of) (?P<total>{COUNT_RE}) (?:people )?found this"
    r"(?: review)? helpful\.?(?:\s*was this review helpful to you\?(?:\s*(?:yes\s+no|\|))?)?"
    r"(?:\s*\|?\s*report this)?",
    re.I,
)
_REVIEWS_END = re.compile(
    r"review this title|see all \d[\d,.]* user reviews|contribute to this page", re.I
)
_SKIP_SECTIONS = {
    "storyline": (r"\bstoryline\b", "plot summary written by a user, not a review"),
    "trivia": (r"\btrivia\b\s+\S", "trivia, not a review"),
    "goofs": (r"\bgoofs\b\s+\S", "goofs, not a review"),
    "quotes": (r"\bquotes\b\s+\S", "quotes from the film, not a review"),
}


def parse_imdb(norm: NormText, settings: Settings = DEFAULT) -> Parsed:  # noqa: ARG001 - the parser contract
    """Parse an IMDb title page."""
    text = norm.text
    out = Parsed(kind="imdb")
    out.works.append(_identity(text))
    _header_scores(text, out)
    _metascore(text, out)
    _figures(text, out)
    _as_of(text, out)
    out.related.extend(related_titles(text))
    _reviews(norm, out)
    for section, (pattern, reason) in _SKIP_SECTIONS.items():
        if find(pattern, text):
            out.skipped.append((section, reason))
    return out


def _identity(text: str) -> WorkRef:
    head = text[:20_000]
    ref = WorkRef("film")
    m = find(
        r"(?m)^\s*(?P<t>[^\n|]{1,200}?)\s\((?:TV Movie |Video )?(?P<y>\d{4})\)(?:\s*-\s*imdb)?",
        head,
    )
    if m:
        ref.title, ref.year = m.group("t").strip(), int(m.group("y"))
    orig = find(r"(?m)^(?P<t>[^\n]{1,200}?)\s\(original title\)", head)
    if orig:
        ref.original_title = orig.group("t").strip()
    tt = find(r"\b(tt\d{7,8})\b", text)
    if tt:
        ref.imdb_id = tt.group(1)
    return ref


def _header_scores(text: str, out: Parsed) -> None:
    m = next((found for p in _HEADER_PATTERNS if (found := find(p, text))), None)
    if m is None:
        out.warn("no IMDb user rating with a vote count found")
    else:
        quote = m.group(0)
        out.add_aggregate(
            "imdb",
            "user_rating",
            parse_decimal(m.group("rating")),
            quote,
            scale_max=10.0,
            n=parse_count(m.group("votes")),
            value_text=m.group("rating"),
        )
        if m.group("votes")[-1:].upper() in {"K", "M"}:
            out.warn(f"vote count shown rounded ({m.group('votes')}); n is approximate")
        if m.groupdict().get("user"):  # the rating's line gives the reviews' counts too
            out.add_aggregate("imdb", "user_reviews_count", parse_count(m.group("user")), quote)
            out.add_aggregate("imdb", "critic_reviews_count", parse_count(m.group("critic")), quote)
            return
    # the reviews' count where the rating's line does not give it
    m = find(r"see all (?P<n>" + COUNT_RE + r") user reviews", text)
    if m:
        out.add_aggregate("imdb", "user_reviews_count", parse_count(m.group("n")), m.group(0))


def _metascore(text: str, out: Parsed) -> None:
    # "80 Metascore", "80Metascore" (the number and the word in two elements, nothing
    # between them), "Metascore: 80/100"; its count where the star box gives it ("Reviews:
    # 246 user | 120 critic | 40 from Metacritic.com")
    m = find(
        r"\b(?P<v>\d{1,3})\s*metascore\b(?:\s+from metacritic\.com)?|\bmetascore:?\s+(?P<w>\d{1,3})\b",
        text,
    )
    if m:
        value = int(m.group("v") or m.group("w"))
        count = find(
            rf"(?P<n>{COUNT_RE})\s+(?:from|review excerpts provided by)\s+metacritic\.com", text
        )
        out.add_aggregate(
            "metacritic",
            "metascore",
            value,
            m.group(0),
            scale_max=100.0,
            value_text=str(value),
            n=parse_count(count.group("n")) if count else None,
        )


_MONEY = r"(?:US\$|\$|€|£)\s?(?:\d{1,3}(?:[,.\u00a0 ]\d{3})+|\d+)(?:[.,]\d+)?"
_FIGURES = (
    ("budget", rf"budget:?\s+{_MONEY}"),
    ("opening_weekend", rf"opening weekend(?: usa| us| united states)?:?\s+{_MONEY}"),
    ("us_gross", rf"gross (?:usa|us|united states(?: & canada)?):?\s+{_MONEY}"),
    ("us_gross", rf"\bgross:?\s+{_MONEY}\s*\((?:usa|us)\)"),
    ("worldwide_gross", rf"(?:cumulative )?worldwide gross:?\s+{_MONEY}"),
)


def _figures(text: str, out: Parsed) -> None:
    seen: set[str] = set()
    for figure, pattern in _FIGURES:
        m = find(pattern, text)
        if m and figure not in seen:
            money = parse_money(m.group(0))
            if money:
                seen.add(figure)
                out.add_figure(figure, money[0], money[1], m.group(0))
    _awards(text, out)
    runtime = find(r"runtime:?\s+(?P<m>\d{2,3})\s?min", text) or find(
        r"\|\s*(?P<h>\d)h\s?(?P<mm>\d{1,2})min\s*\|", text
    )
    if runtime:
        gd = runtime.groupdict()
        minutes = int(gd["m"]) if gd.get("m") else int(gd["h"]) * 60 + int(gd["mm"])
        out.add_figure("runtime", minutes, "min", runtime.group(0))


def _awards(text: str, out: Parsed) -> None:
    """'3 wins & 12 nominations', with 'Won 1 Oscar. Another ...' / 'Nominated for ...' added."""
    m = find(
        r"(?:(?P<verb>won|nominated for) (?P<o>\d+) (?:oscars?|golden globes?|baftas?)\.?\s*another )?"
        r"(?P<w>\d+) wins? (?:&|and) (?P<n>\d+) nominations?",
        text,
    )
    if not m:
        return
    wins, noms = int(m.group("w")), int(m.group("n"))
    if m.group("verb"):
        extra = int(m.group("o"))
        if m.group("verb").lower() == "won":
            wins += extra
        else:
            noms += extra
    out.add_figure("wins", wins, "count", m.group(0))
    out.add_figure("nominations", noms, "count", m.group(0))


def _as_of(text: str, out: Parsed) -> None:
    """A page's date: its newest dated news item, else its copyright year."""
    news = [
        parse_date(m.group(0)) for m in re.finditer(rf"{DATE_DMY}\s+\d{{1,2}}:\d{{2}}", text, re.I)
    ]
    news = [d for d in news if d]
    copyright_year = find(r"(?:copyright|©)\s*(?:©\s*)?\d{4}\s*[-–]\s*(?P<y>\d{4})", text)
    if news:
        out.as_of, out.as_of_basis = max(news), "newest dated news item on the page"
    elif copyright_year:
        out.as_of, out.as_of_basis = copyright_year.group("y"), "copyright year in the footer"


# ---------------------------------------------------------------- related titles
# the rating widget's ten stars then the rating: on one line in a flattened dump, one star
# a line in the text of a saved 2010-2016 page
_STARS = r"\s+".join(str(n) for n in range(1, 11))
_WIDGET = re.compile(rf"{_STARS}\s+{RATING}\s*x?\b", re.I)
_RELATED_START = re.compile(r"more like this|people who liked this also liked", re.I)
_RELATED_END = re.compile(r"(?m)^edit\s*$|\bedit cast\b|cast overview|\n\s*cast\s*\n", re.I)
_TITLE_GENRES = re.compile(
    r"^(?:(?P<title>.+?)\s\((?P<year>\d{4})\)\s+)?(?P<genres>[A-Za-z\-]+(?:\s?\|\s?[A-Za-z\-]+)*)$"
)
_NOISE = re.compile(
    r"◄\s*prev\s*\d+\s*next\s*\d+\s*►|\b0\s+next\s*»|\bnext\s*»|\bprev\s*«|\bcertificate:\s*\S+",
    re.I,
)


def related_titles(text: str) -> list[dict]:
    """The 'More like this' entries, in page order; a missing title stays None."""
    start = _RELATED_START.search(text)
    if not start:
        return []
    end = _RELATED_END.search(text, start.end())
    section = text[start.end() : end.start() if end else len(text)]
    widgets = list(_WIDGET.finditer(section))
    rows = []
    cursor = 0
    for i, w in enumerate(widgets):
        head = _NOISE.sub(" ", section[cursor : w.start()])
        head = re.sub(r"\s+", " ", head).strip(" .\n")
        nxt = widgets[i + 1].start() if i + 1 < len(widgets) else len(section)
        body, cursor = _entry_body(section, w.end(), nxt)
        m = _TITLE_GENRES.match(head.split("\n")[-1].strip()) or _TITLE_GENRES.match(head)
        rows.append(
            {
                "work": "film",
                "position": i + 1,
                "title": m.group("title") if m and m.group("title") else None,
                "year": int(m.group("year")) if m and m.group("year") else None,
                "genres": m.group("genres") if m else (head or None),
                "rating": parse_decimal(w.group("rating")),
                "rating_scale": 10.0,
            }
            | body
        )
    return rows


def _entry_body(section: str, start: int, stop: int) -> tuple[dict, int]:
    """Description, directors and stars after a rating widget; returns where the entry ends."""
    chunk = section[start:stop]
    director = find(r"directors?:\s*(?P<d>(?:[^\n]*,[ \t]*\n\s*)*.+?)\s*(?=stars?:|\n|$)", chunk)
    # the stars run on after a comma at a line's end (one name a line in a saved page's text)
    stars = find(r"stars?:\s*(?P<s>(?:[^\n]*,[ \t]*\n\s*)*[^\n]+?)(?=\s+0\s+next|\s*\n|$)", chunk)
    desc_end = director.start() if director else (stars.start() if stars else len(chunk))
    description = re.sub(r"\s+", " ", chunk[:desc_end]).strip() or None
    end = start + (stars.end() if stars else (director.end() if director else len(chunk)))
    body = {
        "description": description,
        "directors": re.sub(r"\s+", " ", director.group("d")).strip() if director else None,
        "stars": re.sub(r"\s+", " ", stars.group("s")).strip() if stars else None,
    }
    return body, end


# the start of a helpful-votes line, cut short by the end of the page
_CUT_HELPFUL = re.compile(
    r"\n[ \t]*\n\s*\d[\d,.]*(?:\s+(?:o(?:f(?:\s+[\d,.]*(?:\s+[^\n]*)?)?)?)?)?\s*\Z", re.I
)


# ---------------------------------------------------------------- reviews
def _reviews(norm: NormText, out: Parsed) -> None:
    text = norm.text
    start = find(r"\buser reviews\b(?!\s*(?:\||imdbpro|user ratings))", text[len(text) // 3 :])
    base = len(text) // 3 + start.end() if start else 0
    heads = [h for h in _REVIEW_HEAD.finditer(text, base)]
    if not heads:
        out.warn_reviews(NO_REVIEWS)
        return
    boundary = base
    for i, head in enumerate(heads):
        limit = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        helpful = _HELPFUL.search(text, head.end(), limit)
        ender = _REVIEWS_END.search(text, head.end(), limit)
        stop = min(x.start() for x in (helpful, ender, _Pos(limit)) if x)
        if stop == len(text) and (cut := _CUT_HELPFUL.search(text, head.end(), stop)):
            stop = cut.start()  # the page ends inside the "58 of 62 people found..." line
            out.warn(
                f"the page ends inside the review by {head.group('author').strip()}'s votes line"
            )
        title, rating = _title_before(text[boundary : head.start()])
        row = review_row(
            norm,
            head.end(),
            stop,
            source="imdb",
            author=head.group("author").strip(),
            date=parse_date(head.group("date")),
            title=title,
            rating=rating,
            rating_scale=10.0 if rating is not None else None,
            helpful_yes=parse_count(helpful.group("yes")) if helpful else None,
            helpful_total=parse_count(helpful.group("total")) if helpful else None,
        )
        if len(row["text"]) < 2:
            out.warn_reviews(f"review by {row['author']} has no text (page cut short?)")
            continue
        out.reviews.append(row)
        boundary = helpful.end() if helpful else stop


class _Pos:
    def __init__(self, pos: int) -> None:
        self._pos = pos

    def start(self) -> int:
        return self._pos


def _title_before(chunk: str) -> tuple[str | None, float | None]:
    """The review title sits just before its date line (readable: the line before)."""
    chunk = chunk.strip()
    lines = [ln.strip() for ln in chunk.split("\n") if ln.strip()]
    if not lines:
        return None, None
    rating = None
    title = lines[-1]
    m = re.match(r"^(\d{1,2})\s?/\s?10\b\s*", title)
    if m:
        rating, title = float(m.group(1)), title[m.end() :]
    if len(lines) >= 2 and rating is None:
        m = re.fullmatch(r"(\d{1,2})\s?/\s?10", lines[-2])
        rating = float(m.group(1)) if m else None
    if len(title) > 300:
        return None, rating
    return title or None, rating
