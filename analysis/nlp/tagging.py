"""Tagging texts with themes: ``ThemeTagger`` (scikit-learn's contract) and its registry.

Apart from the theme definitions (``analysis.nlp.themes``) so that reading a scored store
does not import scikit-learn (0.6 s of a dashboard's start): taggers are fitted when texts
are scored or retagged."""

from __future__ import annotations

import re

from sklearn.base import BaseEstimator, TransformerMixin

from analysis.errors import UnknownNameError
from analysis.nlp.themes import DEFAULT_KIND, INFLECTIONS, THEME_SEP, Theme, themes_in_force

_WORD = re.compile(r"[^\W_]+")


def _trie_pattern(words, after_first: str = "") -> str:
    """One regex alternation for ``words`` with shared prefixes factored out
    ("music|musical|mood" -> "m(?:usic(?:al)?|ood)"): it matches exactly the same strings.

    ``after_first``: a zero-width assertion put after each word's first letter (the regex
    then starts with a set of letters, which the engine scans for quickly)."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word.lower():
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:  # the word may stop here or go on: try the longer words first
            return f"(?:{body})?"
        return body

    if after_first and trie and "" not in trie:
        return (
            "(?:"
            + "|".join(
                re.escape(ch) + after_first + build(child) for ch, child in sorted(trie.items())
            )
            + ")"
        )
    return build(trie) or "(?!)"


class ThemeTagger(BaseEstimator, TransformerMixin):
    """Tag texts with every theme whose terms they mention (scikit-learn contract)."""

    def __init__(
        self,
        themes: tuple[Theme, ...] | None = None,
        extra: tuple[Theme, ...] = (),
        kind: str = DEFAULT_KIND,
    ):
        self.themes = themes
        self.extra = extra
        self.kind = kind

    def fit(self, X=None, y=None):  # noqa: ARG002 - nothing to learn
        self.themes_ = themes_in_force(self.kind, self.extra, self.themes)
        self.patterns_ = {t.name: t.regex() for t in self.themes_}
        # First words of every term: a theme's regex runs only on texts holding one of them
        # (with an inflection stripped), which keeps tagging fast without changing results.
        self.triggers_: dict[str, set[str]] = {}
        for t in self.themes_:
            for term in (*t.terms, *t.exact):
                words = _WORD.findall(term.lower())
                if words:
                    self.triggers_.setdefault(words[0], set()).add(t.name)
        # themes with raw patterns, or a term that does not start with a letter or digit
        # ("(x", "3-D"... a match that need not start a word), are always searched in full
        self.always_ = {
            t.name
            for t in self.themes_
            if t.patterns or any(not _WORD.match(w.strip()) for w in (*t.terms, *t.exact))
        }
        # an always-searched theme is searched in full only where one of its terms' first
        # words occurs or its gate (the raw patterns and odd terms alone) finds something:
        # any match of the full regex comes from one of the two, so nothing is lost
        self.gates_ = {
            t.name: Theme(
                t.name,
                t.label,
                tuple(w for w in t.terms if not _WORD.match(w.strip())),
                t.patterns,
                tuple(w for w in t.exact if not _WORD.match(w.strip())),
            ).regex()
            for t in self.themes_
            if t.name in self.always_
        }
        self.candidates_: dict[str, tuple[str, ...]] = {}  # per word as written, filled on use
        # the words worth looking at (a trigger, maybe inflected), found by one regex in C
        # instead of a Python loop over every word; ``_candidates`` still decides
        # (as a trie of shared prefixes: the regex engine tries one branch per letter
        # instead of every word in turn; the same words match, so the same spans)
        self.trigger_rx_ = re.compile(
            r"(?<![^\W_])(?:"
            + _trie_pattern(self.triggers_)
            + ")(?:"
            + "|".join(INFLECTIONS)
            + r")?(?![^\W_])",
            re.IGNORECASE,
        )
        # the same words in an ASCII text's lower case, found several times faster: the
        # regex starts with its first letters and is case-sensitive (for ASCII, lower case
        # keeps every position and IGNORECASE means exactly A-Z = a-z)
        self.trigger_ascii_rx_ = re.compile(
            _trie_pattern({w for w in self.triggers_ if w.isascii()}, r"(?<![^\W_].)")
            + "(?:"
            + "|".join(INFLECTIONS)
            + r")?(?![^\W_])"
        )
        return self

    def _candidates(self, word: str) -> tuple[str, ...]:
        """The themes whose regex may match where ``word`` starts (its lower case, or it with
        an inflection stripped, is a term's first word)."""
        word = word.lower()
        names = set(self.triggers_.get(word, ()))
        for suffix in INFLECTIONS:
            if word.endswith(suffix):
                names |= self.triggers_.get(word[: -len(suffix)], set())
        return tuple(sorted(names))

    def tag(self, text: str) -> tuple[str, ...]:
        return tuple(name for name, _ in self.find(text))

    def _trigger_words(self, text: str):
        """Matches of the trigger words in ``text`` (or in its lower case: same positions)."""
        if not self.triggers_:
            return ()
        if text.isascii():
            return self.trigger_ascii_rx_.finditer(text.lower())
        return self.trigger_rx_.finditer(text)

    def find(self, text: str) -> list[tuple[str, list[tuple[int, int]]]]:
        """Each theme ``text`` mentions (taxonomy order) with the (start, end) of every match.

        Every term match starts a word, so a theme's regex is only tried (``match``) where a
        word is one of its terms' first words (an inflection stripped); themes with raw
        patterns are searched in full. A theme's matches are its regex's matches at the
        starts of words, overlapping ones included ("special effects" and "effects").
        """
        hits: dict[str, set[tuple[int, int]]] = {}
        candidates, always = self.candidates_, self.always_
        triggered: set[str] = set()
        for w in self._trigger_words(text):
            names = candidates.get(w.group())
            if names is None:
                names = candidates[w.group()] = self._candidates(w.group())
            for name in names:
                if name in always:
                    triggered.add(name)
                elif m := self.patterns_[name].match(text, w.start()):
                    hits.setdefault(name, set()).add(m.span())
        for name in always:
            if name not in triggered and not self.gates_[name].search(text):
                continue
            spans = {m.span() for m in self.patterns_[name].finditer(text)}
            if spans:
                hits[name] = spans
        return [(n, sorted(hits[n])) for n in self.patterns_ if n in hits]

    def transform(self, X) -> list[str]:
        """One ``;``-joined theme string per text ('' when none)."""
        return [THEME_SEP.join(self.tag(str(t))) for t in X]


TAGGERS: dict[str, type[ThemeTagger]] = {"taxonomy": ThemeTagger}


def get_tagger(name: str = "taxonomy", **params) -> ThemeTagger:
    try:
        return TAGGERS[name](**params).fit()
    except KeyError:
        msg = f"unknown tagger {name!r}; valid taggers: {', '.join(sorted(TAGGERS))}"
        raise UnknownNameError(msg) from None
