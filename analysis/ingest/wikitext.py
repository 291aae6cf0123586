"""Wikipedia as wikitext (a MediaWiki XML export): the reception templates read with
mwparserfromhell, the rest of the article as plain text through the Wikipedia parser.

Templates read: ``{{Video game reviews}}`` (GameRankings ``GR`` and Metacritic ``MC``, per
platform where the cell names them: "PS2: 74/100<br />Xbox: 77/100"),
``{{Rotten Tomatoes prose|SCORE|AVERAGE|COUNT}}`` and ``{{Metacritic film prose|SCORE|COUNT}}``.
A ``{{RT data|...}}`` placeholder holds no number (the live site fills it in): it gives none.
"""

from __future__ import annotations

import re

import lxml.etree
import mwparserfromhell

from analysis.errors import InputError
from analysis.ingest.parsers.base import Parsed
from analysis.ingest.parsers.wikipedia import game_work, parse_wikipedia
from analysis.settings import DEFAULT, Settings
from analysis.text import normalise, parse_decimal

_CELL = re.compile(
    r"(?:\(?(?P<p>[A-Za-z][A-Za-z0-9 .]{0,20}?)\)?\s*[:)]\s*)?(?P<v>\d{1,3}(?:\.\d+)?)\s*(?:/\s*100|%)"
)


def is_mediawiki_export(text: str) -> bool:
    head = text[:5000]
    return "<mediawiki" in head and "<page>" in text[:200_000] and "<text" in text[:400_000]


def _export_page(xml: str, where: str) -> tuple[str, str, str | None]:
    """(title, wikitext, revision date) of the export's first page."""
    try:
        root = lxml.etree.fromstring(
            xml.encode("utf-8"), lxml.etree.XMLParser(recover=True, huge_tree=True)
        )
    except lxml.etree.XMLSyntaxError as exc:
        msg = f"{where}: not a readable MediaWiki export ({exc})"
        raise InputError(msg) from exc
    if root is None:
        msg = f"{where}: not a readable MediaWiki export"
        raise InputError(msg)
    title = root.find(".//{*}page/{*}title")
    stamp = root.find(".//{*}page/{*}revision/{*}timestamp")
    text = root.find(".//{*}page/{*}revision/{*}text")
    if text is None or not (text.text or "").strip():
        msg = f"{where}: a MediaWiki export with no page text"
        raise InputError(msg)
    when = (stamp.text or "")[:10] if stamp is not None else None
    return (title.text or "").strip() if title is not None else "", text.text, when or None


def _plain(value) -> str:
    """A template parameter's value as text, placeholders left as they are."""
    return str(value).strip()


def _has_placeholder(value) -> bool:
    return any(
        str(t.name).strip().lower() == "rt data"
        for t in mwparserfromhell.parse(str(value)).filter_templates()
    )


def _number(value) -> float | None:
    if _has_placeholder(value):
        return None
    m = re.search(r"\d+(?:[.,]\d+)?", mwparserfromhell.parse(str(value)).strip_code())
    return parse_decimal(m.group()) if m else None


def _param(template, *names):
    for name in names:
        if template.has(name) and _plain(template.get(name).value):
            return template.get(name).value
    return None


def _video_game_reviews(template, out: Parsed) -> None:
    for key, platform, metric in (
        ("GR", "gamerankings", "game_score"),
        ("MC", "metacritic", "metascore"),
    ):
        value = _param(template, key)
        if value is None:
            continue
        lines = re.sub(r"<br\s*/?>", "\n", str(value), flags=re.I)
        cell = mwparserfromhell.parse(lines).strip_code()
        for m in _CELL.finditer(cell):
            variant = (m.group("p") or "").strip() or None
            work = game_work(out, variant) if variant else "film"
            out.add_aggregate(
                platform,
                metric,
                parse_decimal(m.group("v")),
                f"{{{{Video game reviews|{key} = {' '.join(cell.split())}}}}}",
                scale_max=100.0,
                value_text=m.group("v"),
                work=work,
            )


def _rt_prose(template, out: Parsed) -> None:
    params = [p.value for p in template.params if not p.showkey]
    if not params:
        return
    if any(_has_placeholder(v) for v in params):
        out.warn(
            "{{Rotten Tomatoes prose}} holds {{RT data}} placeholders, not numbers: no score read"
        )
        return
    score = _number(params[0])
    average = _number(params[1]) if len(params) > 1 else None
    count = _number(params[2]) if len(params) > 2 else None
    quote = str(template)
    n = int(count) if count is not None else None
    for metric, value, scale, raw in (
        ("tomatometer", score, 100.0, params[0]),
        ("critic_average_rating", average, 10.0, params[1] if len(params) > 1 else ""),
    ):
        if value is not None:
            out.add_aggregate(
                "rotten_tomatoes",
                metric,
                value,
                quote,
                scale_max=scale,
                n=n,
                value_text=_plain(raw),
            )


def _mc_prose(template, out: Parsed) -> None:
    params = [p.value for p in template.params if not p.showkey]
    score = _number(params[0]) if params else None
    count = _number(params[1]) if len(params) > 1 else None
    if score is not None:
        out.add_aggregate(
            "metacritic",
            "metascore",
            score,
            str(template),
            scale_max=100.0,
            n=int(count) if count is not None else None,
            value_text=_plain(params[0]),
        )


TEMPLATES = {
    "video game reviews": _video_game_reviews,
    "rotten tomatoes prose": _rt_prose,
    "metacritic film prose": _mc_prose,
}


def parse_mediawiki_export(xml: str, where: str = "", settings: Settings = DEFAULT) -> Parsed:
    """A Wikipedia article from its XML export: templates first, then the plain text."""
    title, wikitext, revised = _export_page(xml, where)
    code = mwparserfromhell.parse(wikitext)
    plain = code.strip_code(normalize=True, collapse=True)
    out = parse_wikipedia(normalise(f"{title}\n\n{plain}"), settings)
    if title:
        out.works[0].title = re.sub(r"\s*\((?:\d{4} )?(?:film|video game)\)$", "", title)
    from_templates = Parsed(kind="wikipedia", works=out.works)
    for template in code.filter_templates(recursive=True):
        reader = TEMPLATES.get(str(template.name).strip().lower())
        if reader:
            reader(template, from_templates)
    keys = {(a["platform"], a["metric"], a.get("work", "film")) for a in from_templates.aggregates}
    out.aggregates = from_templates.aggregates + [
        a for a in out.aggregates if (a["platform"], a["metric"], a.get("work", "film")) not in keys
    ]
    out.warnings += from_templates.warnings
    out.note_site("MediaWiki XML export")
    if revised:
        out.as_of, out.as_of_basis = revised, "revision timestamp of the export"
    return out
