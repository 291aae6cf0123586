"""What a saved page says about itself: its site and page type from its own metadata
(``<link rel="canonical">``, ``og:url`` / ``og:site_name``, JSON-LD ``url``, MediaWiki markers),
and the scores its embedded app state and score markup hold, per site and layout era.

Ranked by precision (issue 11): schema.org data (``html.structured_data``) first, then what
this module reads from the page's own state and score markup, then the visible text. Each
reader below is small and names the layout it reads; none runs on a site it is not for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlparse

from analysis.text import parse_count, parse_decimal

_HOSTS = (
    ("imdb.com", "imdb"),
    ("rottentomatoes.com", "rotten_tomatoes"),
    ("metacritic.com", "metacritic"),
    ("wikipedia.org", "wikipedia"),
)
# URL paths of pages that are not about one title's reception
_NOT_REVIEW_PATHS = {
    "imdb": (r"^/name/", r"^/find", r"^/search/", r"/fullcredits", r"^/list/", r"^/chart/"),
    "rotten_tomatoes": (r"^/top/", r"^/browse/", r"^/search", r"^/celebrity/", r"^/guides/"),
    "metacritic": (r"^/user/", r"^/search/", r"^/browse/", r"^/person/"),
    "wikipedia": (),
}
_TITLE_NOT_REVIEW = re.compile(
    r"\b(?:search results|find - imdb|full cast (?:&|&amp;) crew|'s profile|top movies|"
    r"best movies of|box office mojo|reviews, articles, people)\b",
    re.I,
)
# the site as a page's <title> names it ("Pulp Fiction Movie Reviews - Rotten Tomatoes")
_TITLE_SITES = (
    (r"[-|\u2013]\s*rotten tomatoes\s*$|^rottentomatoes mobile", "rotten_tomatoes"),
    (r"[-|\u2013]\s*imdb\s*$", "imdb"),
    (r"[-|\u2013]\s*metacritic\s*$", "metacritic"),
    (r"[-|\u2013]\s*wikipedia(?:, the free encyclopedia)?\s*$", "wikipedia"),
)


@dataclass(frozen=True)
class PageMeta:
    """The site (a ``KINDS`` value or None), the page type and what said so."""

    site: str | None
    page_type: str  # "title", "user reviews", "critic reviews", "not a review page", "unknown"
    evidence: str

    @property
    def is_review_page(self) -> bool:
        return self.page_type != "not a review page"


def _attr(html: str, pattern: str) -> str | None:
    m = re.search(pattern, html[:300_000], re.I | re.S)
    return m.group(1) if m else None


def page_urls(html: str) -> list[tuple[str, str]]:
    """(what, url) for each self-description the page carries, most precise first."""
    found = []
    for what, pattern in (
        ("canonical link", r"<link[^>]+rel=[\"']?canonical[\"']?[^>]*href=[\"']?([^\"' >]+)"),
        ("canonical link", r"<link[^>]+href=[\"']?([^\"' >]+)[\"']?[^>]*rel=[\"']?canonical"),
        ("og:url", r"<meta[^>]+property=[\"']?og:url[\"']?[^>]*content=[\"']?([^\"' >]+)"),
        ("og:url", r"<meta[^>]+content=[\"']?([^\"' >]+)[\"']?[^>]*property=[\"']?og:url"),
        ("JSON-LD url", r"\"@type\"\s*:\s*\"[A-Za-z]+\"[^{}]{0,400}?\"url\"\s*:\s*\"([^\"]+)\""),
        ("saved-from comment", r"<!--\s*saved from url=\(\d+\)(\S+)\s*-->"),
        # the site's own icon, served from its host: the weakest self-description
        (
            "site icon",
            r"<link[^>]+rel=[\"']?(?:shortcut )?icon[\"']?[^>]*href=[\"']?(https?://[^\"' >]+)",
        ),
    ):
        url = _attr(html, pattern)
        if url:
            found.append((what, url))
    return found


def site_of(url: str) -> str | None:
    """The site (a ``KINDS`` value) whose host serves ``url``, None for any other."""
    host = urlparse(url if "//" in url else "https://" + url).netloc.lower()
    return next((kind for h, kind in _HOSTS if host.endswith(h)), None)


def _mediawiki(html: str) -> str | None:
    """Wikipedia (or any MediaWiki) page: rendered HTML, an action=render fragment, or an
    XML export holding wikitext."""
    head = html[:200_000]
    if re.search(r"<mediawiki[\s>]", head) and "<revision" in head:
        return "MediaWiki XML export"
    if '"wgPageName"' in head or "wgPageName" in head:
        return "wgPageName"
    if re.search(r'class="[^"]*\bmw-(?:parser-output|headline|content-ltr)\b', head):
        return "MediaWiki markup (mw-parser-output / mw-headline)"
    return None


def _from_url(what: str, url: str, title: str) -> PageMeta | None:
    """The site and page type one self-described URL gives (None for another site)."""
    site = site_of(url)
    if site is None:
        return None
    path = urlparse(url if "//" in url else "https://" + url).path
    if any(re.search(p, path) for p in _NOT_REVIEW_PATHS.get(site, ())) or (
        _TITLE_NOT_REVIEW.search(title)
    ):
        return PageMeta(site, "not a review page", f"{what} {url}")
    if re.search(r"/(?:user-?reviews|reviews\?type=user|audience-reviews)", path):
        return PageMeta(site, "user reviews", f"{what} {url}")
    if re.search(r"/(?:criticreviews|critic-reviews|reviews)/?$", path):
        return PageMeta(site, "critic reviews", f"{what} {url}")
    return PageMeta(site, "title", f"{what} {url}")


def page_meta(html: str) -> PageMeta:
    """The site and page type a saved page states about itself (None where it states
    nothing; the caller then falls back to the visible text, with a margin)."""
    title = _attr(html, r"<title[^>]*>(.*?)</title>") or ""
    from_url = next(
        (m for what, url in page_urls(html) if (m := _from_url(what, url, title)) is not None),
        None,
    )
    if from_url is not None:
        return from_url
    wiki = _mediawiki(html)
    if wiki:
        return PageMeta("wikipedia", "title", wiki)
    clean_title = re.sub(r"\s+", " ", title).strip()
    for pattern, site in _TITLE_SITES:
        if re.search(pattern, clean_title, re.I):
            kind = "not a review page" if _TITLE_NOT_REVIEW.search(clean_title) else "title"
            return PageMeta(site, kind, f"<title> {clean_title[:80]}")
    site_name = _attr(
        html, r"<meta[^>]+property=[\"']?og:site_name[\"']?[^>]*content=[\"']([^\"']+)"
    )
    if site_name:
        site = site_of(site_name.replace(" ", "").lower() + ".com")
        if site:
            return PageMeta(site, "title", f"og:site_name {site_name}")
    if _TITLE_NOT_REVIEW.search(title):
        return PageMeta(None, "not a review page", f"<title> {title.strip()[:80]}")
    return PageMeta(None, "unknown", "")


# ------------------------------------------------------------------ embedded state & markup

Found = dict  # platform, metric, value, quote, scale_max, n, value_text


def _hit(platform, metric, m, value, scale, n=None) -> Found:
    return {
        "platform": platform,
        "metric": metric,
        "value": value,
        "quote": m.group(0)[:300],
        "scale_max": scale,
        "n": n,
        "value_text": m.group("v"),
    }


def _search(pattern: str, html: str) -> re.Match[str] | None:
    return re.search(pattern, html, re.I | re.S)


def _count(m: re.Match[str] | None) -> int | None:
    """The count a match's ``n`` group holds ("1,204" -> 1204), None without a match."""
    return parse_count(m.group("n")) if m else None


def imdb_state(html: str) -> list[Found]:
    """IMDb: the Metascore in the Next.js state (2021+) or the star box (2010-2016, with its
    critic count from the excerpts link), and the mobile site's rating (2017)."""
    out = []
    m = _search(
        r'"metacritic"\s*:\s*\{\s*"metascore"\s*:\s*\{\s*"score"\s*:\s*(?P<v>\d{1,3})', html
    )
    if m:
        out.append(_hit("metacritic", "metascore", m, float(m.group("v")), 100.0))
    m = _search(r">\s*(?P<v>\d{1,3})/100\s*</a>", html)
    if m and not out:
        # the count link is the one whose text is the number of excerpts ("> 40" ... "excerpts")
        counts = [
            int(c)
            for c in re.findall(
                r'title="(\d[\d,]*) review excerpts provided by Metacritic\.com"[^>]*>\s*\1\s*<',
                html,
            )
        ]
        n = counts[0] if counts else None
        if n is None:
            c = _search(r'title="(?P<n>\d[\d,]*) review excerpts provided by Metacritic', html)
            n = parse_count(c.group("n")) if c else None
            if n is not None and float(n) == float(m.group("v")):  # the score's own link
                others = re.findall(
                    r'title="(\d[\d,]*) review excerpts provided by Metacritic', html
                )
                n = next((parse_count(o) for o in others if parse_count(o) != n), None)
        out.append(_hit("metacritic", "metascore", m, float(m.group("v")), 100.0, n))
    m = _search(
        r'(?P<v>\d{1,2}(?:\.\d)?)<small class="text-muted">/10<br\s*/?>\s*(?P<n>\d[\d,]*)</small>',
        html,
    )
    if m:
        out.append(
            _hit("imdb", "user_rating", m, float(m.group("v")), 10.0, parse_count(m.group("n")))
        )
    return out


def _rt_score_board(html: str, num) -> list[Found]:
    """The 2020-2022 ``<score-board>`` attributes with the score-details JSON's counts."""
    out: list[Found] = []
    board = _search(r"<score-board[^>]*>", html)
    if board:
        tag = board.group(0)
        t = re.search(r'tomatometerscore="(?P<v>\d{1,3})"', tag, re.I)
        a = re.search(r'audiencescore="(?P<v>\d{1,3})"', tag, re.I)
        critics_n = num(r'"tomatometerCount"\s*:\s*(\d+)')
        audience_n = num(r'"audienceCount"\s*:\s*(\d+)')
        if t:
            out.append(
                _hit("rotten_tomatoes", "tomatometer", t, float(t.group("v")), 100.0, critics_n)
            )
        if a:
            out.append(
                _hit("rotten_tomatoes", "audience_score", a, float(a.group("v")), 100.0, audience_n)
            )
        avg = _search(
            r'"tomatometerScoreAll"\s*:\s*\{[^{}]*?"averageRating"\s*:\s*"(?P<v>\d+(?:\.\d+)?)"',
            html,
        )
        if avg:
            out.append(
                _hit(
                    "rotten_tomatoes",
                    "critic_average_rating",
                    avg,
                    float(avg.group("v")),
                    10.0,
                    critics_n,
                )
            )
    return out


def rotten_tomatoes_state(html: str) -> list[Found]:
    """Rotten Tomatoes: ``<score-board>`` attributes (2020-2022) with the counts and averages
    of the score-details JSON; the ``tomatometerScore`` JSON (2023+); the 2010 RDFa
    aggregate; the 2008-2013 meter spans with 'Reviews Counted' and 'User Ratings'; the
    mobile site's "N% of critics liked it"."""
    out: list[Found] = []

    def num(pattern: str) -> float | None:
        m = _search(pattern, html)
        return parse_decimal(m.group(1)) if m else None

    board = _rt_score_board(html, num)
    if board:
        return board
    out += _rt_score_json(html)
    rdfa = _search(r'property="v:average"[^>]*>\s*(?P<v>\d{1,3})\s*<', html)
    count = num(r'property="v:count"[^>]*>\s*(\d[\d,]*)\s*<') or num(
        r"Reviews Counted:?\s*(?:<[^>]+>\s*)*(\d[\d,]*)"
    )
    if rdfa:
        out.append(
            _hit("rotten_tomatoes", "tomatometer", rdfa, float(rdfa.group("v")), 100.0, count)
        )
    meter = _search(
        r'(?:id="all-critics-meter"[^>]*|class="percent(?: fl)?")\s*>\s*(?P<v>\d{1,3})\s*<', html
    ) or _search(
        r'class="meter (?:certified |fresh |rotten )*numeric\s*"\s*>\s*(?P<v>\d{1,3})\s*<', html
    )
    if meter and not rdfa:
        out.append(
            _hit("rotten_tomatoes", "tomatometer", meter, float(meter.group("v")), 100.0, count)
        )
    avg = _search(r"Average Rating:?\s*(?:<[^>]+>\s*)*(?P<v>\d+(?:\.\d+)?)\s*/\s*10", html)
    if avg and (rdfa or meter):
        out.append(
            _hit(
                "rotten_tomatoes", "critic_average_rating", avg, float(avg.group("v")), 10.0, count
            )
        )
    # the audience meter: a full popcorn bucket at 60% or more, a spilled one below
    pop = _search(
        r'class="meter (?:popcorn|spilled|upright) numeric\s*"\s*>\s*(?P<v>\d{1,3})\s*<', html
    )
    if pop:
        users = num(r"User Ratings:?\s*(?:<[^>]+>\s*)*(\d[\d,]*)")
        out.append(
            _hit("rotten_tomatoes", "audience_score", pop, float(pop.group("v")), 100.0, users)
        )
    return out + _rt_liked_it(html, {f["metric"] for f in out})


def _rt_score_json(html: str) -> list[Found]:
    """2023+ pages: ``"tomatometerScore": {..., "value": 93, ...}`` and ``"audienceScore"``
    objects in the embedded JSON, with a count where the object holds one."""
    out = []
    for key, metric in (("tomatometerScore", "tomatometer"), ("audienceScore", "audience_score")):
        obj = _search(rf'"{key}"\s*:\s*\{{(?P<body>[^{{}}]*)\}}', html)
        if not obj:
            continue
        body = obj.group("body")
        value = re.search(r'"(?:value|score)"\s*:\s*"?(?P<v>\d{1,3})\b', body)
        if not value:
            continue
        # exact counts only, in order of preference (a "2,500+" band is a rounded display)
        count = next(
            (
                c
                for key_name in ("reviewCount", "ratingCount", "numberOfReviews", "count")
                if (
                    c := re.search(rf'"{key_name}"\s*:\s*"?(?P<n>\d+(?:,\d{{3}})*)(?![\d,+])', body)
                )
            ),
            None,
        )
        n = parse_count(count.group("n")) if count else None
        out.append(_hit("rotten_tomatoes", metric, value, float(value.group("v")), 100.0, n))
        out[-1]["quote"] = obj.group(0)[:300]
    return out


def _rt_liked_it(html: str, have: set[str]) -> list[Found]:
    """'N% of critics liked it' / 'N% of users liked it' (mobile site, Twitter card) for
    a score no meter gave."""
    out = []
    for metric, who in (("tomatometer", "critics"), ("audience_score", "users")):
        if metric in have:
            continue
        m = _search(rf"(?P<v>\d{{1,3}})%(?:\s|&nbsp;|</span>|<[^>]+>)*of {who} liked it", html)
        if m:
            users = _search(r"User Ratings:?\s*(?:<[^>]+>\s*)*(?P<n>\d[\d,]*)", html)
            n = parse_count(users.group("n")) if users and who == "users" else None
            out.append(_hit("rotten_tomatoes", metric, m, float(m.group("v")), 100.0, n))
    return out


def metacritic_state(html: str) -> list[Found]:
    """Metacritic (2013-2020 classic layout): the headline ``metascore_w`` with its critic
    count ('based on N Critic Reviews' or the critic-reviews link), the user score with its
    ratings count."""
    out: list[Found] = []
    m = next(
        (
            b
            for b in re.finditer(
                r'<div class="metascore_w (?P<cls>[^"]*)">\s*(?:<meta[^>]*>\s*)?<span>\s*'
                r"(?P<v>\d{1,3})\s*</span>",
                html,
                re.I,
            )
            if "user" not in b.group("cls").split()
        ),
        None,
    )
    if m:
        n = _search(
            r"based on\s*(?:<[^>]+>\s*)*(?P<n>\d[\d,]*)\s*(?:<[^>]+>\s*)*Critic Reviews", html
        ) or _search(
            r'href="[^"]*/critic-reviews"[^>]*>\s*(?:<[^>]+>\s*)*(?P<n>\d[\d,]*)\s*<', html
        )
        out.append(_hit("metacritic", "metascore", m, float(m.group("v")), 100.0, _count(n)))
    if m is None:
        out += _metacritic_2023(html)
        return out
    u = _search(r'class="metascore_w user[^"]*">\s*(?P<v>\d{1,2}(?:\.\d)?)\s*<', html)
    if u:
        n = _search(r"based on\s*(?:<[^>]+>\s*)*(?P<n>\d[\d,]*)\s*Ratings", html)
        out.append(_hit("metacritic", "user_score", u, float(u.group("v")), 10.0, _count(n)))
    return out


def quoted_scores(html: str) -> list[Found]:
    """A movie database quoting other sites' scores in its app state (``imdb_score``,
    ``imdb_votes``, ``metacritic_score``, ``rottentomatoes_score``, as in Nuxt/Next pages)."""
    out: list[Found] = []

    def key(name: str) -> re.Match[str] | None:
        return _search(rf"\b{name}\s*[=:]\s*\"?(?P<v>\d+(?:\.\d+)?)\"?", html)

    imdb, votes = key("imdb_(?:score|rating)"), key("imdb_votes")
    if imdb and 0 < float(imdb.group("v")) <= 10:
        n = parse_count(votes.group("v")) if votes else None
        out.append(_hit("imdb", "user_rating", imdb, float(imdb.group("v")), 10.0, n))
    for name, platform, metric in (
        ("metacritic_score", "metacritic", "metascore"),
        ("rottentomatoes_score|rotten_tomatoes_score", "rotten_tomatoes", "tomatometer"),
    ):
        m = key(f"(?:{name})")
        if m and 0 < float(m.group("v")) <= 100:
            out.append(_hit(platform, metric, m, float(m.group("v")), 100.0))
    return out


def has_quoted_scores(html: str) -> bool:
    return bool(
        re.search(
            r"\b(?:imdb_score|imdb_rating|metacritic_score|rottentomatoes_score)\s*[=:]", html
        )
    )


def _metacritic_2023(html: str) -> list[Found]:
    """Metacritic's 2023+ layout: the headline ``c-siteReviewScore`` (critics, then the user
    one marked ``_user``) each followed by its "Based on N Critic Reviews / Ratings"."""
    out: list[Found] = []
    for metric, pattern, count in (
        (
            "metascore",
            r'class="c-siteReviewScore(?![^"]*_user)[^"]*"[^>]*>\s*(?:<[^>]+>\s*)*(?P<v>\d{1,3})\s*<',
            r"Based on\s*(?:<[^>]+>\s*)*(?P<n>\d[\d,]*)\s*Critic Reviews",
        ),
        (
            "user_score",
            r'class="c-siteReviewScore[^"]*_user[^"]*"[^>]*>\s*(?:<[^>]+>\s*)*(?P<v>\d{1,2}(?:\.\d)?)\s*<',
            r"Based on\s*(?:<[^>]+>\s*)*(?P<n>\d[\d,]*)\s*User Ratings",
        ),
    ):
        m = _search(pattern, html)
        if m:
            n = _search(count, html)
            scale = 100.0 if metric == "metascore" else 10.0
            out.append(
                _hit(
                    "metacritic",
                    metric,
                    m,
                    float(m.group("v")),
                    scale,
                    parse_count(n.group("n")) if n else None,
                )
            )
    return out


STATE_READERS = {
    "moviedb": quoted_scores,
    "imdb": imdb_state,
    "rotten_tomatoes": rotten_tomatoes_state,
    "metacritic": metacritic_state,
}


def embedded_scores(html: str, site: str) -> list[Found]:
    """The scores the page's own state and score markup hold, for a known site."""
    reader = STATE_READERS.get(site)
    return reader(html) if reader else []


# ------------------------------------------------------------------ the page's own date

# what a web archive says of the page it holds, written into the page as comments that
# ``page_urls`` and ``page_date`` read (``mhtml.page_of_mhtml``): the browsers' own "saved
# from url" comment, and the archive's date
_ARCHIVE_DATE = "MHTML saved date"


def saved_from_note(url: str) -> str:
    """A browser's "saved from" comment for ``url``, as a saved page carries it."""
    return f"<!-- saved from url=({len(url):04d}){url} -->"


def saved_date_note(day: str) -> str:
    """A comment giving the day (YYYY-MM-DD) a web archive was saved."""
    return f"<!-- {_ARCHIVE_DATE}: {day} -->"


_DATE_SOURCES = (
    # (what it is, pattern whose group 1 holds a date); the first found wins
    ("SingleFile saved date", r"saved date:\s*\w{3} (\w{3} \d{1,2} \d{4})"),
    ("web archive (MHTML) saved date", rf"<!-- {_ARCHIVE_DATE}: (\d{{4}}-\d{{2}}-\d{{2}}) -->"),
    ("saved HTTP Date: header", r"(?m)^Date:\s*\w{3}, (\d{1,2} \w{3} \d{4}) \d\d:\d\d:\d\d GMT"),
    ("'last edited on' line", r"last (?:edited|modified) on (\d{1,2} \w+ \d{4})"),
    ("JSON-LD dateModified", r'"dateModified"\s*:\s*"(\d{4}-\d{2}-\d{2})'),
    ("page date comment", r"<!--[^>]{0,80}?\bi=(\d{4}-\d{2}-\d{2})"),
)


def page_date(html: str) -> tuple[str | None, str | None]:
    """(YYYY-MM-DD, basis) of when the page was saved or last changed, from the page itself;
    (None, None) when it does not say."""
    from analysis.text import parse_date  # noqa: PLC0415 - keeps the module's imports light

    head_and_tail = html[:300_000] + html[-50_000:]
    for basis, pattern in _DATE_SOURCES:
        m = re.search(pattern, head_and_tail, re.I)
        if m:
            day = parse_date(m.group(1))
            if day:
                return day, basis
    return None, None
