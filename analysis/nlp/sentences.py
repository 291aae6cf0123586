"""Sentence splitting: Wikimedia's ``sentencex`` plus a repair for glued sentences.

Flattened pages glue sentences together ("a street smart orphan child.in technical
aspects"); sentencex rightly keeps "child.in" whole, so a second pass splits a period
between two words when the left is a word of two or more letters and the right is not a
domain ending or a known abbreviation.
"""

from __future__ import annotations

import re

import sentencex

# a period after two letters and before a word (the period first: the regex engine then
# jumps from period to period instead of trying a lookbehind at every character)
_GLUED = re.compile(r"\.(?<=[^\W\d_]{2}\.)(?=(?P<next>[^\W\d_]+)\b)")
_NOT_A_BREAK = {
    "com",
    "org",
    "net",
    "co",
    "uk",
    "fr",
    "de",
    "io",
    "edu",
    "gov",
    "html",
    "htm",
    "php",
    "jpg",
    "png",
    "txt",
    "exe",
    "ly",
    "tv",
    "me",
}
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


# ------------------------------------------------------------------ clauses
# Where a clause around a theme's term starts (searching left) and ends (searching right).
_PUNCT_BREAK = r"[;:()\[\]]|,|\s[-\u2013\u2014]+\s"
_CONTRAST = "but|though|although|whereas|yet|however|because"


def _breaks(words: str) -> re.Pattern[str]:
    return re.compile(rf"{_PUNCT_BREAK}|\b(?:{words})\b", re.I)


_LEFT_BREAK = _breaks(f"and|while|since|{_CONTRAST}")
_RIGHT_BREAK = _breaks(_CONTRAST)
_RELATIVE = re.compile(r"\s*(?:which|that|who|whose)\b", re.I)
# a piece after the term with none of these verbs (an appositive) does not end the clause
_VERB = re.compile(
    r"\b(?:is|are|was|were|be|been|being|has|have|had|does|do|did|seems?|looks?|feels?|sounds?|"
    r"comes?|makes?|gets?|got|can|could|will|would|should|may|might|must|isn't|wasn't|"
    r"aren't|weren't|doesn't|didn't)\b|'s\b",
    re.I,
)
# The same four without IGNORECASE, for an ASCII text's lower case (a third faster): their
# letters are all lower case, and in ASCII, ignoring case means exactly A-Z = a-z, which
# lower-casing gives while keeping every position.
_CLAUSE_RULES = (_LEFT_BREAK, _RIGHT_BREAK, _RELATIVE, _VERB)
_ASCII_CLAUSE_RULES = tuple(re.compile(rx.pattern) for rx in _CLAUSE_RULES)


def clause_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause of ``text`` around the term at ``start:end``.

    It runs left to the nearest clause break (punctuation, a dash, or a conjunction such as
    "and"/"but") and right to the next break (not "and", which joins subjects as often as
    clauses), carrying on past a comma that opens a relative clause ("..., which is all over
    the place") or that comes before the term has been given a verb ("The music, by
    Badalamenti, is gorgeous"). Whitespace and punctuation at either end are trimmed.
    """
    if text.isascii():
        return _clause_span(text, start, end, text.lower(), _ASCII_CLAUSE_RULES)
    return _clause_span(text, start, end, text, _CLAUSE_RULES)


def _clause_span(
    text: str, start: int, end: int, scan: str, rules: tuple[re.Pattern[str], ...]
) -> tuple[int, int]:
    """``clause_span`` with the breaks found in ``scan`` (the text, or its lower case) by
    ``rules`` (left break, right break, relative pronoun, verb)."""
    left_break, right_break, relative, verb = rules
    left = 0
    for m in left_break.finditer(scan, 0, start):
        left = m.end()
    right = len(text)
    pos = end
    while True:
        m = right_break.search(scan, pos)
        if m is None:
            break
        appositive = not verb.search(scan, end, m.start())
        if m.group() == "," and (appositive or relative.match(scan, m.end())):
            pos = m.end()
            continue
        right = m.start()
        break
    while left < right and not (text[left].isalnum() or text[left] in "\"'"):
        left += 1
    while right > left and (text[right - 1].isspace() or text[right - 1] in ",-"):
        right -= 1
    return left, right
