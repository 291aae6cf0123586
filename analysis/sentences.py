"""Sentence splitting: Wikimedia's ``sentencex`` plus a repair for glued sentences.

Flattened pages glue sentences together ("a street smart orphan child.in technical
aspects"); sentencex rightly keeps "child.in" whole, so a second pass splits a period
between two words when the left is a word of two or more letters and the right is not a
domain ending or a known abbreviation.
"""

from __future__ import annotations

import re

import sentencex

_GLUED = re.compile(r"(?<=[^\W\d_]{2})\.(?=(?P<next>[^\W\d_]+)\b)")
_NOT_A_BREAK = {
    "com", "org", "net", "co", "uk", "fr", "de", "io", "edu", "gov", "html", "htm", "php",
    "jpg", "png", "txt", "exe", "ly", "tv", "me",
}  # fmt: skip
_LEFT_ABBREVIATIONS = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|vs|mr|mrs|ms|dr|st|jr|sr|no)|\.\w+)$", re.I
)


def _unglue(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    cursor = start
    for m in _GLUED.finditer(text, start, end):
        if m.group("next").lower() in _NOT_A_BREAK or _LEFT_ABBREVIATIONS.search(
            text, cursor, m.start()
        ):
            continue
        spans.append((cursor, m.start() + 1))
        cursor = m.start() + 1
    spans.append((cursor, end))
    return spans


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in ``text``, whitespace trimmed, empty ones dropped."""
    spans: list[tuple[int, int]] = []
    for b in sentencex.get_sentence_boundaries("en", text):
        for start, end in _unglue(text, b["start_index"], b["end_index"]):
            piece = text[start:end]
            stripped = piece.strip()
            if not stripped:
                continue
            lead = len(piece) - len(piece.lstrip())
            spans.append((start + lead, start + lead + len(stripped)))
    return spans


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text``."""
    return [text[s:e] for s, e in sentence_spans(text)]
