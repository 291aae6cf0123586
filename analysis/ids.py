"""The one recipe for every id: works (films, their game variants, table titles) and
reviews. Pages, review tables and the store all call these, so the same review read from a
saved page and from a table export is one review.

Ids are only names: what a work *is* (film or game, whose variant) is read from the
``works`` table's ``kind`` and ``parent_work_id``, never from the shape of an id.
"""

from __future__ import annotations

import hashlib
import re

from analysis.text import fold, slug

IMDB_ID = re.compile(r"tt\d{6,10}")


def film_id(title: str, year: int | None = None) -> str:
    """A film's id from its title and year: 'the-city-of-lost-children-1995'."""
    return f"{slug(title)}-{year}" if year else slug(title)


def game_id(parent: str | None, title: str | None, platform: str | None) -> str:
    """A video-game variant's id: its film's id (or its own title) and the platform."""
    return f"{parent or slug(title or 'untitled')}-game-{slug(platform or 'any')}"


def table_work_id(value: str) -> str:
    """A review table's work column as an id: an IMDb id as it is, a name slugged."""
    value = str(value).strip()
    return value if IMDB_ID.fullmatch(value) else slug(value)


def review_id(work_id: str, author: str | None, text: str, folded: str | None = None) -> str:
    """A review's id from what makes it that review: the work, the author and the words
    (case and spacing folded). Not the source, the date or the file it was read from.
    ``folded``: ``fold(author or "")`` if already known (a table repeats its authors)."""
    name = fold(author or "") if folded is None else folded
    key = "\x1f".join((work_id, name, " ".join(text.split()).casefold()))
    return "rv-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
