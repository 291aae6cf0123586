"""Themes: a taxonomy kept as data (``analysis/data/themes.toml``), sentence tagging,
per-theme summaries with intervals, and topic discovery for large corpora."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.errors import InputError
from analysis.measures.intervals import wilson_interval
from analysis.schema import Mentions, Sentences, ThemeSummary, columns, frame
from analysis.settings import DEFAULT, Settings
from analysis.text import arrow_strings

TAXONOMY_PATH = Path(__file__).resolve().parents[1] / "data" / "themes.toml"
# in how many reviews of the shared review data each term occurs (``analysis theme-terms``)
TERM_COUNTS_PATH = TAXONOMY_PATH.with_name("theme_term_counts.json")
GAME_TAXONOMY_PATH = TAXONOMY_PATH.with_name("themes_game.toml")
# the taxonomy each kind of work is tagged with (``schema.WORK_KINDS``)
TAXONOMIES = {"film": TAXONOMY_PATH, "video_game": GAME_TAXONOMY_PATH}
TERM_COUNTS_PATHS = {
    "film": TERM_COUNTS_PATH,
    "video_game": TAXONOMY_PATH.with_name("theme_term_counts_game.json"),
}
DEFAULT_KIND = "film"
INFLECTIONS = ("s", "es", "ed", "d", "ing", "ly", "al")  # a term matches inflected
_INFLECT = "(?:" + "|".join(INFLECTIONS) + ")?"
THEME_SEP = ";"


def _phrase(term: str) -> str:
    """A term's words, separated by any spaces or hyphens, starting on a word boundary."""
    return r"(?<!\w)" + r"[\s\-]+".join(re.escape(w) for w in re.split(r"[\s\-]+", term.strip()))


@dataclass(frozen=True)
class Theme:
    name: str
    label: str
    terms: tuple[str, ...]
    patterns: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()  # words whose -ed/-ing forms mean something else ("looking")

    def regex(self) -> re.Pattern[str]:
        """Whole-word matcher: terms with simple inflections, exact words (+ plural -s),
        and the patterns."""
        alts = [_phrase(t) + _INFLECT + r"(?!\w)" for t in self.terms if t.strip()]
        alts += [_phrase(t) + r"s?(?!\w)" for t in self.exact if t.strip()]
        alts += list(self.patterns)
        return re.compile("|".join(f"(?:{a})" for a in alts), re.IGNORECASE)


def term_regexes(theme: Theme) -> dict[str, re.Pattern[str]]:
    """Each term's own matcher (as ``Theme.regex`` matches it), keyed by the term."""
    out = {t: _phrase(t) + _INFLECT + r"(?!\w)" for t in theme.terms if t.strip()}
    out |= {t: _phrase(t) + r"s?(?!\w)" for t in theme.exact if t.strip()}
    return {t: re.compile(p, re.IGNORECASE) for t, p in out.items()}


def term_counts(texts: list[str], themes: tuple[Theme, ...]) -> dict[str, dict[str, int]]:
    """For every theme and term, in how many of ``texts`` the term matches."""
    return {
        theme.name: {
            term: sum(1 for t in texts if rx.search(t)) for term, rx in term_regexes(theme).items()
        }
        for theme in themes
    }


def load_taxonomy(path: Path = TAXONOMY_PATH) -> tuple[Theme, ...]:
    """The themes declared in a TOML file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        msg = f"{path}: cannot read the theme taxonomy ({exc})"
        raise InputError(msg) from exc
    return tuple(
        Theme(
            name,
            spec.get("label", name),
            tuple(spec.get("terms", ())),
            tuple(spec.get("patterns", ())),
            tuple(spec.get("exact", ())),
        )
        for name, spec in data.items()
    )


def make_theme(name: str, terms: str | list[str], label: str | None = None) -> Theme:
    """A user's theme from a name and terms (a list, or one comma-separated string).

    Terms are literal words or phrases, never regular expressions.
    """
    clean_name = re.sub(r"[^\w\-/ ]+", "", name).strip().lower().replace(" ", "_")
    if not clean_name:
        msg = f"a theme needs a name made of letters or digits (got {name!r})"
        raise InputError(msg)
    items = terms.split(",") if isinstance(terms, str) else list(terms)
    words = tuple(dict.fromkeys(t.strip() for t in items if t.strip()))
    if not words:
        msg = f"theme {clean_name!r} needs at least one term"
        raise InputError(msg)
    return Theme(clean_name, label or name.strip(), words)


def themes_in_force(
    kind: str = DEFAULT_KIND, extra: tuple[Theme, ...] = (), base: tuple[Theme, ...] | None = None
) -> tuple[Theme, ...]:
    """The themes a tagger of ``kind`` looks for: its taxonomy (or ``base``) with the user's
    themes, a user's theme replacing a same-named one."""
    base = base if base is not None else load_taxonomy(TAXONOMIES[kind])
    return tuple({t.name: t for t in (*base, *extra)}.values())


def explode_themes(
    sentences: pd.DataFrame, extra: dict[str, np.ndarray] | None = None
) -> pd.DataFrame:
    """One row per (sentence, theme), with that mention's score and label (``Mentions``).

    ``extra`` adds per-sentence arrays (aligned with ``sentences``) to every mention row.
    Split and flattened in Arrow: a million sentences take a second, not ten.
    """
    S, M = Sentences, Mentions
    extra = extra or {}
    themes = arrow_strings(sentences[S.themes])
    rows = np.flatnonzero(pc.not_equal(themes, "").to_numpy(zero_copy_only=False))
    taken = pa.array(rows, type=pa.int64())

    def split(col: str) -> pa.ListArray:
        return pc.split_pattern(arrow_strings(sentences[col]).take(taken), THEME_SEP)

    names, scores, labels = split(S.themes), split(S.theme_scores), split(S.theme_labels)
    if not (
        pc.list_value_length(names).equals(pc.list_value_length(scores))
        and pc.list_value_length(names).equals(pc.list_value_length(labels))
    ):
        msg = "sentences: theme_scores/theme_labels are not aligned with themes"
        raise ValueError(msg)
    parent = rows[pc.list_parent_indices(names).to_numpy()]
    out = pd.DataFrame(
        {
            M.review_id: arrow_strings(sentences[S.review_id]).take(pa.array(parent)).to_pandas(),
            M.sentence_index: sentences[S.sentence_index].to_numpy(dtype="int64")[parent],
            M.theme: pc.list_flatten(names).to_pandas(),
            M.mention_score: pc.cast(pc.list_flatten(scores), pa.float64()).to_numpy(),
            M.mention_label: pc.list_flatten(labels).to_pandas(),
        }
        | {k: np.asarray(v)[parent] for k, v in extra.items()}
    )
    return out


def labels_by_name(themes: tuple[Theme, ...] | None) -> dict[str, str]:
    """Each theme's label by name ('story' -> 'Story / plot'), as every page, filter and
    export names it; a theme not in ``themes`` (or with no themes given) goes by its name."""
    return {t.name: t.label for t in themes} if themes else {}


def theme_summary(
    sentences: pd.DataFrame, themes: tuple[Theme, ...] | None = None, settings: Settings = DEFAULT
) -> pd.DataFrame:
    """Per theme: mentions, reviews, label counts, mean sentence score, positive share + CI."""
    return summarise_mentions(explode_themes(sentences), themes, settings)


def summarise_mentions(
    long: pd.DataFrame, themes: tuple[Theme, ...] | None = None, settings: Settings = DEFAULT
) -> pd.DataFrame:
    """``theme_summary`` from one row per (sentence, theme) (see ``explode_themes``)."""
    M = Mentions
    if long.empty:
        return frame(ThemeSummary, [])
    labels = labels_by_name(themes)
    g = long.assign(
        _pos=long[M.mention_label] == "positive",
        _neg=long[M.mention_label] == "negative",
        _neu=long[M.mention_label] == "neutral",
    ).groupby(M.theme, sort=True)
    agg = pd.DataFrame(
        {
            "mentions": g.size(),
            "reviews": g[M.review_id].nunique(),
            "positive": g["_pos"].sum(),
            "negative": g["_neg"].sum(),
            "neutral": g["_neu"].sum(),
            "mean_score": g[M.mention_score].mean(),
        }
    ).reset_index()
    bounds = [
        wilson_interval(p / n, n, settings.confidence_level)
        for p, n in zip(agg["positive"], agg["mentions"], strict=True)
    ]
    agg = agg.assign(
        label=agg["theme"].map(lambda t: labels.get(t, t)),
        positive_share=agg["positive"] / agg["mentions"],
        share_low=[b[0] for b in bounds],
        share_high=[b[1] for b in bounds],
    )
    return ThemeSummary.validate(agg[columns(ThemeSummary)])


# Words that say nothing about what a review discusses: review talk, sentiment, fillers
# (on top of scikit-learn's English stop words, VADER's lexicon and the names found).
REVIEW_STOP_WORDS = frozenset(
    [
        *["game", "games", "play", "played", "playing", "plays", "dont", "doesnt", "didnt"],
        *["cant", "isnt", "wasnt", "im", "ive", "youre", "thats", "product", "item", "bought"],
        *[
            "right",
            "believe",
            "seeing",
            "away",
            "happens",
            "come",
            "comes",
            "fact",
            "shows",
            "feel",
            "sense",
            "long",
            "old",
        ],
        *[
            "saying",
            "trying",
            "tries",
            "goes",
            "gives",
            "takes",
            "need",
            "needs",
            "used",
            "use",
            "wants",
            "course",
            "despite",
        ],
        "movie",
        "movies",
        "film",
        "films",
        "watch",
        "watched",
        "watching",
        "seen",
        "see",
        "saw",
        "time",
        "times",
        "think",
        "thought",
        "know",
        "knew",
        "really",
        "just",
        "like",
        "liked",
        "make",
        "makes",
        "made",
        "way",
        "thing",
        "things",
        "lot",
        "lots",
        "people",
        "didn",
        "don",
        "doesn",
        "isn",
        "wasn",
        "aren",
        "weren",
        "couldn",
        "wouldn",
        "shouldn",
        "haven",
        "hasn",
        "hadn",
        "ain",
        "ve",
        "ll",
        "actually",
        "pretty",
        "quite",
        "bit",
        "say",
        "said",
        "says",
        "going",
        "got",
        "get",
        "gets",
        "want",
        "wanted",
        "look",
        "looks",
        "little",
        "big",
        "years",
        "year",
        "day",
        "days",
        "minutes",
        "hour",
        "hours",
        "end",
        "end",
        "ones",
        "one",
        "two",
        "three",
        "review",
        "reviews",
        "reviewer",
        "watchable",
        "recommend",
        "recommended",
        "rate",
        "rated",
        "rating",
        "seriously",
        "definitely",
        "probably",
        "maybe",
        "especially",
        "certainly",
        "simply",
        "overall",
        "especially",
        "completely",
        "truly",
        "totally",
        "absolutely",
        "far",
        "point",
        "thing",
        "kind",
        "sort",
        "guess",
        "sure",
        "having",
        "does",
        "did",
    ]
)


_NAME_WORD = re.compile(r"[A-Za-z][a-z]+")


def _names(texts: list[str], min_count: int = 3) -> set[str]:
    """Words written with a capital inside a sentence at least four times in five: names.
    (Counted by ``Counter`` over each text's words: a Python step per word took 0.6 s of a
    large corpus's 20,000 sampled sentences.)"""
    words = [_NAME_WORD.findall(text) for text in texts]
    total = Counter(w.lower() for found in words for w in found)
    caps = Counter(w.lower() for found in words for w in found[1:] if w[0].isupper())
    return {w for w, n in caps.items() if n >= min_count and n >= 0.8 * total[w]}


def warm_topic_discovery() -> None:
    """Import what ``discover_themes`` uses (scikit-learn's NMF and TF-IDF, 0.7-1.1 s) and
    read VADER's lexicon (0.25 s) ahead of the first topics asked for: the dashboard calls
    it in the background once a page is drawn, so that the first visit to Themes does not
    wait for them."""
    import sklearn.decomposition  # noqa: F401, PLC0415 - heavy: fetched ahead, off the page
    import sklearn.feature_extraction.text  # noqa: F401, PLC0415

    _sentiment_words()


def _sentiment_words() -> set[str]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # noqa: PLC0415

    return {w for w in SentimentIntensityAnalyzer().lexicon if w.isalpha()}


TOPIC_COLUMNS = ["topic", "terms", "examples", "texts", "share"]
TOPIC_MIN_TEXTS = 200  # fewer sentences than this: no topics (too few to trust)


def discover_themes(
    texts: list[str], n_topics: int = 8, n_terms: int = 8, min_texts: int = TOPIC_MIN_TEXTS
) -> pd.DataFrame:
    """Topics a person would name, proposed by NMF over TF-IDF of words and two-word phrases.

    Stop words, review talk ("movie", "watch"), sentiment words (VADER's lexicon) and names
    (words capitalised mid-sentence) are left out, so a topic is about a subject ("special
    effects", "voice acting") rather than how it was liked. Each topic is named by its top
    phrases (two-word phrases first), lists its top terms, and quotes the two sentences that
    belong to it most. Empty when there are fewer than ``min_texts`` texts (too few to trust).
    """
    from sklearn.decomposition import NMF  # noqa: PLC0415 - heavy, used by one page
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer  # noqa: PLC0415

    if len(texts) < min_texts:
        return pd.DataFrame(columns=TOPIC_COLUMNS)
    stop = ENGLISH_STOP_WORDS | REVIEW_STOP_WORDS | _sentiment_words() | _names(texts)
    vec = TfidfVectorizer(
        stop_words=sorted(stop),
        ngram_range=(1, 2),
        min_df=3,
        max_df=0.2,
        max_features=30_000,
        token_pattern=r"(?u)\b[a-zA-Z]{3,}\b",
        sublinear_tf=True,
    )
    try:
        x = vec.fit_transform(texts)
    except ValueError:  # nothing left after the stop words
        return pd.DataFrame(columns=TOPIC_COLUMNS)
    k = min(n_topics, max(1, x.shape[1] - 1), x.shape[0])
    # tol 1e-3, not 1e-4: on 20,000 sentences of the IMDb files 0.7 s, not 1.6 s, for eight
    # topics led by the same phrases (a few hundred sentences move between the two largest)
    nmf = NMF(n_components=k, init="nndsvd", random_state=0, max_iter=400, tol=1e-3)
    weights = nmf.fit_transform(x)
    vocab = np.asarray(vec.get_feature_names_out())
    best = weights.max(axis=1)
    top = np.where(best > 0, weights.argmax(axis=1), -1)
    rows = []
    for i, comp in enumerate(nmf.components_):
        order = np.argsort(comp)[::-1]
        phrases = [t for t in vocab[order[: n_terms * 3]] if " " in t][:2]
        terms = phrases + [t for t in vocab[order[:n_terms]] if t not in phrases]
        terms = terms[:n_terms]
        name = " / ".join(
            phrases + [t for t in terms if t not in " ".join(phrases)][: 3 - len(phrases)]
        )
        members = np.flatnonzero(top == i)
        examples = [texts[j] for j in members[np.argsort(weights[members, i])[::-1][:2]]]
        rows.append(
            {
                "topic": name,
                "terms": ", ".join(terms),
                "examples": " | ".join(e if len(e) <= 200 else e[:199] + "…" for e in examples),
                "texts": len(members),
                "share": len(members) / len(texts),
            }
        )
    return pd.DataFrame(rows, columns=TOPIC_COLUMNS).sort_values(
        "texts", ascending=False, ignore_index=True
    )


def check_theme_input(name: str, terms: str) -> None:
    """Validate a sidebar theme before building it (raises InputError with the reason)."""
    if len(name) > 60 or len(terms) > 2000:
        msg = "a theme name is at most 60 characters and its terms at most 2,000"
        raise InputError(msg)
