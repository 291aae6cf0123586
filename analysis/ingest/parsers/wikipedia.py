"""Wikipedia(-derived) articles on films, games and television: infobox figures and reception
sentences."""

from __future__ import annotations

import re

from analysis.ingest.parsers.base import Parsed, WorkRef, find, sentence_around
from analysis.ingest.work_titles import FORM_WORDS, is_junk_title, work_form
from analysis.settings import DEFAULT, Settings
from analysis.text import COUNT_RE, DECIMAL_RE, NormText, parse_count, parse_decimal, parse_money

_CITE = r"(?:\[\d{1,3}\])*"
_PCT = rf"(?P<pct>{DECIMAL_RE})\s?%"
_OF_WHAT = r"(?:(?:critics'?\s+|critic\s+)?(?:reviews|critics)|total)"
_RT_PATTERNS = (
    # "holds a 78% fresh rating on Rotten Tomatoes based on 41 reviews"
    rf"{_PCT}[^.%]{{0,120}}?rotten tomatoes[^.%]{{0,120}}?(?:based on|from|out of|of)\s+"
    rf"(?P<n>{COUNT_RE})\s+{_OF_WHAT}",
    # "On Rotten Tomatoes the film has an approval rating of 78% based on 41 reviews"
    rf"rotten tomatoes[^%]{{0,160}}?{_PCT}[^.]{{0,120}}?(?:based on|from|out of|of)\s+"
    rf"(?P<n>{COUNT_RE})\s+{_OF_WHAT}",
    # "... 78% on Rotten Tomatoes" with no count
    rf"{_PCT}[^.%]{{0,60}}?rotten tomatoes",
    rf"rotten tomatoes[^.%]{{0,160}}?{_PCT}",
)
_RT_COUNTS = (
    rf"(?P<fresh>{COUNT_RE}) (?:out )?of (?:the )?(?P<n>{COUNT_RE}) (?:critics|reviews)[^.]{{0,100}}?"
    r"(?:positive|fresh|favou?rable)"
)
_MC_PATTERNS = (
    r"metascore (?:of|at) (?P<v>\d{1,3})",
    rf"metacritic[^.]{{0,160}}?(?:score|rating|metascore) of (?P<v>\d{{1,3}})(?: out of 100)?"
    rf"(?:[^.]{{0,80}}?based on (?P<n>{COUNT_RE}) (?:critics|reviews))?",
    r"(?P<v>\d{1,3}) out of 100[^.]{0,120}?metacritic",
    r"(?P<v>\d{1,3})\s?/\s?100 on metacritic",
    # "gaining an average of 76% on Metacritic" (a Metascore written as a percentage)
    r"(?:average|score|rating) of (?P<v>\d{1,3})\s?% on metacritic",
    # a reviews table: "Metacritic" then "76 of 100" in the next cell
    r"(?m)^metacritic\W*\n+(?P<v>\d{1,3}) (?:of|out of|/) 100\b",
)
# "it has a score of 6.1 on IMDB", "an IMDb rating of 7.2/10"
_IMDB_PATTERNS = (
    r"(?:score|rating|average) of (?P<v>\d(?:\.\d)?)(?:\s?/\s?10)? on (?:the )?(?:imdb|internet movie database)\b",
    r"\b(?:imdb|internet movie database)(?: user)? (?:rating|score) of (?P<v>\d(?:\.\d)?)(?:\s?/\s?10)?",
)
_GAME_PLATFORMS = (
    r"PC|Windows|PlayStation(?: ?\d)?|PS\d|Sega Saturn|Saturn|Xbox(?: 360| One)?|"
    r"Nintendo \w+|Game ?Boy(?: \w+)?|Wii(?: U)?|Dreamcast|N64|Mac(?:intosh)?"
)


def parse_wikipedia(norm: NormText, settings: Settings = DEFAULT) -> Parsed:  # noqa: ARG001 - the parser contract
    """Parse a Wikipedia article about a film (or its games), or a television work."""
    text = norm.text
    out = Parsed(kind="wikipedia")
    out.works.append(_identity(text))
    _infobox(text, out)
    _rotten_tomatoes(text, out)
    _metacritic(text, out)
    _imdb(text, out)
    _games(text, out)
    if not out.aggregates:
        out.warn("no reception scores (Rotten Tomatoes, Metacritic) recognised in the article")
    _unrecognised_mentions(text, out)
    out.skipped.append(("plot", "plot summary, not a review"))
    if _is_person(text) and not (out.aggregates or out.figures or out.related or out.reviews):
        out.works = []
        out.warn("an article about a person (born …), not a title: it names no work")
    return out


def _is_person(text: str) -> bool:
    """An article whose lead sentence gives its subject's birth: a person, not a title."""
    lead = find(r"\((?:[^()\n]*;\s*)?born\b[^)\n]*\)\s+(?:is|was)\b", _lead_zone(text))
    return lead is not None


def _lead_zone(text: str) -> str:
    return text[:6000]


def _identity(text: str) -> WorkRef:
    ref = WorkRef("film")
    lead = find(
        r"(?m)^(?P<t>[^\n(]{1,150}?)\s\((?:(?:[A-Z][a-z]+):\s)?(?P<o>[^)]{1,150})\)\s"
        r"is an? (?P<y>\d{4})\b",
        text,
        0,
    ) or find(r"(?m)^(?P<t>[^\n(]{1,150}?)\s(?:\([^)]*\)\s)?is an? (?P<y>\d{4})\b", text, 0)
    if lead:
        ref.title = lead.group("t").strip()
        ref.year = int(lead.group("y"))
        if "o" in lead.groupdict() and lead.group("o"):
            ref.original_title = re.sub(r"^[A-Z][a-z]+:\s*", "", lead.group("o")).strip()
    else:  # no lead sentence with a year: the infobox's caption, past any hatnote or banner
        lines = [ln.strip() for ln in text.split("\n")[:8] if ln.strip()]
        ref.title = next((ln for ln in lines if not is_junk_title(ln)), None)
        ref.year = _release_year(text)
    if _is_game_article(text):
        ref.kind = "video_game"
    else:
        ref.form = _tv_form(text)
    return ref


# what a lead sentence calls its subject when it is television: "Deadwood is an American
# Western television series", "is a 2008 British miniseries", "is the third episode of".
# Only its own noun counts: no film, book or "based on" before it ("is a 2005 film based on
# the television series" is a film).
_BEFORE_FORM = (
    r"(?:(?!\b(?:film|movie|game|novel|book|play|album|song|based|adapt\w*|of|from|on|by|"
    r"with|in|about|who|which|that|whose)\b)[^.\n]){0,120}?"
)
_TV_LEAD = (
    rf"^(?:is|was) (?:an?|the) {_BEFORE_FORM}\b"
    rf"(?P<f>{'|'.join(re.escape(w) for w in FORM_WORDS)})\b"
)


def _tv_form(text: str) -> str | None:
    """The form of a television article (``schema.WORK_FORMS``): as its lead sentence (the
    first "is a …" / "was the …") names it, else "TV series" where the infobox counts
    seasons or episodes. A title that says "(TV series)" is read elsewhere
    (``work_titles``); this is for the many that do not ("Deadwood")."""
    sentence = find(r"\b(?:is|was) (?:an?|the)\b[^.\n]*", _lead_zone(text))
    lead = find(_TV_LEAD, sentence.group()) if sentence else None
    if lead:
        return work_form(lead.group("f"))
    if find(r"(?m)^no\. of (?:seasons|series|episodes)(?![a-z])", _infobox_head(text)):
        return "TV series"
    return None


def _infobox_head(text: str) -> str:
    """The article's start, before its lead sentence: where the infobox's lines are."""
    lead = find(r"(?m)^[^\n]{1,200}?\s(?:is|was|are) (?:an?|the)\b", text[:8000])
    return text[: lead.start()] if lead else text[:3000]


def _release_year(text: str) -> int | None:
    """The first year the infobox gives under "Release date(s)" / "Released", or where a
    television infobox gives its run ("Release", "Original release", "Original run"); the
    first such line that holds a year (a "Release" heading holds none)."""
    for m in re.finditer(
        r"(?mi)^(?:release dates?(?:\(s\))?|released|release|original (?:release|run|air date)|"
        r"first aired)[ \t]*:?\s*(?P<v>[^\n]*\n?[^\n]*)",
        _infobox_head(text),
    ):
        if year := re.search(r"\b(?:18|19|20)\d{2}\b", m.group("v")):
            return int(year.group())
    return None


def _is_game_article(text: str) -> bool:
    """An article about a video game: its infobox names developers and platforms, and no
    director."""
    head = _infobox_head(text)
    return bool(
        find(r"(?m)^developer\(?s?\)?\s*$", head)
        and find(r"(?m)^platform\(?s?\)?\s*$", head)
        and not find(r"(?m)^directed by\b", head)
    )


def _infobox(text: str, out: Parsed) -> None:
    head = text[:8000]
    for figure, label in (("budget", "budget"), ("box_office", "box office")):
        m = find(rf"(?m)^{label}\s*:?\s*(?P<v>[^\n]+)", head)
        money = parse_money(m.group("v")) if m else None
        if m and money:
            out.add_figure(figure, money[0], money[1], re.sub(_CITE + "$", "", m.group(0)))
    m = find(r"(?m)^running time\s*:?\s*(?P<v>\d{2,3})\s*min(?:utes)?", head)
    if m:
        out.add_figure("runtime", int(m.group("v")), "min", m.group(0))


def _rotten_tomatoes(text: str, out: Parsed) -> None:
    for pattern in _RT_PATTERNS:
        m = find(pattern, text)
        if m:
            n = parse_count(m.group("n")) if "n" in m.groupdict() and m.group("n") else None
            out.add_aggregate(
                "rotten_tomatoes",
                "tomatometer",
                parse_decimal(m.group("pct")),
                sentence_around(text, m.start(), m.end()),
                scale_max=100.0,
                n=n,
                value_text=m.group("pct"),
            )
            break
    else:
        m = find(_RT_COUNTS, text)
        if m and find(r"rotten tomatoes", sentence_around(text, m.start(), m.end(), 400)):
            fresh, n = parse_count(m.group("fresh")), parse_count(m.group("n"))
            if n > 0 and fresh <= n:
                out.add_aggregate(
                    "rotten_tomatoes",
                    "tomatometer",
                    round(100 * fresh / n, 1),
                    sentence_around(text, m.start(), m.end()),
                    scale_max=100.0,
                    n=n,
                    derived=True,
                    fresh=fresh,
                )
    avg = find(
        rf"rotten tomatoes[^\n]{{0,300}}?average (?:rating|score) of (?P<v>{DECIMAL_RE})\s?/\s?10",
        text,
    )
    if avg:
        out.add_aggregate(
            "rotten_tomatoes",
            "critic_average_rating",
            parse_decimal(avg.group("v")),
            sentence_around(text, avg.start(), avg.end()),
            scale_max=10.0,
            value_text=avg.group("v"),
        )


def _metacritic(text: str, out: Parsed) -> None:
    for pattern in _MC_PATTERNS:
        m = find(pattern, text)
        if m:
            n = m.groupdict().get("n")
            out.add_aggregate(
                "metacritic",
                "metascore",
                int(m.group("v")),
                sentence_around(text, m.start(), m.end()),
                scale_max=100.0,
                n=parse_count(n) if n else None,
                value_text=m.group("v"),
            )
            return


def _imdb(text: str, out: Parsed) -> None:
    """An IMDb user rating quoted in the prose (never its vote count: articles omit it)."""
    for pattern in _IMDB_PATTERNS:
        m = find(pattern, text)
        if m and 0 < float(m.group("v")) <= 10:
            out.add_aggregate(
                "imdb",
                "user_rating",
                parse_decimal(m.group("v")),
                sentence_around(text, m.start(), m.end()),
                scale_max=10.0,
                value_text=m.group("v"),
            )
            return


def _games(text: str, out: Parsed) -> None:
    """GameRankings scores belong to a video game of the film, one work per platform."""
    spans = {
        sentence_around(text, m.start(), m.end(), 600)
        for m in re.finditer("gamerankings", text, re.I)
    }
    for span in sorted(spans):
        for m in re.finditer(
            rf"(?P<p>{_GAME_PLATFORMS}) (?:version|release|port)[^%]{{0,80}}?"
            rf"(?P<v>\d{{1,3}}(?:[.,]\d+)?)\s?%",
            span,
            re.I,
        ):
            _add_game(out, m.group("p"), m.group("v"), span)
    if any(r["platform"] == "gamerankings" for r in out.aggregates):
        return
    if find(r"gamerankings", text):
        out.warn("GameRankings is mentioned but no platform score was recognised")


def game_work(out: Parsed, variant: str) -> str:
    """The key of the page subject's video game on ``variant`` (added once)."""
    key = f"game:{variant}"
    if all(w.key != key for w in out.works):
        film = out.works[0]
        out.works.append(
            WorkRef(
                key,
                title=film.title,
                original_title=film.original_title,
                kind="video_game",
                platform_variant=variant,
                parent_key="film",
            )
        )
    return key


def _add_game(out: Parsed, platform: str, value: str, quote: str) -> None:
    variant = "PlayStation" if platform.lower().startswith(("playstation", "ps")) else platform
    key = game_work(out, variant)
    out.add_aggregate(
        "gamerankings",
        "game_score",
        parse_decimal(value),
        quote,
        scale_max=100.0,
        value_text=value,
        work=key,
    )


def _unrecognised_mentions(text: str, out: Parsed) -> None:
    """A sentence naming an aggregator whose score was not read is reported, not dropped."""
    found = {r["platform"] for r in out.aggregates}
    names = {"rotten_tomatoes": "rotten tomatoes", "metacritic": "metacritic"}
    for platform, name in names.items():
        if platform in found:
            continue
        for m in re.finditer(name, text, re.I):
            sentence = sentence_around(text, m.start(), m.end())
            if re.search(r"\d", sentence) and not re.fullmatch(rf"\W*{name}\W*", sentence, re.I):
                out.skipped.append(
                    (f"reception: {sentence[:120]}", f"mentions {name} but no score was recognised")
                )
                break
