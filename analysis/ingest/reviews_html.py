"""User reviews from a saved page's own markup, where the page lists them without schema.org
data and its visible text runs them together: Metacritic's user-reviews page (2010s-2020
layout, one ``li.user_review`` per review). Each review keeps its author, date, score (0-10,
as Metacritic's users score), its whole text (the expanded blurb, not the cut one) and its
helpful votes.

A review without text is not stored and is counted in the page's warnings."""

from __future__ import annotations

import copy
import re

import lxml.html

from analysis.text import parse_count, parse_date


def _class(name: str) -> str:
    """An XPath test for an element whose class list holds ``name``."""
    return f'contains(concat(" ", normalize-space(@class), " "), " {name} ")'


def _text(nodes: list) -> str | None:
    """The whitespace-collapsed text of the first node (None when none or empty)."""
    if not nodes:
        return None
    text = re.sub(r"\s+", " ", nodes[0].text_content()).strip()
    return text or None


def _body(node: lxml.html.HtmlElement) -> str:
    """A review's text with its line breaks: the expanded blurb where the page cut it, else
    the whole body."""
    body = node.xpath(f".//*[{_class('review_body')}]")
    if not body:
        return ""
    expanded = body[0].xpath(f".//*[{_class('blurb_expanded')}]")
    node = copy.deepcopy(expanded[0] if expanded else body[0])  # the page stays as it was
    for br in node.iter("br"):
        br.tail = "\n" + (br.tail or "")
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in node.text_content().split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _count(node: lxml.html.HtmlElement, cls: str) -> int | None:
    found = _text(node.xpath(f".//*[{_class(cls)}]"))
    return parse_count(found) if found else None


def metacritic_user_reviews(doc: lxml.html.HtmlElement) -> tuple[list[dict], int]:
    """(the user reviews listed on a Metacritic page, how many listed ones had no text)."""
    rows, empty = [], 0
    for li in doc.xpath(f"//*[{_class('user_review')}]"):
        text = _body(li)
        if not text:
            empty += 1
            continue
        score = _text(li.xpath(f".//*[{_class('review_grade')}]//*[{_class('metascore_w')}]"))
        rating = float(score) if score and re.fullmatch(r"\d{1,2}", score) else None
        ups, total = _count(li, "total_ups"), _count(li, "total_thumbs")
        rows.append(
            {
                "work": "film",  # the page's subject (a game's key is "film" too)
                "text": text,
                "source": "metacritic",
                "author": _text(li.xpath(f".//*[{_class('name')}]")),
                "date": parse_date(_text(li.xpath(f".//*[{_class('date')}]")) or ""),
                "rating": rating if rating is not None and rating <= 10 else None,
                "rating_scale": 10.0 if rating is not None and rating <= 10 else None,
                "helpful_yes": ups if total is not None else None,
                "helpful_total": total if ups is not None else None,
            }
        )
    return rows, empty
