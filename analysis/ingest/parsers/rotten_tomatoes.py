"""Rotten Tomatoes movie pages (readable text dumps)."""

from __future__ import annotations

import re

from analysis.ingest.parsers.base import Parsed, WorkRef, find, review_row
from analysis.ingest.work_titles import clean_title
from analysis.settings import DEFAULT, Settings
from analysis.text import COUNT_RE, DATE_RE, NormText, parse_count, parse_date, parse_decimal

_BADGES = ("Super Reviewer", "Top Critic", "Verified", "Verified Audience", "Certified Reviewer")
_BADGE_RE = re.compile(rf"\s*\(?({'|'.join(_BADGES)})\)?\s*$", re.I)
_REVIEWS_START = re.compile(r"audience reviews(?: for [^\n]*)?", re.I)
_REVIEWS_END = re.compile(
    r"(?m)^(?:[^\n]*\bquotes\s*$|news & features|see all audience reviews|view all audience)",
    re.I,
)
_ENTRY = re.compile(rf"(?m)^\s*(?:[•*·]\s*)?(?P<date>{DATE_RE})\s*$", re.I)
_PAGE_RESUMES = re.compile(r"\n[ \t]*\n(?=\S)[\s\S]*$")
_PARTIAL_HEAD = re.compile(r"\n[ \t]*[•*·][^\n]*$")
_STARS = re.compile(r"^\s*(?P<stars>[★☆]+½?|½)\s*")


def parse_rotten_tomatoes(norm: NormText, settings: Settings = DEFAULT) -> Parsed:  # noqa: ARG001 - the parser contract
    """Parse a Rotten Tomatoes movie page."""
    text = norm.text
    out = Parsed(kind="rotten_tomatoes")
    out.works.append(_identity(text))
    _consensus(text, out)
    _critic_scores(text, out)
    _audience_scores(text, out)
    _reviews(norm, out)
    return out


def _identity(text: str) -> WorkRef:
    first = next((ln.strip() for ln in text.split("\n") if ln.strip()), "")
    first = re.sub(r"\s*[-|]\s*rotten tomatoes\s*$", "", first, flags=re.I)
    ref = WorkRef("film")
    year = re.search(r"\s\((\d{4})\)\s*$", first)
    if year:
        ref.year, first = int(year.group(1)), first[: year.start()]
    orig = re.search(r"\s\(([^()]+)\)\s*$", first)
    if orig:
        ref.original_title, first = orig.group(1).strip(), first[: orig.start()]
    ref.title = first.strip() or None
    if ref.year is None and ref.title:
        # the title bar names the film without its year ("Kick-Ass Movie Reviews,
        # Pictures"); the page's heading gives it ("Kick-Ass (2010)")
        name = clean_title(ref.title)
        bare = re.escape(name.title if name else ref.title)
        heading = re.search(rf"(?m)^[ \t]*{bare}[ \t]*\((?P<y>\d{{4}})\)[ \t]*$", text)
        ref.year = int(heading.group("y")) if heading else None
    return ref


# a consensus is a sentence; a menu item or a headline after the same words is not
_SENTENCE = re.compile(r"^(?:\S+\s+){4,}\S*[.!?\u2026][\"'\u201d\u2019)]*$")
NO_CONSENSUS = re.compile(r"^no consensus yet", re.IGNORECASE)


def consensus_row(text: str) -> dict:
    """A Rotten Tomatoes critics consensus as ``Parsed.consensus`` holds it (the page's
    film's), from the text parser or from a saved page's markup (``html.py``)."""
    return {"work": "film", "platform": "rotten_tomatoes", "text": text}


def _consensus(text: str, out: Parsed) -> None:
    """The first sentence that follows "Critics Consensus" (a saved page's menu and news
    list put "Five Favorite Films" or a headline after the same words)."""
    for m in re.finditer(r"critics consensus:?\s*\n*(?P<c>[^\n]+)", text, re.IGNORECASE):
        said = m.group("c").strip()
        if NO_CONSENSUS.match(said):
            return
        if _SENTENCE.match(said):
            out.consensus.append(consensus_row(said))
            return


# the Tomatometer as the page's eras write it: "Tomatometer 78%", "78% Tomatometer" (the
# number, the sign and the word on lines of their own in 2008-2010), "98% of critics liked
# it" (the mobile site), "96 %" just above "Reviews Counted: 47" (2008), and in 2013 the
# number alone (its sign an image) above the card's "Average Rating: 7.2/10" and "Reviews
# Counted: 148"
_METER = (
    r"tomatometer:?\s*(?P<v>\d{1,3})\s*%"
    r"|(?P<w>\d{1,3})\s*%\s*(?:tomatometer|of critics liked it|reviews counted\b)"
    r"|(?<![\d.,/])(?P<x>\d{1,3})\s*%?\s*average rating:?\s*\d+(?:[.,]\d+)?\s*/\s*10\s*"
    r"reviews counted\b"
)
# the count of reviews: "Total Count: 41", "All Critics (41)", "Reviews Counted: 41"
_TOTAL = (
    rf"total count:?\s*(?P<n>{COUNT_RE})|all critics \((?P<m>{COUNT_RE})\)"
    rf"|reviews counted:?\s*(?P<k>{COUNT_RE})"
)


def _critic_scores(text: str, out: Parsed) -> None:
    meter = find(_METER, text)
    total = find(_TOTAL, text)
    n_total = (
        parse_count(total.group("n") or total.group("m") or total.group("k")) if total else None
    )
    counts = {}
    # "Fresh (128)", and "Fresh: 128" / "Rotten:20" on the 2008-2013 score card
    for metric, label, with_colon in (
        ("top_critics_count", "top critics", False),
        ("fresh_count", "fresh", True),
        ("rotten_count", "rotten", True),
    ):
        colon = rf"|\b{label}:\s*(?P<c>{COUNT_RE})\b" if with_colon else ""
        m = find(rf"\b{label} \((?P<n>{COUNT_RE})\){colon}", text)
        if m:
            counts[metric] = parse_count(m.group("n") or m.group("c"))
            out.add_aggregate("rotten_tomatoes", metric, counts[metric], m.group(0))
    if total:
        out.add_aggregate("rotten_tomatoes", "critic_reviews_count", n_total, total.group(0))
    if meter:
        v = meter.group("v") or meter.group("w") or meter.group("x")
        out.add_aggregate(
            "rotten_tomatoes",
            "tomatometer",
            float(v),
            meter.group(0),
            scale_max=100.0,
            n=n_total,
            value_text=v,
        )
    elif "fresh_count" in counts and "rotten_count" in counts:
        _derive_tomatometer(counts["fresh_count"], counts["rotten_count"], n_total, out)
    else:
        out.warn("no Tomatometer and no fresh/rotten counts to derive it from")
    avg = find(r"average rating:?\s*(?P<v>\d+(?:[.,]\d+)?)\s*/\s*10", text)
    if avg:
        out.add_aggregate(
            "rotten_tomatoes",
            "critic_average_rating",
            parse_decimal(avg.group("v")),
            avg.group(0),
            scale_max=10.0,
            n=n_total,
            value_text=avg.group("v"),
        )


def _derive_tomatometer(fresh: int, rotten: int, total: int | None, out: Parsed) -> None:
    n = fresh + rotten
    if total is not None and total != n:
        out.warn(f"fresh {fresh} + rotten {rotten} = {n}, but the page's total is {total}")
    if n == 0:
        return
    out.add_aggregate(
        "rotten_tomatoes",
        "tomatometer",
        round(100 * fresh / n, 1),
        f"Fresh ({fresh}) | Rotten ({rotten})",
        scale_max=100.0,
        n=n,
        derived=True,
        fresh=fresh,
    )


def _audience_scores(text: str, out: Parsed) -> None:
    ratings = find(rf"user ratings:?\s*(?P<n>{COUNT_RE})", text)
    n = parse_count(ratings.group("n")) if ratings else None
    score = find(
        # "87% liked it", and "87" above "liked it" (2013, its sign an image)
        r"audience score:?\s*(?P<v>\d{1,3})\s?%"
        r"|(?<![\d.,/])(?P<w>\d{1,3})\s*%?\s*(?:of users )?liked it",
        text,
    )
    if ratings:
        out.add_aggregate("rotten_tomatoes", "audience_ratings_count", n, ratings.group(0))
    if score:
        v = score.group("v") or score.group("w")
        out.add_aggregate(
            "rotten_tomatoes",
            "audience_score",
            float(v),
            score.group(0),
            scale_max=100.0,
            n=n,
            value_text=v,
        )


def _reviews(norm: NormText, out: Parsed) -> None:
    text = norm.text
    start = _REVIEWS_START.search(text)
    if not start:
        out.warn_reviews("no audience reviews section")
        return
    end = _REVIEWS_END.search(text, start.end())
    stop = end.start() if end else len(text)
    entries = list(_ENTRY.finditer(text, start.end(), stop))
    for i, e in enumerate(entries):
        body_end = entries[i + 1].start() if i + 1 < len(entries) else stop
        _entry(norm, e, body_end, out)
    if not entries:
        out.warn_reviews("audience reviews section holds no dated review")


def _entry(norm: NormText, head: re.Match[str], body_end: int, out: Parsed) -> None:
    text = norm.text
    block = text[head.end() : body_end].rstrip()
    # a page cut inside the next entry's header leaves its bullet ("  • Sep 2") behind
    block = _PARTIAL_HEAD.sub("", block).rstrip()
    # entry lines are indented; text after a blank line at the margin is the page going on
    # (the end-of-section heading, perhaps cut short) and not part of this review
    block = _PAGE_RESUMES.sub("", block).rstrip()
    lines = block.split("\n")
    last = lines[-1].strip() if lines else ""
    badge = _BADGE_RE.search(last)
    author_line = len(lines) > 1 and (badge or len(last) < 40)
    author = None
    if author_line:
        author = (last[: badge.start()] if badge else last).strip() or None
        block = block[: block.rfind("\n")]
    start = head.end()
    rating = None
    stars = _STARS.match(block)
    if stars:
        s = stars.group("stars")
        rating = s.count("★") + (0.5 if "½" in s else 0.0)
        start += stars.end()
        block = block[stars.end() :]
    row = review_row(
        norm,
        start,
        start + len(block),
        source="rotten_tomatoes",
        author=author,
        date=parse_date(head.group("date")),
        badge=badge.group(1) if badge else None,
        rating=rating,
        rating_scale=5.0 if rating is not None else None,
    )
    if len(row["text"]) < 2:
        out.warn_reviews(f"audience review dated {row['date']} has no text")
        return
    if author is None:
        out.warn_reviews(f"audience review dated {row['date']} has no author line")
    out.reviews.append(row)
