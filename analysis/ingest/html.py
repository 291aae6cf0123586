"""Pages saved from a browser: schema.org structured data first (JSON-LD or microdata, read
with ``extruct``), then the page's visible text through the text parsers."""

from __future__ import annotations

import re

import extruct
import lxml.html

from analysis.ingest.parsers.base import Parsed, WorkRef
from analysis.text import clean_html_fast, parse_date, parse_decimal

_BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "table",
    "ul",
    "ol",
    "dd",
    "dt",
    "blockquote",
}
_WORK_TYPES = {
    "Movie": "film",
    "VideoGame": "video_game",
    "TVSeries": "film",
    "CreativeWork": "film",
}
_SITES = (
    ("imdb.com", "imdb"),
    ("rottentomatoes.com", "rotten_tomatoes"),
    ("metacritic.com", "metacritic"),
)


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or ("<body" in head and "</" in text)


def visible_text(html: str) -> str:
    """The text a reader sees: scripts and styles dropped, block elements on their own lines."""
    doc = lxml.html.fromstring(html)
    for bad in doc.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    for el in doc.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
    return re.sub(r"\n\s*\n+", "\n\n", doc.text_content())


def _items(html: str) -> list[dict]:
    data = extruct.extract(html, syntaxes=["json-ld", "microdata"], uniform=True, errors="ignore")
    items: list[dict] = []
    for item in data.get("json-ld", []) + data.get("microdata", []):
        graph = item.get("@graph") if isinstance(item, dict) else None
        items.extend(
            g for g in (graph if isinstance(graph, list) else [item]) if isinstance(g, dict)
        )
    return items


def _first(value):
    return value[0] if isinstance(value, list) and value else value


def _name(value) -> str | None:
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("name")
    return str(value).strip() if value else None


def _site(item: dict, fallback: str) -> str:
    url = str(item.get("url") or item.get("@id") or "")
    return next((kind for host, kind in _SITES if host in url), fallback)


def structured_data(html: str, fallback_kind: str) -> Parsed | None:
    """A Parsed from the page's first schema.org Movie/VideoGame, or None if there is none."""
    work = next((i for i in _items(html) if _first(i.get("@type")) in _WORK_TYPES), None)
    if work is None:
        return None
    kind = _site(work, fallback_kind)
    out = Parsed(kind=kind)
    year = re.search(r"\d{4}", str(work.get("datePublished") or work.get("dateCreated") or ""))
    imdb = re.search(r"tt\d{7,8}", str(work.get("url") or "") + " " + str(work.get("sameAs") or ""))
    out.works.append(
        WorkRef(
            "film",
            _name(work),
            _name(work.get("alternateName")),
            int(year.group()) if year else None,
            _WORK_TYPES[_first(work["@type"])],
            imdb_id=imdb.group() if imdb else None,
        )
    )
    _rating(work.get("aggregateRating"), kind, out)
    reviews = work.get("review") or []
    for review in reviews if isinstance(reviews, list) else [reviews]:
        _review(review, kind, out)
    return out


_PLATFORM_METRIC = {
    "imdb": ("imdb", "user_rating"),
    "metacritic": ("metacritic", "metascore"),
    "rotten_tomatoes": ("rotten_tomatoes", "tomatometer"),
}


def _rating(agg, kind: str, out: Parsed) -> None:
    if not isinstance(agg, dict) or agg.get("ratingValue") in (None, ""):
        return
    if kind not in _PLATFORM_METRIC:
        out.warn(
            f"structured rating {agg.get('ratingValue')} from a site the ingest does not know: not stored"
        )
        return
    platform, metric = _PLATFORM_METRIC[kind]
    value_text = str(agg["ratingValue"])
    best = float(agg.get("bestRating") or (10 if metric == "user_rating" else 100))
    n = agg.get("ratingCount") or agg.get("reviewCount")
    out.add_aggregate(
        platform,
        metric,
        parse_decimal(value_text),
        f"schema.org AggregateRating {agg}",
        scale_max=best,
        n=int(str(n).replace(",", "")) if n else None,
        value_text=value_text,
    )


def _review(review, kind: str, out: Parsed) -> None:
    if not isinstance(review, dict):
        return
    body = clean_html_fast(str(review.get("reviewBody") or review.get("description") or ""))
    if not body:
        out.warn("a structured review has no text")
        return
    rating = review.get("reviewRating") if isinstance(review.get("reviewRating"), dict) else {}
    value = rating.get("ratingValue")
    out.reviews.append(
        {
            "work": "film",
            "text": body,
            "source": kind,
            "author": _name(review.get("author")),
            "date": parse_date(str(review.get("datePublished") or "")),
            "title": _name(review.get("name")),
            "rating": float(value) if value not in (None, "") else None,
            "rating_scale": float(rating.get("bestRating") or 10)
            if value not in (None, "")
            else None,
        }
    )


def parse_html_page(html: str, detect, parsers, settings) -> tuple[str, Parsed | None, dict]:
    """(kind, parsed, signal counts) for a saved HTML page: structured data merged over the
    text parser's result on the visible text. Review spans are left empty (they would index
    the visible text, not the file)."""
    from analysis.text import normalise

    text = visible_text(html)
    kind, counts = detect(text, settings)
    structured = structured_data(html, kind)
    parsed = parsers(kind)(normalise(text), settings) if kind != "unknown" else None
    if parsed is not None:
        for r in parsed.reviews:
            r["span_start"] = r["span_end"] = None
    if structured is None:
        return kind, parsed, counts
    if parsed is None:
        return structured.kind, structured, counts
    if structured.reviews:
        parsed.reviews = structured.reviews
    have = {(a["platform"], a["metric"]) for a in parsed.aggregates}
    parsed.aggregates += [
        a for a in structured.aggregates if (a["platform"], a["metric"]) not in have
    ]
    ref, sref = parsed.works[0], structured.works[0]
    ref.imdb_id = ref.imdb_id or sref.imdb_id
    ref.title = sref.title or ref.title
    ref.year = ref.year or sref.year
    parsed.warnings += structured.warnings
    return kind, parsed, counts
