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
import multiprocessing as mp
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.corpus import Corpus
from analysis.schema import (
    Reviews,
    ScoredReviews,
    Sentences,
    TextScores,
    frame,
)
from analysis.sentences import clause_span, sentence_spans
from analysis.sentiment.scorers import band_labels, get_scorer
from analysis.settings import DEFAULT, Settings
from analysis.themes import THEME_SEP, Theme, ThemeTagger, explode_themes, theme_summary

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
        return cls(
            vader=get_scorer("vader", settings=settings),
            review_model=get_scorer("model", level="review", settings=settings),
            sentence_model=get_scorer("model", level="sentence", settings=settings),
            tagger=ThemeTagger(extra=extra_themes).fit(),
            settings=settings,
        )

    @property
    def model_version(self) -> str:
        return self.review_model.version_

    @property
    def scoring_version(self) -> str:
        """The model and the scoring pipeline: a store rescored reviews of any other."""
        return f"{self.model_version}/{PIPELINE_VERSION}"


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


def mention_columns(texts: list[str], scores: np.ndarray, sc: Scorers,
                    only: set[str] | None = None) -> tuple[list[str], list[str], list[str]]:  # fmt: skip
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
    clause_score = _blend(list(clauses), sc)[2] if clauses else np.zeros(0)
    themes, theme_scores, theme_labels = [], [], []
    for row, own in zip(plan, scores, strict=True):
        vals = [
            max((own if c is None else clause_score[clauses[c]] for c in picks), key=abs)
            for _, picks in row
        ]
        themes.append(THEME_SEP.join(n for n, _ in row))
        theme_scores.append(THEME_SEP.join(f"{v:.3f}" for v in vals))
        theme_labels.append(THEME_SEP.join(sentence_labels(np.asarray(vals, float), sc.settings)))
    return themes, theme_scores, theme_labels


def _score_sentences(sents: pd.DataFrame, sc: Scorers) -> pd.DataFrame:
    S = Sentences
    texts = sents[S.text].tolist()
    vader, model, score = _blend(texts, sc)
    themes, theme_scores, theme_labels = mention_columns(texts, score, sc)
    return sents.assign(**{
        S.vader_compound: vader, S.model_positive: model, S.sentence_score: score,
        S.label: sentence_labels(score, sc.settings), S.themes: themes,
        S.theme_scores: theme_scores, S.theme_labels: theme_labels,
    })  # fmt: skip


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
    roll = pd.DataFrame({
        "n_sentences": g.size(),
        "positive_sentences": g[S.label].agg(lambda s: int((s == "positive").sum())),
        "negative_sentences": g[S.label].agg(lambda s: int((s == "negative").sum())),
        "sentence_mean": g["_ws"].sum() / g["_w"].sum(),
    })  # fmt: skip
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


_WORKER: Scorers | None = None


def _worker_chunk(reviews: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    return score_chunk(reviews, _WORKER)


def score_reviews(reviews: pd.DataFrame, scorers: Scorers | None = None, workers: int | None = None,
                  progress=None) -> tuple[pd.DataFrame, pd.DataFrame]:  # fmt: skip
    """Score reviews in chunks, on every core when there is more than one chunk.

    ``progress`` (optional) is called with the number of reviews finished after each chunk.
    """
    global _WORKER
    sc = scorers or Scorers.load()
    size = sc.settings.chunk_reviews
    chunks = [reviews.iloc[i : i + size] for i in range(0, len(reviews), size)] or [reviews]
    workers = workers or os.cpu_count() or 1
    results = []
    if len(chunks) == 1 or workers == 1:
        for chunk in chunks:
            results.append(score_chunk(chunk, sc))
            if progress:
                progress(len(chunk))
    else:
        _WORKER = sc  # inherited by forked workers: models load once
        ctx = mp.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            for chunk, result in zip(chunks, pool.map(_worker_chunk, chunks), strict=True):
                results.append(result)
                if progress:
                    progress(len(chunk))
    scored = pd.concat([r[0] for r in results], ignore_index=True)
    sents = pd.concat([r[1] for r in results], ignore_index=True)
    return ScoredReviews.validate(scored), Sentences.validate(sents)


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
        return self.corpus.tables() | {"reviews": self.reviews, "sentences": self.sentences,
                                       "theme_summary": self.themes}  # fmt: skip


def score_corpus(
    corpus: Corpus,
    scorers: Scorers | None = None,
    workers: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    progress=None,
) -> ScoredCorpus:
    """Add sentence and review scores and themes to a corpus (``engine``: local or dask)."""
    from analysis.engines import score_with

    sc = scorers or Scorers.load()
    if corpus.reviews.empty:
        reviews, sents = frame(ScoredReviews, []), frame(Sentences, [])
    else:
        reviews, sents = score_with(
            engine, corpus.reviews, sc, scheduler=scheduler, workers=workers, progress=progress
        )
    return ScoredCorpus(
        corpus,
        reviews,
        sents,
        theme_summary(sents, sc.tagger.themes_, sc.settings),
        sc.model_version,
    )


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
    return TextScores.validate(pd.DataFrame({
        "text": texts, "vader_compound": vader, "model_positive": p,
        "text_score_100": review["text_score_100"].to_numpy(),
        "label": sentence_labels(score, sc.settings), "themes": sc.tagger.transform(texts),
    }))  # fmt: skip


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
        )  # fmt: skip
    ]
    for row, t, sc_, lb in zip(merged, themes, t_scores, t_labels, strict=True):
        if t:
            row.extend(
                zip(t.split(THEME_SEP), sc_.split(THEME_SEP), lb.split(THEME_SEP), strict=True)
            )
    sents = sents.assign(**{
        S.themes: [THEME_SEP.join(m[0] for m in row) for row in merged],
        S.theme_scores: [THEME_SEP.join(m[1] for m in row) for row in merged],
        S.theme_labels: [THEME_SEP.join(m[2] for m in row) for row in merged],
    })  # fmt: skip
    reviews = scored.reviews.assign(
        themes=scored.reviews[ScoredReviews.review_id].map(review_themes(sents))
    )
    summary = theme_summary(sents, scorers.tagger.themes_, scorers.settings)
    return ScoredCorpus(scored.corpus, reviews, sents, summary, scored.model_version)
