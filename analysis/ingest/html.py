"""Pages saved from a browser: schema.org structured data first (JSON-LD or microdata, read
with ``extruct``), then the page's visible text through the text parsers."""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html

from analysis.ingest.markup import has_class
from analysis.ingest.page_meta import (
    embedded_scores,
    has_quoted_scores,
    page_date,
    page_meta,
    page_urls,
    site_of,
)
from analysis.ingest.parsers.base import Parsed, WorkRef
from analysis.ingest.parsers.rotten_tomatoes import NO_CONSENSUS, consensus_row
from analysis.ingest.related_html import imdb_related
from analysis.ingest.reviews_html import listed_reviews
from analysis.ingest.work_titles import (
    Name,
    clean_title,
    metacritic_game,
    page_names,
    page_year,
    tv_page_form,
    work_form,
)
from analysis.labels import platform_label
from analysis.text import clean_html_fast, fold, parse_date, parse_decimal

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
    # a minified page writes its head (the title) and sections with nothing between them
    "head",
    "main",
    "nav",
    "aside",
    "figure",
    "figcaption",
    "pre",
    "hr",
}
# a table's cells, apart on their line: "Directed by" and "Jean-Pierre Jeunet" are two
# cells of one row, which a page's source often writes with nothing between them
_CELLS = {"td", "th"}
_WORK_TYPES = {
    "Movie": "film",
    "VideoGame": "video_game",
    "TVSeries": "film",
    "TVEpisode": "film",
    "TVMovie": "film",
    "TVMiniSeries": "film",
    "CreativeWork": "film",
}


def looks_like_html(text: str) -> bool:
    """A saved page, or a fragment of one (an ``action=render`` body, a DOM section): the
    document markers, or markup throughout its start."""
    head = text[:2000].lower()
    if "<html" in head or "<!doctype html" in head or ("<body" in head and "</" in text):
        return True
    return len(re.findall(r"<(?:div|p|span|a|table|section|h[1-6]|li|ul)\b[^>]*>", head)) >= 8


def visible_text(page: str | lxml.html.HtmlElement) -> str:
    """The text a reader sees: scripts and styles dropped, block elements on their own lines,
    a table row's cells apart by a tab. ``page``: the HTML, or its parsed tree (which this
    changes: read anything else first)."""
    doc = lxml.html.fromstring(page) if isinstance(page, str) else page
    for bad in doc.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    for el in doc.iter():
        tag = el.tag.lower() if isinstance(el.tag, str) else None
        if tag in _BLOCKS:  # on its own line, as a browser shows it
            el.text = "\n" + (el.text or "")
            el.tail = "\n" + (el.tail or "")
        elif tag in _CELLS:
            el.tail = "\t" + (el.tail or "")
    return re.sub(r"\n\s*\n+", "\n\n", doc.text_content())


# Rotten Tomatoes marks its critics consensus up: <p id="consensus"><span>Consensus:</span> …
# (2008-2010), <p class="critic_consensus"> (2013, with no label in the text at all),
# <span data-qa="critics-consensus"> (2020s). Read there, not off the visible text, where
# the site's menu ("Critics Consensus" above "Five Favorite Films") and news headlines
# ("Critics Consensus: Kick-Ass Is Certified Fresh") also follow those words.
_MARKED_CONSENSUS = (
    '//*[@data-qa="critics-consensus"]'
    ' | //*[@id="consensus"]'
    f" | //*[{has_class('critic_consensus')}]"
)


def marked_consensus(doc: lxml.html.HtmlElement) -> str | None:
    """The critics consensus a Rotten Tomatoes page marks up (first of its places), without
    its label; None where the page marks none or says there is none yet."""
    for el in doc.xpath(_MARKED_CONSENSUS):
        text = re.sub(r"\s+", " ", el.text_content()).strip()
        text = re.sub(r"^(?:critics )?consensus:\s*", "", text, flags=re.IGNORECASE)
        if text and not NO_CONSENSUS.match(text):
            return text
    return None


def _items(html: str) -> list[dict]:
    import extruct  # noqa: PLC0415 - 0.15 s to import, and only HTML pages need it

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
        value = _first(value.get("name"))  # microdata can give two names: the first
    return str(value).strip() if value else None


def _site(item: dict, fallback: str) -> str:
    """The rating site the item's own URL names, else ``fallback``."""
    site = site_of(str(item.get("url") or item.get("@id") or ""))
    return site if site in _PLATFORM_METRIC else fallback


def structured_data(html: str, fallback_kind: str) -> Parsed | None:
    """A Parsed from the page's first schema.org Movie/VideoGame, or None if there is none."""
    items = _items(html)
    work = next((i for i in items if _first(i.get("@type")) in _WORK_TYPES), None)
    if work is None:
        # microdata can mark up the rating without the work around it (IMDb 2014)
        agg = next((i for i in items if _first(i.get("@type")) == "AggregateRating"), None)
        if agg is None or fallback_kind not in _PLATFORM_METRIC:
            return None
        work = {"@type": "CreativeWork", "aggregateRating": agg}
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
            form=work_form(_first(work["@type"])),  # "TVSeries" -> "TV series"
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
    try:
        low = float(rating.get("worstRating") or 1)
        if value not in (None, "") and parse_decimal(str(value)) < low:
            value = None  # a 0 on a 1-10 scale is "not rated", not a score
    except (TypeError, ValueError):
        value = None  # a rating that is not a number is no rating
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
    """(kind, parsed, signal counts) for a saved HTML page.

    The site comes from the page's own metadata first (``page_meta``), the visible text's
    signals only where the page says nothing. Scores are merged by precision: schema.org
    data, then the page's embedded state and score markup, then the visible text; a value
    from a less precise source for the same score is dropped with a warning when it
    differs ("1.1M" shown for 1,053,879 counted). A page that is not about one title
    (search, person, list, profile) gives no aggregate. Review spans are left empty (they
    would index the visible text, not the file)."""
    from analysis.text import normalise

    meta = page_meta(html)
    doc = lxml.html.fromstring(html)  # parsed once: the names first, then the visible text
    names = page_names(doc)
    marked = _Marked(
        marked_consensus(doc),
        imdb_related(doc),
        listed_reviews(doc),
    )
    text = visible_text(doc)  # after the markup's readers: it drops the page's scripts
    kind, counts = detect(text, settings)
    kind, said = _page_kind(meta, kind, html)
    structured = structured_data(html, kind)
    parsed = parsers(kind)(normalise(text), settings) if kind != "unknown" else None
    if parsed is not None:
        for r in parsed.reviews:
            r["span_start"] = r["span_end"] = None
    if parsed is None and structured is not None:
        kind, parsed, structured = structured.kind, structured, None
    if parsed is None:
        return kind, parsed, counts
    embedded = [dict(row, work="film", derived=False) for row in embedded_scores(html, kind)]
    better = (structured.aggregates if structured is not None else []) + embedded
    _merge_aggregates(parsed, better)
    data_year = _merge_structured(parsed, structured)
    _take_marked(parsed, kind, meta.is_review_page, marked)
    _name_the_works(parsed, names, html, kind, data_year)
    parsed.note_site(said)
    day, basis = page_date(html)
    if day and (parsed.as_of is None or len(str(parsed.as_of)) < len(day)):
        parsed.as_of, parsed.as_of_basis = day, basis  # a day beats a footer's year
    if not meta.is_review_page:
        _not_about_one_title(parsed, meta.evidence)
    return kind, parsed, counts


def untitled_reviews(html: str) -> str | None:
    """Why a page the ingest could not place is skipped, where its markup lists user
    reviews (a copied fragment of a reviews page, without the ``<head>`` that names its
    title): how many, of which site, and what to save instead. None where it lists none."""
    listed = {
        site: len(rows) + textless
        for site, (rows, textless) in listed_reviews(lxml.html.fromstring(html)).items()
        if rows or textless
    }
    if not listed:
        return None
    found = ", ".join(f"{n} {platform_label(site)} user review(s)" for site, n in listed.items())
    return (
        f"lists {found} but names no title (a copied part of a page, without its <head>?): "
        "nothing stored, as the reviews would belong to no work; save the whole reviews "
        "page instead"
    )


@dataclass
class _Marked:
    """What a page's markup says that its visible text garbles or lacks."""

    consensus: str | None  # a Rotten Tomatoes consensus (``marked_consensus``)
    related: list[dict]  # IMDb's "More like this", with ids (``imdb_related``)
    # by site: the user reviews its markup lists and how many of them had no text
    # (``reviews_html.listed_reviews``)
    reviews: dict[str, tuple[list[dict], int]]


def _take_marked(parsed: Parsed, kind: str, about_one_title: bool, marked: _Marked) -> None:
    """The markup's rows in place of the text's, for the site that marks them up."""
    if kind == "rotten_tomatoes":  # the marked-up consensus, or none: never the text's guess
        parsed.consensus = [consensus_row(marked.consensus)] if marked.consensus else []
    if kind == "imdb" and marked.related:  # with each film's id, which the text lacks
        parsed.related = marked.related
    listed, textless = marked.reviews.get(kind, ([], 0))
    if about_one_title and (listed or textless) and len(listed) >= len(parsed.reviews):
        parsed.found_reviews(listed)  # the text runs a page's reviews together, or loses them
        if textless:
            parsed.warn(f"{textless} user review(s) listed without text: not stored")


def _not_about_one_title(parsed: Parsed, evidence: str) -> None:
    """A search, person, list or profile page: the scores, figures, consensus and related
    titles on it are other titles' (each kind dropped is said in a warning); without
    reviews it names no work either (a search's first hit is no title of the collection)."""
    for name, label in (
        ("aggregates", "score(s)"),
        ("figures", "figure(s)"),
        ("consensus", "critics consensus(es)"),
        ("related", "related title(s)"),
    ):
        rows = getattr(parsed, name)
        if rows:
            parsed.warn(
                f"not a page about one title ({evidence}): {len(rows)} {label} on it not stored"
            )
        setattr(parsed, name, [])
    if not parsed.reviews:
        parsed.works = []


def _merge_structured(parsed: Parsed, structured: Parsed | None) -> int | None:
    """Take the structured data's reviews, name and ids into ``parsed``; returns the year
    the structured data gives the work (its precedence is ``_name_the_work``'s)."""
    if structured is None:
        return None
    if structured.reviews:
        parsed.found_reviews(structured.reviews)
    ref, sref = parsed.works[0], structured.works[0]
    ref.imdb_id = ref.imdb_id or sref.imdb_id
    ref.title = sref.title or ref.title
    parsed.warnings += structured.warnings
    return sref.year


def _name_the_works(
    parsed: Parsed, names: list[Name], html: str, kind: str, data_year: int | None
) -> None:
    """The page subject named (``_name_the_work``), and its games after it."""
    if not parsed.works:
        return
    _name_the_work(parsed.works[0], names, html, kind, data_year)
    for child in parsed.works[1:]:
        if child.parent_key == "film":
            child.title = parsed.works[0].title


def _name_the_work(
    ref: WorkRef, names: list[Name], html: str, kind: str, data_year: int | None
) -> None:
    """The page's work named as the page itself names it (``work_titles``): the parser's
    (or the structured data's) name without the site's decoration; where that is no name
    (a status line, a banner, nothing), the first name the page's metadata gives. A
    metadata name that is this one with its series before it names an episode
    ("House: Charity Case"). The year: one written beside the same name in the metadata
    ("Game of Thrones (TV Series 2011– )"), else beside the name itself, else the
    structured data's, the parser's, the page's own data (Rotten Tomatoes' release tag).
    A Metacritic page whose own URL is a game's names a game, with its platform.
    ``names``: the page's ``page_names``."""
    own = clean_title(ref.title, bare_year=kind == "moviedb")
    if own is None:
        own = names[0] if names else None
    else:
        episode = next(
            (n for n in names if ": " in n.title and fold(n.title).endswith(" " + fold(own.title))),
            None,
        )
        own = episode or own
    if own is None:
        ref.title = None
        return
    same = [n for n in names if fold(n.title) == fold(own.title)]
    beside = next((n.year for n in same if n.year), None)
    ref.title = own.title
    ref.year = beside or own.year or data_year or ref.year or page_year(html)
    # a TV series, an episode: as the structured data, the name or its metadata says
    urls = [url for _, url in page_urls(html)]
    ref.form = (
        ref.form
        or own.form
        or next((n.form for n in same if n.form), None)
        or tv_page_form(urls)  # Rotten Tomatoes' and Metacritic's /tv/ pages
    )
    is_game, platform = metacritic_game(urls)
    if is_game and ref.kind == "film":
        ref.kind = "video_game"
        ref.platform_variant = platform or own.platform


def _page_kind(meta, text_kind: str, html: str) -> tuple[str, str]:
    """(kind, what said so): the page's own metadata first; a movie database quoting other
    sites' scores in its state; the visible text's signals last."""
    if meta.site is not None:
        return meta.site, meta.evidence
    if has_quoted_scores(html):
        return "moviedb", "its app state quoting other sites' scores"
    return text_kind, "the visible text"


def _merge_aggregates(parsed: Parsed, better: list[dict]) -> None:
    """Put the more precise readings first: one row per (platform, metric); a visible-text
    value that differs from a more precise one is dropped with a warning naming both."""
    chosen: dict[tuple[str, str], dict] = {}
    for row in better:
        chosen.setdefault((row["platform"], row["metric"]), row)
    kept = []
    for row in parsed.aggregates:
        key = (row["platform"], row["metric"])
        if key not in chosen:
            kept.append(row)
            continue
        best = chosen[key]
        if abs(float(best["value"]) - float(row["value"])) > 1e-9 or (
            best.get("n") is not None and row.get("n") not in (None, best.get("n"))
        ):
            parsed.warn(
                f"{key[0]} {key[1]}: the page's data says {best['value']:g}"
                + (f" (n {best['n']:,})" if best.get("n") else "")
                + f", its visible text {row['value']:g}"
                + (f" (n {row['n']:,})" if row.get("n") else "")
                + "; kept the data's (exact beats rounded)"
            )
        if best.get("n") is None and row.get("n") is not None:
            best = dict(best, n=row["n"])  # a count only the visible text gives
        chosen[key] = best
    parsed.aggregates = list(chosen.values()) + kept
