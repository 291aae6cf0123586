"""Sentences, themes and the scored corpus, on the seeds and on made-up texts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import FIXTURES, SEEDS

from analysis.errors import InputError, UnknownNameError
from analysis.nlp.sentences import sentence_spans, split_sentences
from analysis.nlp.tagging import ThemeTagger, get_tagger
from analysis.nlp.themes import discover_themes, load_taxonomy, make_theme, theme_summary
from analysis.schema import ScoredReviews, Sentences, TextScores, ThemeSummary
from analysis.scoring.engines import score_corpus, score_local
from analysis.scoring.pipeline import Scorers, Taggers, review_sentences, score_texts


@pytest.fixture(scope="module")
def scorers():
    return Scorers.load()


@pytest.fixture(scope="module")
def scored(seed_corpus, scorers):
    return score_corpus(seed_corpus, scorers, workers=1)


def _sentences_of(scored, author):
    rid = scored.reviews.set_index("author").loc[author, "review_id"]
    return scored.sentences[scored.sentences["review_id"] == rid]


# ------------------------------------------------------------------ sentences
def test_glued_sentences_are_split():
    text = "a street smart orphan child.in technical aspects it's a master piece. see imdb.com now."
    assert split_sentences(text) == [
        "a street smart orphan child.",
        "in technical aspects it's a master piece.",
        "see imdb.com now.",
    ]


def test_ellipses_and_brackets_stay_inside_sentences():
    text = (
        "It becomes a strange and befuddling [and at moments exasperating] oddity. Well... maybe."
    )
    assert split_sentences(text)[0].endswith("[and at moments exasperating] oddity.")


def test_sentence_spans_index_the_review(scored):
    reviews = scored.reviews.set_index("review_id")["text"]
    for row in scored.sentences.itertuples():
        assert reviews[row.review_id][row.start : row.end] == row.text
    assert sentence_spans("") == []


def test_every_review_has_sentences(scored):
    counts = scored.sentences.groupby("review_id").size()
    assert set(counts.index) == set(scored.reviews["review_id"])
    varekai = _sentences_of(scored, "varekai")["text"].tolist()
    assert "in technical aspects it's a master piece." in varekai


# ------------------------------------------------------------------ the seeds' themes
def test_badalamenti_sentences_are_music_and_positive(scored):
    moviedb = scored.reviews[scored.reviews["source"] == "moviedb"]["review_id"].item()
    sents = scored.sentences[scored.sentences["review_id"] == moviedb]
    badalamenti = sents[
        sents["text"].str.contains("Badalamenti's ethereal score|Excellent score", regex=True)
    ]
    assert len(badalamenti) == 2
    assert badalamenti["themes"].str.contains("music").all()
    assert (badalamenti["label"] == "positive").all()


def test_dubbing_sentence_is_language(scored):
    sents = _sentences_of(scored, "Jeremy-93")
    row = sents[sents["text"].str.contains("English dubbing frankly comes close to ruining")].iloc[
        0
    ]
    assert "language" in row["themes"].split(";")
    assert row["vader_compound"] < 0


def _mention(scored, author, fragment, theme):
    sents = _sentences_of(scored, author)
    row = sents[sents["text"].str.contains(fragment, regex=False)].iloc[0]
    m = scored.mentions
    hit = m[(m["review_id"] == row["review_id"]) & (m["sentence_index"] == row["sentence_index"])]
    return hit.set_index("theme").loc[theme]


def test_dubbing_mention_is_negative(scored):
    # the sentence as a whole is mixed ("I've seen both the subtitled and the dubbed print,
    # and ..."); what it says about the dubbing is negative
    m = _mention(scored, "Jeremy-93", "English dubbing frankly comes close to ruining", "language")
    assert m["mention_label"] == "negative"
    assert m["mention_score"] <= -0.1


def test_narrative_complaint_is_story(scored):
    sents = _sentences_of(scored, "Kyle M")
    row = sents[sents["text"].str.contains("warping and confounding narrative")].iloc[0]
    assert "story" in row["themes"].split(";")


def test_narrative_complaint_is_a_negative_story_mention(scored):
    # "What really makes the difference ... is the warping and confounding narrative, which
    # is all over the place": the narrative's own clause is the complaint
    m = _mention(scored, "Kyle M", "warping and confounding narrative", "story")
    assert m["mention_label"] == "negative"


def test_theme_summary_counts_mentions_not_sentences(scored):
    t = scored.themes.set_index("theme")
    m = scored.mentions
    for theme in ("story", "language"):
        mine = m[m["theme"] == theme]
        assert t.loc[theme, "negative"] == (mine["mention_label"] == "negative").sum()
        assert t.loc[theme, "mentions"] == len(mine)
    assert t.loc["story", "negative"] >= 3  # Kyle M, "not the greatest", "hard-to-follow"


def test_the_theme_names_and_labels_are_the_summarys_without_making_it(scored, tmp_path):
    """``theme_labels`` (what the sidebar and the pages name themes by) holds exactly the
    summary's themes and labels, in name order, and is read without exploding the mentions
    or making the summary, which a store's loading no longer does either (user themes
    included)."""
    from analysis.collection import Store
    from analysis.scoring.pipeline import Scorers, retag

    labels = scored.theme_labels
    assert labels == dict(zip(scored.themes["theme"], scored.themes["label"], strict=True))
    assert list(labels) == sorted(labels)
    assert labels["story"] != "story"  # the taxonomy's label, not the name
    store = Store(tmp_path / "s.duckdb")
    store.ingest([SEEDS])
    plain = store.load(Scorers.load())
    assert plain.theme_labels == labels
    assert "mentions" not in vars(plain)
    assert "themes" not in vars(plain)
    sc = Scorers.load(extra_themes=(make_theme("Dreams", "dream, dreams, nightmare"),))
    loaded = retag(store.load(sc), sc)
    fresh = loaded.theme_labels
    assert "mentions" not in vars(loaded)
    assert "themes" not in vars(loaded)
    assert "Dreams" in fresh.values()
    assert fresh == dict(zip(loaded.themes["theme"], loaded.themes["label"], strict=True))


def test_visuals_praised_in_several_reviews(scored):
    s = scored.sentences
    praised = s[s["themes"].str.contains("visuals", na=False) & (s["label"] == "positive")]
    assert praised["review_id"].nunique() >= 3


# ------------------------------------------------------------------ tables
def test_scored_tables_fit_their_schemas(scored):
    ScoredReviews.validate(scored.reviews)
    Sentences.validate(scored.sentences)
    ThemeSummary.validate(scored.themes)
    assert len(scored.reviews) == 7
    assert scored.model_version.startswith("blend-")


def test_review_rollup_matches_its_sentences(scored):
    for review in scored.reviews.itertuples():
        mine = scored.sentences[scored.sentences["review_id"] == review.review_id]
        assert review.n_sentences == len(mine)
        assert review.positive_sentences == (mine["label"] == "positive").sum()
        w = (mine["end"] - mine["start"]).clip(lower=1)
        assert review.sentence_mean == pytest.approx((w * mine["sentence_score"]).sum() / w.sum())


def test_agreement_flags_sign_clashes(scored):
    r = scored.reviews
    clash = ((r["vader_label"] == "positive") & (r["model_label"] == "negative")) | (
        (r["vader_label"] == "negative") & (r["model_label"] == "positive")
    )
    assert ((r["agreement"] == "disagree") == clash).all()


def test_theme_summary_counts_and_intervals(scored):
    t = scored.themes.set_index("theme")
    assert (
        t.loc["music", "mentions"]
        == scored.sentences["themes"].str.contains("music", na=False).sum()
    )
    assert (t["positive"] + t["negative"] + t["neutral"] == t["mentions"]).all()
    assert (t["share_low"] <= t["positive_share"]).all()
    assert (t["positive_share"] <= t["share_high"]).all()


def test_parallel_scoring_equals_serial(seed_corpus, scorers):
    from dataclasses import replace

    small_chunks = replace(scorers, settings=replace(scorers.settings, chunk_reviews=2))
    serial = score_local(seed_corpus.reviews, small_chunks, workers=1)
    parallel = score_local(seed_corpus.reviews, small_chunks, workers=2)
    pd.testing.assert_frame_equal(serial[0], parallel[0])
    pd.testing.assert_frame_equal(serial[1], parallel[1])


def test_two_parallel_scorings_at_once_each_score_their_own_reviews(seed_corpus, scorers):
    """Forked workers read their batches from the reviews their own call shared (two
    dashboard sessions may upload at the same time)."""
    from concurrent.futures import ThreadPoolExecutor
    from dataclasses import replace

    small_chunks = replace(scorers, settings=replace(scorers.settings, chunk_reviews=2))
    halves = [seed_corpus.reviews.iloc[::2], seed_corpus.reviews.iloc[1::2]]
    with ThreadPoolExecutor(2) as pool:
        both = list(pool.map(lambda r: score_local(r, small_chunks, workers=2), halves * 2))
    for half, (scored, _) in zip(halves * 2, both, strict=True):
        assert scored["review_id"].tolist() == half["review_id"].tolist()
    pd.testing.assert_frame_equal(both[0][1], score_local(halves[0], small_chunks, workers=1)[1])


# ------------------------------------------------------------------ themes
def test_user_theme_applies_at_once(seed_corpus, scorers):
    from dataclasses import replace

    theme = make_theme("Clones", "clone, Dominique Pinon")
    sc = replace(scorers, taggers=Taggers((theme,)))
    result = score_corpus(seed_corpus, sc, workers=1)
    assert "clones" in set(result.themes["theme"])
    tagged = result.sentences[result.sentences["themes"].str.contains("clones", na=False)]
    assert tagged["text"].str.contains("clone|Pinon", case=False).all()
    # the seed sentences that name clones or Dominique Pinon, counted by hand in seeds/
    expected = result.sentences["text"].str.contains(r"\bclones?\b|Dominique Pinon", case=False)
    assert expected.sum() >= 1
    assert tagged.index.tolist() == result.sentences.index[expected].tolist()


@pytest.mark.parametrize(
    ("name", "terms", "message"), [("", "a", "needs a name"), ("x", " , ", "at least one term")]
)
def test_bad_user_theme(name, terms, message):
    with pytest.raises(InputError, match=message):
        make_theme(name, terms)


def test_user_terms_are_literal_not_regex():
    theme = make_theme("odd", ["a.b", "(x"])
    tagger = ThemeTagger(themes=(), extra=(theme,)).fit()
    assert tagger.transform(["a.b here", "axb here", "(x"]) == ["odd", "", "odd"]


def test_inflections_and_exact_words():
    tagger = get_tagger()
    assert "visuals" not in tagger.tag("I was looking for metaphors.")
    assert "visuals" in tagger.tag("Its look is unique.")
    assert "story" in tagger.tag("The plots are thin.")
    assert "humour" in tagger.tag("I laughed.")  # laugh + -ed
    assert "humour" in tagger.tag("So many laughs.")
    assert "humour" not in tagger.tag("The laughter track.")  # not an inflection it knows


def test_taxonomy_has_the_required_themes():
    names = {t.name for t in load_taxonomy()}
    assert {
        "music",
        "visuals",
        "acting",
        "story",
        "characters",
        "direction",
        "tone",
        "humour",
        "originality",
        "language",
    } <= names
    with pytest.raises(UnknownNameError, match="valid taggers"):
        get_tagger("nope")


def test_review_sentences_are_one_row_per_sentence_in_order():
    """Each review's sentences in turn, numbered from 0, with its ids and kind, and the text
    its span cuts from the review; a review without sentences gives no row."""
    texts = ["First one. Second one! Third?", "", "Only this one", "   "]
    reviews = pd.DataFrame(
        {
            "review_id": ["r1", "r2", "r3", "r4"],
            "work_id": ["w1", "w1", "w2", "w2"],
            "text": texts,
            "work_kind": ["film", "film", "video_game", "film"],
        }
    )
    sents = review_sentences(reviews)
    assert sents["review_id"].tolist() == ["r1", "r1", "r1", "r3"]
    assert sents["work_id"].tolist() == ["w1", "w1", "w1", "w2"]
    assert sents["sentence_index"].tolist() == [0, 1, 2, 0]
    assert sents["work_kind"].tolist() == ["film", "film", "film", "video_game"]
    assert sents["text"].tolist() == ["First one.", "Second one!", "Third?", "Only this one"]
    by_id = dict(zip(reviews["review_id"], texts, strict=True))
    for rid, start, end, text in sents[["review_id", "start", "end", "text"]].itertuples(
        index=False
    ):
        assert by_id[rid][start:end] == text
    assert set(review_sentences(reviews.drop(columns="work_kind"))["work_kind"]) == {"film"}


def test_a_reviews_themes_are_its_sentences_themes_each_once_sorted():
    from analysis.scoring.pipeline import review_themes

    sents = pd.DataFrame(
        {
            "review_id": ["r2", "r1", "r1", "r1", "r3", "r2"],
            "themes": ["story", "music;story", "", None, "", "acting;story"],
        }
    )
    themes = review_themes(sents)
    assert themes.to_dict() == {"r1": "music;story", "r2": "acting;story"}
    assert themes.index.name == "review_id"
    assert review_themes(sents.iloc[:0]).empty


def test_empty_sentences_give_empty_summary():
    assert theme_summary(
        review_sentences(pd.DataFrame(columns=["review_id", "work_id", "text"])).assign(
            themes=[], theme_scores=[], theme_labels=[]
        )
    ).empty


def test_names_are_words_capitalised_inside_sentences():
    """``_names`` counts with ``Counter``; it finds what the word-by-word count found."""
    import re

    from conftest import FIXTURES

    from analysis.nlp.sentences import split_sentences
    from analysis.nlp.themes import _names

    def word_by_word(texts, min_count=3):
        caps, total = {}, {}
        for text in texts:
            for i, m in enumerate(re.finditer(r"[A-Za-z][a-z]+", text)):
                word = m.group().lower()
                total[word] = total.get(word, 0) + 1
                if i > 0 and m.group()[0].isupper():
                    caps[word] = caps.get(word, 0) + 1
        return {w for w, n in caps.items() if n >= min_count and n >= 0.8 * total[w]}

    reviews = pd.read_parquet(FIXTURES / "imdb_sample.parquet")["text"]
    texts = [s for t in reviews for s in split_sentences(t)]
    names = _names(texts)
    assert names == word_by_word(texts)
    assert len(names) > 5
    # capitalised inside a sentence 4 times of 5 (a sentence's first word is not)
    made_up = [
        "Jeunet made it.",
        "I saw Jeunet films.",
        "Then Jeunet.",
        "Ask Jeunet.",
        "So Jeunet.",
    ]
    assert _names(made_up) == {"jeunet"}
    assert _names([*made_up, "the jeunet way"]) == set()  # 4 of 6
    assert _names(made_up[:3]) == set()  # twice: too few


def test_discover_themes_on_real_reviews():
    texts = [
        s
        for t in pd.read_parquet(FIXTURES / "imdb_sample.parquet")["text"].head(300)
        for s in split_sentences(t.replace("<br />", " "))
    ]
    topics = discover_themes(texts, n_topics=5)
    assert len(topics) == 5
    assert topics["texts"].sum() <= len(texts)
    assert all(len(t.split(", ")) == 8 for t in topics["terms"])
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    sentiment = {"good", "bad", "great", "love", "best", "worst", "like", "movie", "film"}
    for row in topics.itertuples():
        words = {w for term in row.terms.split(", ") for w in term.split()}
        assert not words & (ENGLISH_STOP_WORDS | sentiment), row.terms
        assert row.topic.split(" / ")[0] in row.terms  # named by its own top phrases
        for example in row.examples.split(" | "):
            assert example.rstrip("…")[:40] in " ".join(texts)  # a sentence quoted, not made up
    assert discover_themes(texts[:10]).empty


# ------------------------------------------------------------------ score_texts
def test_score_texts(scorers):
    out = score_texts(
        [
            "A gorgeous, witty, seductive movie.",
            "An utterly incompetent mess.",
            "The music is lovely but the plot is thin. " * 3,
        ],
        scorers,
    )
    TextScores.validate(out)
    assert out["label"].tolist()[:2] == ["positive", "negative"]
    assert out["model_positive"][0] > 0.6 > 0.4 > out["model_positive"][1]
    assert set(out["themes"][2].split(";")) == {"music", "story"}
    assert score_texts([], scorers).empty


# ------------------------------------------------------------------ clauses and mentions
@pytest.mark.parametrize(
    ("sentence", "term", "clause"),
    [
        ("The acting is superb, the story is weak.", "story", "the story is weak."),
        ("The acting is superb, the story is weak.", "acting", "The acting is superb"),
        ("The score, by a newcomer, is lovely.", "score", "The score, by a newcomer, is lovely."),
        (
            "I liked it, but the plot, which drags, ruins it.",
            "plot",
            "the plot, which drags, ruins it.",
        ),
        ("Great sets; awful dialogue - truly awful.", "dialogue", "awful dialogue"),
        ("music", "music", "music"),
    ],
)
def test_clause_around_a_term(sentence, term, clause):
    from analysis.nlp.sentences import clause_span

    start = sentence.index(term)
    s, e = clause_span(sentence, start, start + len(term))
    assert sentence[s:e] == clause


def test_an_ascii_sentences_clauses_are_found_as_ignoring_case_finds_them():
    """``clause_span`` reads an ASCII text's lower case with case-sensitive rules: the
    clauses are those the case-insensitive rules find, on real review sentences in their
    own case, upper case and title case, at every word."""
    import re

    from analysis.nlp.sentences import _CLAUSE_RULES, _clause_span, clause_span

    texts = pd.read_parquet(FIXTURES / "imdb_sample.parquet")["text"].head(150).tolist()
    sentences = [s for t in texts for s in split_sentences(t)]
    sentences += [s.upper() for s in sentences[:300]] + [s.title() for s in sentences[:300]]
    sentences += ["The MUSIC, WHICH IS loud, BUT fine; HOWEVER it's - ok", "naïve MUSIC, but"]
    checked = 0
    for sentence in sentences:
        for m in re.finditer(r"\w+", sentence):
            got = clause_span(sentence, m.start(), m.end())
            # the case-insensitive rules on the text as written
            expected = _clause_span(sentence, m.start(), m.end(), sentence, _CLAUSE_RULES)
            assert got == expected, sentence
            checked += 1
    assert checked > 10_000


def test_mentions_score_each_theme_on_its_own_clause(scorers):
    texts = [
        "The acting is wonderful, but the plot is a boring, incoherent mess.",
        "The plot is a boring, incoherent mess, but the acting is wonderful.",
    ]
    result = score_texts(texts, scorers)  # sentence scores, for comparison
    from analysis.scoring.pipeline import mention_columns

    themes, scores, labels = mention_columns(
        texts, np.zeros(len(texts)), np.full(len(texts), "neutral"), scorers
    )
    for t, sc_, lb in zip(themes, scores, labels, strict=True):
        per = dict(zip(t.split(";"), lb.split(";"), strict=True))
        assert per["acting"] == "positive"
        assert per["story"] == "negative"
        assert len(sc_.split(";")) == len(t.split(";"))
    assert len(result) == 2


def test_a_theme_matched_twice_takes_its_strongest_clause(scorers):
    from analysis.scoring.pipeline import mention_columns

    text = "I saw the subtitled print, and the dubbing is dreadful and ruins the film."
    themes, scores, labels = mention_columns([text], np.zeros(1), np.full(1, "neutral"), scorers)
    per = dict(zip(themes[0].split(";"), labels[0].split(";"), strict=True))
    assert per["language"] == "negative"


def test_mentions_are_the_sentences_theme_lists_exploded(scored):
    expected = [
        (r.review_id, r.sentence_index, t, float(s), lb)
        for r in scored.sentences.itertuples()
        if r.themes
        for t, s, lb in zip(
            r.themes.split(";"), r.theme_scores.split(";"), r.theme_labels.split(";"), strict=True
        )
    ]
    m = scored.mentions
    got = list(
        zip(
            m["review_id"],
            m["sentence_index"],
            m["theme"],
            m["mention_score"],
            m["mention_label"],
            strict=True,
        )
    )
    assert got == expected
    codes = scored.reviews["review_id"].to_numpy()[m["_code"].to_numpy()]
    assert (codes == m["review_id"].to_numpy()).all()


def test_the_trigger_trie_matches_exactly_the_words_it_was_built_from():
    import re

    from analysis.nlp.tagging import _trie_pattern

    words = ["music", "musical", "mood", "m", "score", "scores", "set design"]
    rx = re.compile(rf"^(?:{_trie_pattern(words)})$", re.IGNORECASE)
    for w in words:
        assert rx.match(w)
        assert rx.match(w.upper())
    for other in ["musi", "musicals", "mo", "scor", "set", "design", "x", ""]:
        assert not rx.match(other), other
    assert not re.match(rf"^(?:{_trie_pattern([])})$", "anything")


def test_finding_themes_in_an_ascii_texts_lower_case_finds_what_the_case_blind_regex_finds():
    """``find`` looks where a trigger word starts: in an ASCII text's lower case with
    Aho-Corasick and a whole-word check, elsewhere with the case-blind regex; the themes
    and spans are those the case-blind regex gives on every text."""
    import pandas as pd
    from conftest import FIXTURES

    from analysis.nlp.sentences import split_sentences
    from analysis.nlp.tagging import ThemeTagger
    from analysis.nlp.themes import TAXONOMIES, make_theme

    reviews = pd.read_parquet(FIXTURES / "imdb_sample.parquet")["text"].head(150)
    texts = [s for t in reviews for s in split_sentences(t)]
    texts += [t.upper() for t in texts[:300]] + [t.swapcase() for t in texts[300:500]]
    texts += [
        "The MUSIC, the Scores and the Soundtracks: Badalamenti's MUSICAL genius.",
        "Ünïcödé MÚSIC around the musical ſcore",
        "The acting_job and music2 and _music and (music) and music-video",
        "İstanbul ACTING, Kelvin \u212a and the K-pop soundtrack",
        "English audio was bad; the original print looked great for $5",
        "music",  # a trigger word at both ends of the text
        "Acting.Music,story;plot-twist/score's 2music music2 musicals musicality",
    ]
    extra = (make_theme("K stuff", "kelvin, k-pop"),)
    found = 0
    for kind in TAXONOMIES:
        tagger = ThemeTagger(extra=extra, kind=kind).fit()
        reference = ThemeTagger(extra=extra, kind=kind).fit()
        reference._trigger_words = lambda text, rx=reference.trigger_rx_: [
            (m.start(), m.group()) for m in rx.finditer(text)
        ]  # case-blind, every text
        for text in texts:
            got = tagger.find(text)
            assert got == reference.find(text), (kind, text)
            found += len(got)
            if text.isascii():  # the same trigger words, not merely a superset of them
                assert tagger._trigger_words(text) == [
                    (start, word.lower()) for start, word in reference._trigger_words(text)
                ], text
    assert found > 500


def test_themes_are_listed_in_taxonomy_order_not_text_order():
    """``find`` (and so every stored theme list) names the themes in the taxonomy's order,
    whatever order the text mentions them in."""
    from analysis.nlp.tagging import ThemeTagger

    tagger = ThemeTagger().fit()
    # (a theme searched in full, "language", is found after the others anyway)
    plain = [t for t in tagger.themes_ if t.name not in tagger.always_]
    first, last = plain[0], plain[-1]
    text = f"The {last.terms[0]} was odd, and the {first.terms[0]} was fine."
    names = [name for name, _ in tagger.find(text)]
    assert names[0] == first.name
    assert names[-1] == last.name
    order = [t.name for t in tagger.themes_]
    assert names == sorted(names, key=order.index)
    assert tagger.transform([text]) == [";".join(names)]


def test_the_glued_period_regex_finds_what_the_lookbehind_first_one_finds():
    """``_GLUED`` puts the period first (fast); it matches where the plainer pattern with
    its lookbehind first does, in whole texts and in sentence slices."""
    import re

    import pandas as pd
    import sentencex
    from conftest import FIXTURES

    from analysis.nlp.sentences import _GLUED

    plain = re.compile(r"(?<=[^\W\d_]{2})\.(?=(?P<next>[^\W\d_]+)\b)")
    texts = pd.read_parquet(FIXTURES / "imdb_sample.parquet")["text"].tolist() + [
        "a street smart orphan child.in technical aspects",
        "ab.c a.b abc.123 abc._x é.é éé.éé www.imdb.com Mr.Smith e.g.this",
        ".start and end.",
        "in 1995.the film, a 12.ab and a1.bc test",
    ]
    found = 0
    for text in texts:
        for b in sentencex.get_sentence_boundaries("en", text):
            args = (text, b["start_index"], b["end_index"])
            got = [(m.start(), m.group("next")) for m in _GLUED.finditer(*args)]
            assert got == [(m.start(), m.group("next")) for m in plain.finditer(*args)]
            found += len(got)
    assert found >= 5
