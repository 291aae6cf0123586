"""Tagging texts with themes: ``ThemeTagger`` (scikit-learn's contract) and its registry.

Apart from the theme definitions (``analysis.nlp.themes``) so that reading a scored store
does not import scikit-learn (0.6 s of a dashboard's start): taggers are fitted when texts
are scored or retagged."""

from __future__ import annotations

import re

import ahocorasick
from sklearn.base import BaseEstimator, TransformerMixin

from analysis.errors import UnknownNameError
from analysis.nlp.themes import DEFAULT_KIND, INFLECTIONS, THEME_SEP, Theme, themes_in_force

_WORD = re.compile(r"[^\W_]+")


def _trie_pattern(words) -> str:
    """One regex alternation for ``words`` with shared prefixes factored out
    ("music|musical|mood" -> "m(?:usic(?:al)?|ood)"): it matches exactly the same strings."""
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
        self.order_ = {name: i for i, name in enumerate(self.patterns_)}  # taxonomy order
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
        # the same words in an ASCII text, found about four times faster (0.15 s against
        # 0.56 s for a regex over 71,000 review sentences): every spelling (a trigger,
        # maybe inflected) is looked for at once in the lower-cased text by Aho-Corasick,
        # and an occurrence is a trigger word where it is a whole word (no letter or digit
        # on either side). A trigger is a run of letters and digits, so that is exactly
        # what the regex finds; for ASCII, lower case keeps every position and IGNORECASE
        # means exactly A-Z = a-z.
        self.trigger_ascii_ = ahocorasick.Automaton()
        for word in self.triggers_:
            if word.isascii():
                for spelling in (word, *(word + suffix for suffix in INFLECTIONS)):
                    self.trigger_ascii_.add_word(spelling, len(spelling))
        if len(self.trigger_ascii_):
            self.trigger_ascii_.make_automaton()
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

    def _trigger_words(self, text: str) -> list[tuple[int, str]]:
        """(start, word) of each trigger word in ``text`` (for an ASCII text, the word in
        lower case: the positions are the same)."""
        if not self.triggers_:
            return []
        if not text.isascii():
            return [(m.start(), m.group()) for m in self.trigger_rx_.finditer(text)]
        if not len(self.trigger_ascii_):
            return []
        low = text.lower()
        n = len(low)
        found = []
        for end, size in self.trigger_ascii_.iter(low):
            start = end - size + 1
            if (start == 0 or not low[start - 1].isalnum()) and (
                end + 1 == n or not low[end + 1].isalnum()
            ):
                found.append((start, low[start : end + 1]))
        return found

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
        for start, word in self._trigger_words(text):
            names = candidates.get(word)
            if names is None:
                names = candidates[word] = self._candidates(word)
            for name in names:
                if name in always:
                    triggered.add(name)
                elif m := self.patterns_[name].match(text, start):
                    hits.setdefault(name, set()).add(m.span())
        for name in always:
            if name not in triggered and not self.gates_[name].search(text):
                continue
            spans = {m.span() for m in self.patterns_[name].finditer(text)}
            if spans:
                hits[name] = spans
        if not hits:  # most sentences
            return []
        order = self.order_
        return [(n, sorted(hits[n])) for n in sorted(hits, key=order.__getitem__)]

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
