"""Score reviews and their sentences (VADER and the trained model) and tag themes.

How a review's result is combined from its sentences: each sentence gets a score in
[-1, 1], ``sentence_model_weight`` x (2 P(positive) - 1) from the sentence model plus the
rest x VADER's compound; a review's ``sentence_mean`` is the mean of its sentences' scores
weighted by sentence length (long sentences say more), and ``positive_sentences`` /
``negative_sentences`` count the labels. The whole-text scores (``vader_compound``,
``model_positive``, ``text_score_100``) come from each scorer reading the whole review,
which is where the review model was trained; ``agreement`` compares the signs of VADER's
and the model's whole-text labels.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.ingest.corpus import Corpus
from analysis.nlp.sentences import clause_span, sentence_spans
from analysis.nlp.sentiment.scorers import band_labels, get_scorer
from analysis.nlp.themes import THEME_SEP, Theme, ThemeTagger, explode_themes, theme_summary
from analysis.schema import (
    Reviews,
    ScoredReviews,
    Sentences,
    TextScores,
    frame,
)
from analysis.settings import DEFAULT, Settings

PIPELINE_VERSION = "clauses-1"  # bump when scoring changes in a way stored scores must follow


@dataclass
class Scorers:
    """The fitted scorers one scoring run uses."""

    vader: object
    review_model: object
    sentence_model: object
    tagger: ThemeTagger
    settings: Settings

    @classmethod
    def load(cls, extra_themes: tuple[Theme, ...] = (), settings: Settings = DEFAULT) -> Scorers:
        """The shipped scorers for these user themes and settings, loaded once per process
        (``scorers_for``)."""
        return scorers_for(ScorerSpec(tuple(extra_themes), settings))

    @property
    def spec(self) -> ScorerSpec:
        """What a worker process needs to get the same scorers."""
        return ScorerSpec(tuple(self.tagger.extra), self.settings)

    @property
    def model_version(self) -> str:
        return self.review_model.version_

    @property
    def scoring_version(self) -> str:
        """The model and the scoring pipeline: a store rescored reviews of any other."""
        return f"{self.model_version}/{PIPELINE_VERSION}"


@dataclass(frozen=True)
class ScorerSpec:
    """A hashable recipe for ``Scorers``: the user's extra themes and the settings."""

    extra: tuple[Theme, ...] = ()
    settings: Settings = DEFAULT


_LOADED: dict[ScorerSpec, Scorers] = {}


def scorers_for(spec: ScorerSpec) -> Scorers:
    """This process's scorers for ``spec``, loading the models on first use only.

    The one way both engines get models into a worker: a forked local worker inherits what
    the parent loaded (``remember`` before forking), a Dask worker loads on its first batch
    and keeps them for the next ones."""
    if spec not in _LOADED:
        _LOADED[spec] = Scorers(
            vader=get_scorer("vader", settings=spec.settings),
            review_model=get_scorer("model", level="review", settings=spec.settings),
            sentence_model=get_scorer("model", level="sentence", settings=spec.settings),
            tagger=ThemeTagger(extra=spec.extra).fit(),
            settings=spec.settings,
        )
    return _LOADED[spec]


def remember(scorers: Scorers) -> ScorerSpec:
    """Make ``scorers`` the ones this process (and processes forked from it) use for its
    spec; returns the spec to send to workers."""
    _LOADED[scorers.spec] = scorers
    return scorers.spec


def score_batch(reviews: pd.DataFrame, spec: ScorerSpec) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Score one batch with this process's scorers for ``spec`` (what every worker runs),
    validated here, in the worker, so that the main process only concatenates."""
    scored, sents = score_chunk(reviews, scorers_for(spec))
    return ScoredReviews.validate(scored), Sentences.validate(sents)


def combined_score(
    model_positive: np.ndarray, vader_compound: np.ndarray, settings: Settings = DEFAULT
) -> np.ndarray:
    """A sentence's score in [-1, 1]: the model's (2p - 1) blended with VADER's compound."""
    w = settings.sentence_model_weight
    return np.clip(
        w * (2 * np.asarray(model_positive) - 1) + (1 - w) * np.asarray(vader_compound), -1, 1
    )


def sentence_labels(score: np.ndarray, settings: Settings = DEFAULT) -> np.ndarray:
    return band_labels(score, settings.sentence_negative, settings.sentence_positive)


def review_sentences(reviews: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence: review_id, work_id, sentence_index, start, end, text."""
    R = Reviews
    rows = []
    for rid, wid, text in zip(
        reviews[R.review_id], reviews[R.work_id], reviews[R.text], strict=True
    ):
        for i, (s, e) in enumerate(sentence_spans(text)):
            rows.append((rid, wid, i, s, e, text[s:e]))
    return pd.DataFrame(
        rows, columns=["review_id", "work_id", "sentence_index", "start", "end", "text"]
    )


def _blend(texts: list[str], sc: Scorers) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """VADER compound, sentence-model P(positive) and their blended score for short texts."""
    vader = sc.vader.transform(texts)["vader_compound"].to_numpy()
    model = sc.sentence_model.transform(texts)["model_positive"].to_numpy()
    return vader, model, combined_score(model, vader, sc.settings)


def mention_columns(
    texts: list[str], scores: np.ndarray, sc: Scorers, only: set[str] | None = None
) -> tuple[list[str], list[str], list[str]]:
    """Per sentence: its themes, and for each the score and label of what the sentence says
    about it (``;``-joined, aligned with the themes).

    Each match of a theme's terms gets the clause around it (``clause_span``); a clause that
    is the whole sentence, or too short to carry an opinion ("the music"), stands for the
    sentence's own score. A theme matched more than once takes its strongest clause.
    ``only`` limits the themes looked for.
    """
    plan: list[list[tuple[str, list[str | None]]]] = []
    clauses: dict[str, int] = {}
    for text in texts:
        row = []
        for name, spans in sc.tagger.find(text):
            if only is not None and name not in only:
                continue
            picks: list[str | None] = []
            for start, end in spans:
                cs, ce = clause_span(text, start, end)
                clause = text[cs:ce]
                if (
                    len(clause) >= len(text.strip())
                    or clause.count(" ") < sc.settings.min_clause_words - 1
                ):
                    picks.append(None)
                else:
                    picks.append(clause)
                    clauses.setdefault(clause, len(clauses))
            row.append((name, picks))
        plan.append(row)
    clause_score = _blend(list(clauses), sc)[2].tolist() if clauses else []
    values = [
        [
            max((own if c is None else clause_score[clauses[c]] for c in picks), key=abs)
            for _, picks in row
        ]
        for row, own in zip(plan, scores.tolist(), strict=True)
    ]
    flat = [v for vals in values for v in vals]  # labelled in one call, not one per sentence
    labels = iter(sentence_labels(np.asarray(flat, float), sc.settings).tolist())
    themes = [THEME_SEP.join(n for n, _ in row) for row in plan]
    theme_scores = [THEME_SEP.join(f"{v:.3f}" for v in vals) for vals in values]
    theme_labels = [THEME_SEP.join(next(labels) for _ in vals) for vals in values]
    return themes, theme_scores, theme_labels


def _score_sentences(sents: pd.DataFrame, sc: Scorers) -> pd.DataFrame:
    S = Sentences
    texts = sents[S.text].tolist()
    vader, model, score = _blend(texts, sc)
    themes, theme_scores, theme_labels = mention_columns(texts, score, sc)
    return sents.assign(
        **{
            S.vader_compound: vader,
            S.model_positive: model,
            S.sentence_score: score,
            S.label: sentence_labels(score, sc.settings),
            S.themes: themes,
            S.theme_scores: theme_scores,
            S.theme_labels: theme_labels,
        }
    )


def _agreement(vader_label: np.ndarray, model_label: np.ndarray) -> np.ndarray:
    out = np.where(vader_label == model_label, "agree", "one neutral").astype(object)
    clash = ((vader_label == "positive") & (model_label == "negative")) | (
        (vader_label == "negative") & (model_label == "positive")
    )
    out[clash] = "disagree"
    return out


def review_themes(sents: pd.DataFrame) -> pd.Series:
    """Each review's themes (sorted, ``;``-joined) from its sentences', by review id."""
    S = Sentences
    tags = sents[S.themes].where(sents[S.themes] != "", None).dropna()
    return (
        tags.str.split(THEME_SEP)
        .groupby(sents.loc[tags.index, S.review_id])
        .agg(lambda parts: THEME_SEP.join(sorted({t for p in parts for t in p})))
    )


def _review_rollup(reviews: pd.DataFrame, sents: pd.DataFrame) -> pd.DataFrame:
    S = Sentences
    length = (sents[S.end] - sents[S.start]).clip(lower=1)
    g = sents.assign(_w=length, _ws=length * sents[S.sentence_score]).groupby(S.review_id)
    label = sents[S.label]
    roll = pd.DataFrame(
        {
            "n_sentences": g.size(),
            "positive_sentences": (label == "positive").groupby(sents[S.review_id]).sum(),
            "negative_sentences": (label == "negative").groupby(sents[S.review_id]).sum(),
            "sentence_mean": g["_ws"].sum() / g["_w"].sum(),
        }
    )
    roll["themes"] = review_themes(sents)
    out = reviews.join(roll, on=Reviews.review_id)
    counts = ["n_sentences", "positive_sentences", "negative_sentences"]
    return out.assign(**{c: out[c].fillna(0).astype("int64") for c in counts})


def score_chunk(reviews: pd.DataFrame, sc: Scorers) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Score one batch of reviews: (scored reviews, scored sentences)."""
    texts = reviews[Reviews.text].tolist()
    vader = sc.vader.transform(texts)
    model = sc.review_model.transform(texts)
    sents = _score_sentences(review_sentences(reviews), sc)
    scored = pd.concat([reviews.reset_index(drop=True), vader.drop(columns=[]), model], axis=1)
    scored["agreement"] = _agreement(
        scored["vader_label"].to_numpy(), scored["model_label"].to_numpy()
    )
    scored = _review_rollup(scored.drop(columns=["model_stars"]), sents)
    return scored, sents


@dataclass
class ScoredCorpus:
    """A corpus with review-level scores, scored sentences and a theme summary."""

    corpus: Corpus
    reviews: pd.DataFrame
    sentences: pd.DataFrame
    themes: pd.DataFrame
    model_version: str

    @functools.cached_property
    def sentence_review_codes(self) -> np.ndarray:
        """Each sentence's review as a position in ``reviews`` (computed once)."""
        ids = pd.Index(self.reviews[ScoredReviews.review_id])
        return ids.get_indexer(self.sentences[Sentences.review_id])

    @functools.cached_property
    def mentions(self) -> pd.DataFrame:
        """One row per (sentence, theme) (``Mentions``) plus ``_code``, the review's position
        in ``reviews`` (computed once)."""
        return explode_themes(self.sentences, extra={"_code": self.sentence_review_codes})

    def tables(self) -> dict[str, pd.DataFrame]:
        return self.corpus.tables() | {
            "reviews": self.reviews,
            "sentences": self.sentences,
            "theme_summary": self.themes,
        }


def score_texts(texts: list[str], scorers: Scorers | None = None) -> pd.DataFrame:
    """Score plain texts with the shipped models: one row per text.

    Short texts (at most ``short_text_sentences`` sentences) are read by the sentence model,
    longer ones by the review model; ``label`` comes from the blended score as for sentences.
    """
    sc = scorers or Scorers.load()
    texts = [str(t) for t in texts]
    if not texts:
        return frame(TextScores, [])
    vader = sc.vader.transform(texts)["vader_compound"].to_numpy()
    review = sc.review_model.transform(texts)
    sentence_p = sc.sentence_model.transform(texts)["model_positive"].to_numpy()
    short = np.array([len(sentence_spans(t)) <= sc.settings.short_text_sentences for t in texts])
    p = np.where(short, sentence_p, review["model_positive"].to_numpy())
    score = combined_score(p, vader, sc.settings)
    return TextScores.validate(
        pd.DataFrame(
            {
                "text": texts,
                "vader_compound": vader,
                "model_positive": p,
                "text_score_100": review["text_score_100"].to_numpy(),
                "label": sentence_labels(score, sc.settings),
                "themes": sc.tagger.transform(texts),
            }
        )
    )


def retag(scored: ScoredCorpus, scorers: Scorers) -> ScoredCorpus:
    """The same scores with the themes a user added (``scorers.tagger.extra``) tagged and
    scored as mentions; a user's theme replaces a built-in one of the same name."""
    S = Sentences
    added = {t.name for t in scorers.tagger.extra}
    sents = scored.sentences
    themes, t_scores, t_labels = mention_columns(
        sents[S.text].tolist(), sents[S.sentence_score].to_numpy(), scorers, only=added
    )
    merged = [
        [
            (t, sc_, lb)
            for t, sc_, lb in zip(*(str(v).split(THEME_SEP) for v in old), strict=True)
            if t and t not in added
        ]
        for old in zip(
            sents[S.themes].fillna(""),
            sents[S.theme_scores].fillna(""),
            sents[S.theme_labels].fillna(""),
            strict=True,
        )
    ]
    for row, t, sc_, lb in zip(merged, themes, t_scores, t_labels, strict=True):
        if t:
            row.extend(
                zip(t.split(THEME_SEP), sc_.split(THEME_SEP), lb.split(THEME_SEP), strict=True)
            )
    sents = sents.assign(
        **{
            S.themes: [THEME_SEP.join(m[0] for m in row) for row in merged],
            S.theme_scores: [THEME_SEP.join(m[1] for m in row) for row in merged],
            S.theme_labels: [THEME_SEP.join(m[2] for m in row) for row in merged],
        }
    )
    reviews = scored.reviews.assign(
        themes=scored.reviews[ScoredReviews.review_id].map(review_themes(sents))
    )
    summary = theme_summary(sents, scorers.tagger.themes_, scorers.settings)
    return ScoredCorpus(scored.corpus, reviews, sents, summary, scored.model_version)
