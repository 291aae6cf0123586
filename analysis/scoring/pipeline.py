"""Score reviews and their sentences (VADER and the trained model) and tag themes.

Every text, whole review, sentence or clause, is read the same way: VADER, then the trained
model's blend, which takes VADER's reading as one of its inputs (``model.py``). A sentence's
``sentence_score`` is the blend's P(positive) - P(negative) in [-1, 1] and its ``label`` the
most likely of negative / neutral / positive; a review's ``sentence_mean`` is the mean of
its sentences' scores weighted by sentence length (long sentences say more), and
``positive_sentences`` / ``negative_sentences`` count the labels. The whole-text scores
(``vader_compound``, ``model_positive``, ``text_score_100``, ``model_label``) come from
reading the whole review; ``agreement`` compares VADER's and the model's whole-text labels.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from analysis.ingest.corpus import Corpus
from analysis.nlp.sentences import clause_span, sentence_spans
from analysis.nlp.sentiment.model import (
    Joined,
    model_card_version,
    model_tokens,
    parts_read_as_whole,
)
from analysis.nlp.themes import (
    DEFAULT_KIND,
    TAXONOMIES,
    THEME_SEP,
    Theme,
    explode_themes,
    labels_by_name,
    summarise_mentions,
    themes_in_force,
)
from analysis.schema import (
    Reviews,
    ScoredReviews,
    Sentences,
    TextScores,
    Works,
    frame,
)
from analysis.settings import DEFAULT, Settings
from analysis.text import arrow_strings

if TYPE_CHECKING:
    from analysis.nlp.tagging import ThemeTagger

PIPELINE_VERSION = "blend-1"  # bump when scoring changes in a way stored scores must follow


class Taggers(Mapping):
    """Each kind of work's ``ThemeTagger`` (``TAXONOMIES``), fitted on first use. Reading a
    scored store needs only the themes in force (``themes_of``), so a dashboard starts
    without importing scikit-learn or compiling the taggers' regexes."""

    def __init__(self, extra: tuple[Theme, ...] = ()):
        self.extra = extra
        self._fitted: dict[str, ThemeTagger] = {}

    def __getitem__(self, kind: str) -> ThemeTagger:
        if kind not in TAXONOMIES:
            raise KeyError(kind)
        if kind not in self._fitted:
            from analysis.nlp.tagging import ThemeTagger  # noqa: PLC0415 - see the class

            self._fitted[kind] = ThemeTagger(extra=self.extra, kind=kind).fit()
        return self._fitted[kind]

    def __iter__(self) -> Iterator[str]:
        return iter(TAXONOMIES)

    def __len__(self) -> int:
        return len(TAXONOMIES)

    def themes_of(self, kind: str) -> tuple[Theme, ...]:
        """The themes the ``kind`` tagger looks for, without fitting it."""
        if kind in self._fitted:
            return self._fitted[kind].themes_
        return themes_in_force(kind, self.extra)


def _scorer(name: str, settings: Settings):
    # the scorers (scikit-learn estimators, compiled VADER) are imported when first used:
    # a dashboard that reads a scored store starts without them
    from analysis.nlp.sentiment.scorers import get_scorer  # noqa: PLC0415

    return get_scorer(name, settings=settings)


@dataclass
class Scorers:
    """The fitted scorers one scoring run uses. VADER and the model are loaded on first use
    (a dashboard that only reads a scored store never loads them); ``ready()`` loads both,
    as the local engine does before its workers fork."""

    taggers: Taggers  # by kind of work (``TAXONOMIES``), fitted on first use
    settings: Settings
    _vader: object = None
    _model: object = None
    _warm: bool = False

    @property
    def vader(self):
        if self._vader is None:
            self._vader = _scorer("vader", self.settings)
        return self._vader

    @property
    def model(self):
        if self._model is None:
            self._model = _scorer("model", self.settings)
        return self._model

    def ready(self) -> Scorers:
        """Both scorers loaded and every compiled step run once (before forking workers
        that should inherit them, instead of each loading the compiled code again)."""
        _ = self.vader, self.model, [self.taggers[k] for k in self.taggers]
        if not self._warm:
            self._warm = True
            # a whole batch (an ASCII review of two sentences, one that is not ASCII): every
            # compiled step, the review-from-sentences path included
            texts = ["Warm up: it is GOOD. But not great!", "Naïve (one part)"]
            R = Reviews
            warm = {R.review_id: ["warm-1", "warm-2"], R.work_id: ["warm"] * 2, R.text: texts}
            score_chunk(pd.DataFrame(warm), self)
        return self

    @property
    def tagger(self) -> ThemeTagger:
        """The film tagger (the default kind)."""
        return self.taggers[DEFAULT_KIND]

    def tagger_for(self, kind: str | None) -> ThemeTagger:
        return self.taggers.get(kind or DEFAULT_KIND, self.tagger)

    @property
    def themes(self) -> tuple[Theme, ...]:
        """Every kind's themes, each name once (the film label first)."""
        merged: dict[str, Theme] = {}
        for kind in self.taggers:
            for t in self.taggers.themes_of(kind):
                merged.setdefault(t.name, t)
        return tuple(merged.values())

    @classmethod
    def load(cls, extra_themes: tuple[Theme, ...] = (), settings: Settings = DEFAULT) -> Scorers:
        """The shipped scorers for these user themes and settings, loaded once per process
        (``scorers_for``)."""
        return scorers_for(ScorerSpec(tuple(extra_themes), settings))

    @property
    def spec(self) -> ScorerSpec:
        """What a worker process needs to get the same scorers."""
        return ScorerSpec(self.taggers.extra, self.settings)

    @property
    def model_version(self) -> str:
        """The shipped model's version, from its card (the model itself need not be loaded:
        loading checks that its arrays match this card)."""
        return self._model.version_ if self._model is not None else model_card_version()

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
        _LOADED[spec] = Scorers(taggers=Taggers(spec.extra), settings=spec.settings)
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


WORK_KIND = "work_kind"  # a batch's extra column: each review's kind of work (not stored)


def review_sentences(
    reviews: pd.DataFrame, spans: list[list[tuple[int, int]]] | None = None
) -> pd.DataFrame:
    """One row per sentence: review_id, work_id, sentence_index, start, end, text (and
    ``WORK_KIND`` when the reviews carry it). ``spans``: each review's ``sentence_spans``
    if already found."""
    R, S = Reviews, Sentences
    texts = reviews[R.text].tolist()
    if spans is None:
        spans = [sentence_spans(t) for t in texts]
    kinds = (
        reviews[WORK_KIND].to_numpy(object)
        if WORK_KIND in reviews
        else np.full(len(reviews), DEFAULT_KIND, dtype=object)
    )
    # built a column at a time (each review's values repeated for its sentences): half the
    # time of a row tuple per sentence
    counts = np.fromiter(map(len, spans), np.int64, len(spans))
    n = int(counts.sum())
    first_row = np.repeat(np.cumsum(counts) - counts, counts)
    return pd.DataFrame(
        {
            S.review_id: np.repeat(reviews[R.review_id].to_numpy(object), counts),
            S.work_id: np.repeat(reviews[R.work_id].to_numpy(object), counts),
            S.sentence_index: np.arange(n, dtype=np.int64) - first_row,
            S.start: np.fromiter((s for found in spans for s, _ in found), np.int64, n),
            S.end: np.fromiter((e for found in spans for _, e in found), np.int64, n),
            S.text: np.array(
                [t[s:e] for t, found in zip(texts, spans, strict=True) for s, e in found],
                dtype=object,
            ),
            WORK_KIND: np.repeat(kinds, counts),
        }
    )


VADER_FEATURES = ["vader_neg", "vader_neu", "vader_pos", "vader_compound"]


def read_texts(
    texts: list[str],
    sc: Scorers,
    vader: pd.DataFrame | None = None,
    tokens: Joined | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(VADER's, the model's) reading of each text; the model reuses VADER's numbers
    (``vader``, computed here when not given) and the classifiers' tokens
    (``model_tokens``) when given."""
    if vader is None:
        vader = sc.vader.transform(texts)
    return vader, sc.model.transform(texts, vader=vader[VADER_FEATURES].to_numpy(), tokens=tokens)


def read_reviews_and_sentences(
    texts: list[str], spans: list[list[tuple[int, int]]], sentence_texts: list[str], sc: Scorers
) -> tuple[tuple[pd.DataFrame, pd.DataFrame], tuple[pd.DataFrame, pd.DataFrame]]:
    """(VADER's, the model's) reading of each review and of each of its sentences
    (``sentence_texts``: every review's sentences in turn), each sentence tokenised once.

    A review read from its sentences' tokens gets the same tokens as reading it whole
    where ``parts_read_as_whole`` says so, for the classifiers and VADER separately; any
    other is read whole."""
    bounds = np.concatenate([[0], np.cumsum([len(found) for found in spans])])
    sent_vader, whole_vader = sc.vader.transform_with_wholes(sentence_texts, bounds)
    # the compiled hashing loads when texts are scored, not when the dashboard imports this
    from analysis.nlp.sentiment.hashing import joined_groups, merged  # noqa: PLC0415

    sent_tokens = model_tokens(sentence_texts)
    sentences = read_texts(sentence_texts, sc, vader=sent_vader, tokens=sent_tokens)
    nesting = [parts_read_as_whole(t, found) for t, found in zip(texts, spans, strict=True)]
    own_words = [i for i, n in enumerate(nesting) if not n.words]
    if own_words:
        whole_vader.iloc[own_words] = sc.vader.transform([texts[i] for i in own_words]).to_numpy()
    own = np.fromiter((not n.tokens for n in nesting), bool, len(nesting))
    tokens = merged(
        own,
        joined_groups(sent_tokens, bounds[:-1][~own], bounds[1:][~own]),
        model_tokens([t for t, o in zip(texts, own, strict=True) if o]),
    )
    return read_texts(texts, sc, vader=whole_vader, tokens=tokens), sentences


def mention_columns(
    texts: list[str],
    scores: np.ndarray,
    labels: np.ndarray,
    sc: Scorers,
    only: set[str] | None = None,
    kinds: list[str] | None = None,
) -> tuple[list[str], list[str], list[str]]:
    """Per sentence: its themes, and for each the score and label of what the sentence says
    about it (``;``-joined, aligned with the themes).

    Each match of a theme's terms gets the clause around it (``clause_span``); a clause that
    is the whole sentence, or too short to carry an opinion ("the music"), stands for the
    sentence's own score. A theme matched more than once takes its strongest clause.
    ``only`` limits the themes looked for; ``kinds`` (each text's kind of work) chooses the
    taxonomy, film where not given.
    """
    plan: list[list[tuple[str, list[str | None]]]] = []
    clauses: dict[str, int] = {}
    shortest = sc.settings.min_clause_words - 1  # spaces in the shortest clause read alone
    for text, kind in zip(texts, kinds or [DEFAULT_KIND] * len(texts), strict=True):
        row = []
        for name, spans in sc.tagger_for(kind).find(text):
            if only is not None and name not in only:
                continue
            whole = len(text.strip())
            picks: list[str | None] = []
            for start, end in spans:
                cs, ce = clause_span(text, start, end)
                clause = text[cs:ce]
                if len(clause) >= whole or clause.count(" ") < shortest:
                    picks.append(None)
                else:
                    picks.append(clause)
                    clauses.setdefault(clause, len(clauses))
            row.append((name, picks))
        plan.append(row)
    read = read_texts(list(clauses), sc)[1] if clauses else None
    clause_read = (
        list(zip(read["model_score"].tolist(), read["model_label"].tolist(), strict=True))
        if read is not None
        else []
    )
    themes, theme_scores, theme_labels = [], [], []
    for row, score, label in zip(plan, scores.tolist(), list(labels), strict=True):
        if not row:
            themes.append("")
            theme_scores.append("")
            theme_labels.append("")
            continue
        values = [
            max(
                ((score, label) if c is None else clause_read[clauses[c]] for c in picks),
                key=_strength,
            )
            for _, picks in row
        ]
        themes.append(THEME_SEP.join(n for n, _ in row))
        theme_scores.append(THEME_SEP.join(f"{v:.3f}" for v, _ in values))
        theme_labels.append(THEME_SEP.join(lb for _, lb in values))
    return themes, theme_scores, theme_labels


def _strength(reading: tuple[float, str]) -> float:
    return abs(reading[0])


def _score_sentences(
    sents: pd.DataFrame, sc: Scorers, read: tuple[pd.DataFrame, pd.DataFrame]
) -> pd.DataFrame:
    """The sentences with their readings (``read``: VADER's and the model's) and themes."""
    S = Sentences
    texts = sents[S.text].tolist()
    vader, model = read
    score, label = model["model_score"].to_numpy(), model["model_label"].to_numpy()
    kinds = sents.pop(WORK_KIND).tolist() if WORK_KIND in sents else None
    themes, theme_scores, theme_labels = mention_columns(texts, score, label, sc, kinds=kinds)
    return sents.assign(
        **{
            S.vader_compound: vader["vader_compound"].to_numpy(),
            S.model_positive: model["model_positive"].to_numpy(),
            S.sentence_score: score,
            S.label: label,
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
    tagged = sents[S.themes]
    keep = (tagged.notna() & (tagged != "")).to_numpy(bool)
    found: dict[str, set[str]] = {}
    # one pass over the tagged sentences (a tenth of a groupby with a Python function per
    # review)
    for rid, themes in zip(
        sents[S.review_id].to_numpy(object)[keep], tagged.to_numpy(object)[keep], strict=True
    ):
        found.setdefault(rid, set()).update(themes.split(THEME_SEP))
    joined = {rid: THEME_SEP.join(sorted(names)) for rid, names in found.items()}
    return pd.Series(joined, name=S.themes).rename_axis(S.review_id).sort_index()


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
    spans = [sentence_spans(t) for t in texts]
    sents = review_sentences(reviews, spans)
    (vader, model), sent_read = read_reviews_and_sentences(
        texts, spans, sents[Sentences.text].tolist(), sc
    )
    sents = _score_sentences(sents, sc, sent_read)
    reviews = reviews.drop(columns=[WORK_KIND], errors="ignore")
    model = model.drop(columns=["model_score"])
    scored = pd.concat([reviews.reset_index(drop=True), vader, model], axis=1)
    scored["agreement"] = _agreement(
        scored["vader_label"].to_numpy(), scored["model_label"].to_numpy()
    )
    scored = _review_rollup(scored.drop(columns=["model_stars"]), sents)
    return scored, sents


@dataclass
class ScoredCorpus:
    """A corpus with review-level scores, scored sentences and a theme summary.

    The theme summary (``themes``) and the mentions it is made from are computed on first
    use: a store opens without them (0.2-0.3 s of a 100k-review store's start), since the
    sidebar and the pages only need the themes' names and labels (``theme_labels``) until
    a page shows themes."""

    corpus: Corpus
    reviews: pd.DataFrame
    sentences: pd.DataFrame
    model_version: str
    theme_defs: tuple[Theme, ...] | None = None  # for the labels (the taxonomies in force)
    settings: Settings = DEFAULT

    @functools.cached_property
    def themes(self) -> pd.DataFrame:
        """Per theme over every sentence: ``ThemeSummary``, made from the mentions the views
        filter (exploded once and kept, not once for the summary and again for a view)."""
        return summarise_mentions(self.mentions, self.theme_defs, self.settings)

    @functools.cached_property
    def theme_labels(self) -> dict[str, str]:
        """Each theme some sentence mentions, by name in name order, with its label (the
        names and labels of ``themes``, every page and filter names a theme so), read off
        the sentences' distinct theme lists instead of every mention."""
        lists = pc.unique(arrow_strings(self.sentences[Sentences.themes]).drop_null())
        names = {n for themes in lists.to_pylist() for n in themes.split(THEME_SEP) if n}
        labels = labels_by_name(self.theme_defs)
        return {n: labels.get(n, n) for n in sorted(names)}

    @functools.cached_property
    def sentence_review_codes(self) -> np.ndarray:
        """Each sentence's review as a position in ``reviews``, -1 for none (computed once;
        Arrow's hash lookup takes 0.03 s for a million sentences, a pandas index 0.19 s)."""
        codes = pc.index_in(
            arrow_strings(self.sentences[Sentences.review_id]),
            value_set=arrow_strings(self.reviews[ScoredReviews.review_id]),
        )
        return pc.fill_null(codes, -1).to_numpy().astype(np.int64)

    @functools.cached_property
    def mentions(self) -> pd.DataFrame:
        """One row per (sentence, theme) (``Mentions``) plus ``_code``, the review's position
        in ``reviews`` (computed once)."""
        return explode_themes(self.sentences, extra={"_code": self.sentence_review_codes})

    @classmethod
    def summarised(
        cls,
        corpus: Corpus,
        reviews: pd.DataFrame,
        sentences: pd.DataFrame,
        model_version: str,
        themes: tuple[Theme, ...] | None = None,
        settings: Settings = DEFAULT,
    ) -> ScoredCorpus:
        """The scored corpus, its theme summary to be made on first use with ``themes``'
        labels and ``settings``' interval level."""
        return cls(corpus, reviews, sentences, model_version, themes, settings)

    def tables(self) -> dict[str, pd.DataFrame]:
        return self.corpus.tables() | {
            "reviews": self.reviews,
            "sentences": self.sentences,
            "theme_summary": self.themes,
        }


def score_texts(
    texts: list[str], scorers: Scorers | None = None, kind: str = DEFAULT_KIND
) -> pd.DataFrame:
    """Score plain texts with the shipped models: one row per text, each read whole as a
    sentence or a review is (``label``: the model's negative / neutral / positive; themes
    from the taxonomy of ``kind``: film or video_game)."""
    sc = scorers or Scorers.load()
    texts = [str(t) for t in texts]
    if not texts:
        return frame(TextScores, [])
    vader, model = read_texts(texts, sc)
    return TextScores.validate(
        pd.DataFrame(
            {
                "text": texts,
                "vader_compound": vader["vader_compound"].to_numpy(),
                "model_positive": model["model_positive"].to_numpy(),
                "text_score_100": model["text_score_100"].to_numpy(),
                "label": model["model_label"].to_numpy(),
                "themes": sc.tagger_for(kind).transform(texts),
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
        sents[S.text].tolist(),
        sents[S.sentence_score].to_numpy(),
        sents[S.label].to_numpy(),
        scorers,
        only=added,
        kinds=work_kinds(scored.corpus, sents[S.work_id]),
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
    return ScoredCorpus.summarised(
        scored.corpus, reviews, sents, scored.model_version, scorers.themes, scorers.settings
    )


def work_kinds(corpus: Corpus, work_ids: pd.Series) -> list[str]:
    """The kind of work (film, video_game) of each id; film where the corpus does not say."""
    W = Works
    kinds = corpus.works.set_index(W.work_id)[W.kind] if len(corpus.works) else pd.Series()
    kinds = kinds[~kinds.index.duplicated()]
    return work_ids.map(kinds).fillna(DEFAULT_KIND).tolist()
