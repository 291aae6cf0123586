"""A work's name as a page gives it, without the site's decoration.

Pages name their work in several places, each decorated its own way: the ``<title>``
("Apocalypse Now (1979) - IMDb", "Rotten Tomatoes: Kick-Ass Movie Reviews, Pictures",
"Oppenheimer | Audience Reviews | Rotten Tomatoes", '"House" Charity Case (TV Episode 2011)'),
``og:title`` ("Barbie (2023) ⭐ 6.8 | Adventure, Comedy"), the heading ("Waist Deep (2006)"),
a download site's "6 Underground 2019". ``clean_title`` takes the decoration off and keeps
what it says (a year, a game's platform); ``is_junk_title`` refuses what is no name at all
(an HTTP status line saved with the page, a Wikipedia hatnote or maintenance banner, the
site's own name). ``page_names`` lists the names an HTML page's metadata gives, cleaned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlparse

import lxml.html

from analysis.text import fold

_YEAR = r"(?:18|19|20)\d{2}"
# site names: never a work's name (a search or list page names no work at all: html.py)
_NOT_NAMES = {
    fold(n)
    for n in (
        "IMDb",
        "Rotten Tomatoes",
        "RottenTomatoes",
        "RottenTomatoes Mobile",
        "RottenTomatoes.com",
        "Metacritic",
        "Wikipedia",
        "Box Office Mojo",
        "untitled",
    )
}
_JUNK = re.compile(
    r"^HTTP/\d"  # a response's status line, saved at the top of the file
    r"|^This (?:article|page|section|list)\b"  # hatnotes, maintenance banners
    r"|^The (?:neutrality|factual accuracy) of this\b"
    r"|^For other uses\b|\bredirects here\b|\(disambiguation\)"
    r"|\bcitations? for verification\b",
    re.IGNORECASE,
)
_SITE_TAIL = re.compile(
    r"\s*[-–—|:]\s*(?:IMDb|Rotten Tomatoes|RottenTomatoes(?:\.com)?|Metacritic|Box Office Mojo"
    r"|Wikipedia(?:, the free encyclopedia)?)\s*$",
    re.IGNORECASE,
)
_DECORATIONS = (
    re.compile(r"^Rotten Tomatoes:\s*", re.IGNORECASE),
    re.compile(r"\s+(?:Movie|Film|TV Show) Reviews(?:, Pictures)?\s*$", re.IGNORECASE),
    re.compile(r"\s*\|\s*(?:Audience|Critic|Top Critic|User)?\s*Reviews\s*$", re.IGNORECASE),
    re.compile(r"\s*⭐.*$"),  # IMDb's og:title: "Barbie (2023) ⭐ 6.8 | Adventure, Comedy"
)
# "(2012)", "(TV Series 2011– )", "(TV Episode 2011)", "(Video Game 2008)", "(2012 film)"
_KIND_YEAR = re.compile(
    r"\s*\((?:(?P<kind>TV (?:Series|Mini[- ]Series|Movie|Episode|Special|Short)|Video(?: Game)?"
    r"|Short|Podcast Series)\s+)?(?P<year>" + _YEAR + r")(?:\s*[–-]\s*(?:" + _YEAR + r")?\s*)?"
    r"(?: (?P<kind_after>film|video game|TV series))?\)\s*$",
    re.IGNORECASE,
)
_KIND_ONLY = re.compile(
    r"\s*\((?P<kind>film|video game|TV series|TV film|miniseries)\)\s*$", re.IGNORECASE
)
# the words for a form of work (schema.WORK_FORMS): the kinds those parentheses name,
# schema.org's types spaced out ("TVMiniSeries"), and the nouns a Wikipedia lead sentence
# calls its subject by ("an American Western television series")
_FORMS = {
    "tv series": "TV series",
    "television series": "TV series",
    "sitcom": "TV series",
    "soap opera": "TV series",
    "animated series": "TV series",
    "anthology series": "TV series",
    "drama series": "TV series",
    "comedy series": "TV series",
    "tv mini series": "TV mini-series",
    "tv mini-series": "TV mini-series",
    "miniseries": "TV mini-series",
    "mini-series": "TV mini-series",
    "limited series": "TV mini-series",
    "tv movie": "TV movie",
    "tv film": "TV movie",
    "television film": "TV movie",
    "television movie": "TV movie",
    "tv episode": "TV episode",
    "episode": "TV episode",
    "tv special": "TV special",
    "television special": "TV special",
}
FORM_WORDS = tuple(sorted(_FORMS, key=len, reverse=True))  # longest first, for a pattern
# forms a title's type says (IMDb's titleType "tvShort", a page's "(Video 2004)") but a
# Wikipedia lead's words do not ("a short film about video" names no form): read by
# ``work_form``, never searched for in running text
_TYPE_FORMS = {
    "tv short": "TV short",
    "tv pilot": "TV pilot",
    "short": "short film",
    "short film": "short film",
    "video": "video",
    "music video": "music video",
    "podcast series": "podcast series",
    "podcast episode": "podcast episode",
}
# IMDb names an episode '"House" Charity Case'; the work is "House: Charity Case"
_EPISODE = re.compile(r'^"(?P<series>[^"]+)"\s+(?P<episode>\S.*)$')
# Metacritic: "Read User Reviews and Submit your own for Cyberpunk 2077 on PC"
_METACRITIC = re.compile(
    r"^Read (?:User|Critic) Reviews and Submit your own for\s+(?P<t>.+?)"
    r"(?:\s+on\s+(?P<platform>[^-]+?))?\s*$",
    re.IGNORECASE,
)
_BARE_YEAR = re.compile(r"^(?P<t>.*\S)\s+(?P<year>" + _YEAR + r")$")
MAX_LENGTH = 150


@dataclass(frozen=True)
class Name:
    """A cleaned name: the title, and what its decoration said (year, game platform)."""

    title: str
    year: int | None = None
    platform: str | None = None
    form: str | None = None  # "TV series", "TV episode", … (schema.WORK_FORMS) where said


def is_junk_title(title: str | None) -> bool:
    """Whether ``title`` is no work's name: empty, too long, a status line, a hatnote or
    banner, a site's own name."""
    if not title or not title.strip():
        return True
    t = title.strip()
    return len(t) > MAX_LENGTH or bool(_JUNK.search(t)) or fold(t) in _NOT_NAMES


def work_form(kind: str | None) -> str | None:
    """The form of work (``schema.WORK_FORMS``) a kind names, if any: a title's parenthesis
    ("TV Series" -> "TV series", "Video" -> "video"), a schema.org type ("TVMiniSeries" ->
    "TV mini-series") or IMDb's titleType ("tvShort" -> "TV short", "short" -> "short
    film")."""
    if not kind:
        return None
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=^TV)(?=[A-Z])", " ", kind)
    words = re.sub(r"\s+", " ", spaced).strip().lower()
    return _FORMS.get(words) or _TYPE_FORMS.get(words)


def _undecorated(t: str) -> tuple[str, int | None, str | None, str | None]:
    """(``t`` without the site's tail, prefixes, kind-and-year parenthesis; the year,
    platform and form those said); repeated, as decorations nest ("X (2012) - IMDb")."""
    year, platform, form = None, None, None
    for _ in range(3):
        before = t
        t = _SITE_TAIL.sub("", t)
        for pattern in _DECORATIONS:
            t = pattern.sub("", t)
        if m := _METACRITIC.match(t):
            t, platform = m.group("t"), m.group("platform") or platform
        if m := _KIND_YEAR.search(t):
            year = year or int(m.group("year"))
            form = form or work_form(m.group("kind") or m.group("kind_after"))
            t = t[: m.start()]
        if m := _KIND_ONLY.search(t):
            form = form or work_form(m.group("kind"))
            t = t[: m.start()]
        t = t.strip()
        if t == before:
            break
    return t, year, platform, form


def clean_title(raw: str | None, bare_year: bool = False) -> Name | None:
    """``raw`` without the site's decoration, or None where it names no work.

    ``bare_year``: a trailing "2019" is the year (download and database sites write
    "6 Underground 2019"); elsewhere it stays part of the name ("Death Race 2000")."""
    if raw is None:
        return None
    t = re.sub(r"\s+", " ", str(raw)).strip()
    if is_junk_title(t):
        return None
    t, year, platform, form = _undecorated(t)
    if m := _EPISODE.match(t):
        t = f"{m.group('series')}: {m.group('episode')}"
    if bare_year and year is None and (m := _BARE_YEAR.match(t)):
        t, year = m.group("t"), int(m.group("year"))
    t = t.strip(" -–|:")
    if is_junk_title(t):
        return None
    return Name(t, year, platform.strip() if platform else None, form)


def page_names(page: str | lxml.html.HtmlElement) -> list[Name]:
    """The names an HTML page's metadata gives its work, cleaned, most trusted first:
    ``og:title``, ``<title>``, the first headings; duplicates and junk left out. ``page``:
    the HTML, or the tree a caller has parsed already (read before anything drops from it)."""
    if isinstance(page, str):
        try:
            doc = lxml.html.fromstring(page)
        except (ValueError, lxml.etree.ParserError):
            return []
    else:
        doc = page
    raw = [
        *doc.xpath("//meta[@property='og:title']/@content"),
        *(t.text_content() for t in doc.xpath("//title")[:1]),
        *(h.text_content() for h in doc.xpath("//h1")[:3]),
    ]
    names: list[Name] = []
    for r in raw:
        name = clean_title(r)
        if name is not None and name not in names:
            names.append(name)
    return names


# Rotten Tomatoes' own analytics tag the page's film with its release year
_RT_RELEASE = re.compile(r'"cag\[release\]"\s*:\s*"(?P<year>' + _YEAR + r')"')


def page_year(html: str) -> int | None:
    """A year the page's own data gives its work where no name carries one."""
    m = _RT_RELEASE.search(html)
    return int(m.group("year")) if m else None


# Metacritic's game URLs name the platform: /game/pc/cyberpunk-2077
_PLATFORMS = {
    "pc": "PC",
    "playstation": "PlayStation",
    "playstation-2": "PlayStation 2",
    "playstation-3": "PlayStation 3",
    "playstation-4": "PlayStation 4",
    "playstation-5": "PlayStation 5",
    "xbox": "Xbox",
    "xbox-360": "Xbox 360",
    "xbox-one": "Xbox One",
    "xbox-series-x": "Xbox Series X",
    "switch": "Switch",
    "wii": "Wii",
    "wii-u": "Wii U",
    "ds": "DS",
    "3ds": "3DS",
}


def _path_on(url: str, *hosts: str) -> list[str] | None:
    """The path segments of ``url`` when it is on one of ``hosts`` (a scheme optional),
    else None."""
    parts = urlparse(url if "//" in url else "https://" + url)
    if not parts.netloc.lower().endswith(hosts):
        return None
    return [s for s in parts.path.split("/") if s]


def metacritic_game(urls: list[str]) -> tuple[bool, str | None]:
    """(whether a page's own URL is a Metacritic game page, the platform it names):
    ``/game/pc/cyberpunk-2077`` is a PC game, ``/game/cyberpunk-2077`` a game."""
    for url in urls:
        segments = _path_on(url, "metacritic.com")
        if segments is None:
            continue
        if segments[:1] == ["game"] and len(segments) >= 2:
            has_platform = segments[1] in _PLATFORMS and len(segments) >= 3
            return True, _PLATFORMS[segments[1]] if has_platform else None
    return False, None


# Rotten Tomatoes and Metacritic file television under /tv/: a show, a season ("s01",
# "season-1"), an episode ("e03", "episode-3")
_SEASON = re.compile(r"s\d{1,3}|season-\d{1,3}")
_EPISODE_PART = re.compile(r"e\d{1,4}|episode-\d{1,4}")


def tv_page_form(urls: list[str]) -> str | None:
    """The form of work (``schema.WORK_FORMS``) a page's own URL files it under, where the
    site files television apart: Rotten Tomatoes' ``/tv/deadwood/s01`` is a TV season,
    Metacritic's ``/tv/deadwood`` a TV series, ``/tv/x/s01/e03`` a TV episode. ``urls``:
    the page's self-descriptions, most precise first (``page_meta.page_urls``); the first on
    either site decides."""
    for url in urls:
        segments = _path_on(url.lower(), "rottentomatoes.com", "metacritic.com")
        if segments is None:
            continue
        if segments[:1] != ["tv"] or len(segments) < 2:
            return None
        rest = segments[2:]
        if any(_EPISODE_PART.fullmatch(s) for s in rest):
            return "TV episode"
        if any(_SEASON.fullmatch(s) for s in rest):
            return "TV season"
        return "TV series"
    return None
