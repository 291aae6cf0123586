"""Merge the works that documents name into one ``works`` table with stable ids."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from analysis.ids import film_id, game_id
from analysis.ingest.parsers.base import WorkRef
from analysis.ingest.work_titles import clean_title
from analysis.text import fold

# Pages whose titles are most likely the canonical (English, cased) form come first.
_TITLE_PREFERENCE = ("wikipedia", "imdb", "rotten_tomatoes", "metacritic", "moviedb", "unknown")


@dataclass(frozen=True)
class Located:
    document_id: str
    doc_kind: str
    ref: WorkRef


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


def _names(ref: WorkRef) -> set[str]:
    return {fold(t) for t in (ref.title, ref.original_title) if t and fold(t)}


def _same_work(a: WorkRef, b: WorkRef) -> bool:
    if a.kind != b.kind or a.platform_variant != b.platform_variant:
        return False
    if a.imdb_id and b.imdb_id:
        return a.imdb_id == b.imdb_id
    years_fit = a.year is None or b.year is None or a.year == b.year
    return years_fit and bool(_names(a) & _names(b))


def _keys(ref: WorkRef) -> list[tuple[str, str]]:
    """What two refs of one work share, one of which ``_same_work`` needs: a name or an
    IMDb id."""
    return [("name", n) for n in _names(ref)] + ([("id", ref.imdb_id)] if ref.imdb_id else [])


STORED = "__stored__"


def known_refs(works: list[dict]) -> list[Located]:
    """Works already stored, as refs that new documents can join (their ids are kept; a
    name an older build stored with its decoration, "Django Unchained (2012)", is matched
    without it)."""
    return [
        _cleaned(
            Located(
                STORED,
                "stored",
                WorkRef(
                    w["work_id"],
                    w.get("title"),
                    w.get("original_title"),
                    w.get("year"),
                    "film",
                    None,
                    w.get("imdb_id"),
                    form=w.get("form") if isinstance(w.get("form"), str) else None,
                ),
            )
        )
        for w in works
        if w.get("kind") == "film"
    ]


def _film_groups(located: list[Located]) -> list[list[Located]]:
    """Film refs grouped by identity (union-find over pairs that are the same work).

    Only pairs that can be the same work are compared: two refs that share an IMDb id or
    a name (``_same_work`` needs one or the other), at least one of them new; two stored
    works were told apart when they were stored. (Every pair of a 14,000-title store cost
    98 million comparisons, 30 s, on each ingest however small.)"""
    films = [i for i, loc in enumerate(located) if loc.ref.kind == "film"]
    uf = _UnionFind(len(located))
    sharing: dict[tuple[str, str], list[int]] = {}
    for i in films:
        for key in _keys(located[i].ref):
            sharing.setdefault(key, []).append(i)
    for i in films:
        if located[i].document_id == STORED:
            continue
        ref = located[i].ref
        for j in {j for key in _keys(ref) for j in sharing[key] if j != i}:
            if _same_work(ref, located[j].ref):
                uf.union(i, j)
    groups: dict[int, list[Located]] = {}
    for i in films:
        groups.setdefault(uf.find(i), []).append(located[i])
    return list(groups.values())


def resolve_works(
    located: list[Located], known: list[dict] | None = None
) -> tuple[list[dict], dict[tuple[str, str], str]]:
    """Works rows and a map (document_id, local key) -> work_id.

    ``known`` works (from the store) keep their ids, and new documents about them join them.
    """
    located = [*known_refs(known or []), *(_cleaned(loc) for loc in located)]
    rows: list[dict] = []
    key_map: dict[tuple[str, str], str] = {}
    used: set[str] = {loc.ref.key for loc in located if loc.document_id == STORED}
    for members in _film_groups(located):
        stored = [m for m in members if m.document_id == STORED]
        fresh = [m for m in members if m.document_id != STORED]
        if not fresh:
            continue  # a stored work no new document mentions
        row = _film_row(fresh, used)
        if stored:
            used.discard(row["work_id"])
            row["work_id"] = stored[0].ref.key
        rows.append(row)
        for m in members:
            key_map[(m.document_id, m.ref.key)] = row["work_id"]
    for loc in located:
        if loc.ref.kind == "film":
            continue
        parent = key_map.get((loc.document_id, loc.ref.parent_key or "film"))
        work_id = game_id(parent, loc.ref.title, loc.ref.platform_variant)
        key_map[(loc.document_id, loc.ref.key)] = work_id
        if work_id not in used:
            used.add(work_id)
            rows.append(
                {
                    "work_id": work_id,
                    "title": loc.ref.title or work_id,
                    "original_title": loc.ref.original_title,
                    "year": loc.ref.year,
                    "kind": loc.ref.kind,
                    "platform_variant": loc.ref.platform_variant,
                    "parent_work_id": parent,
                }
            )
    return rows, key_map


def _cleaned(loc: Located) -> Located:
    """The ref with its title as a name (``work_titles.clean_title``: no site decoration,
    "(2012)" read as the year where none was given; a banner or status line is no title)."""
    ref = loc.ref
    name = clean_title(ref.title, bare_year=loc.doc_kind == "moviedb")
    title = name.title if name else None
    year = ref.year if ref.year is not None else (name.year if name else None)
    form = ref.form or (name.form if name else None)  # "(TV Series 2011– )" says so
    if (title, year, form) == (ref.title, ref.year, ref.form):
        return loc
    return Located(loc.document_id, loc.doc_kind, replace(ref, title=title, year=year, form=form))


def _pick(values: list, prefer_cased: bool = False):  # noqa: ANN202 - generic helper
    values = [v for v in values if v not in (None, "")]
    if not values:
        return None
    if prefer_cased:
        cased = [v for v in values if not str(v).islower()]
        values = cased or values
    return Counter(values).most_common(1)[0][0] if len(set(values)) > 1 else values[0]


def _film_row(members: list[Located], used: set[str]) -> dict:
    members = sorted(members, key=lambda m: _TITLE_PREFERENCE.index(m.doc_kind))
    refs = [m.ref for m in members]
    cased_titles = [r.title for r in refs if r.title and not r.title.islower()]
    title = cased_titles[0] if cased_titles else _pick([r.title for r in refs]) or "untitled"
    original = _pick(
        [
            r.original_title
            for r in refs
            if r.original_title and fold(r.original_title) != fold(title)
        ],
        prefer_cased=True,
    )
    year = _pick([r.year for r in refs])
    base = film_id(title, year)
    work_id, k = base, 2
    while work_id in used:
        work_id, k = f"{base}-{k}", k + 1
    used.add(work_id)
    return {
        "work_id": work_id,
        "title": title,
        "original_title": original,
        "year": year,
        "kind": "film",
        "platform_variant": None,
        "imdb_id": _pick([r.imdb_id for r in refs]),
        "parent_work_id": None,
        "form": _pick([r.form for r in refs]),
    }
