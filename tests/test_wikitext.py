"""Wikipedia as wikitext (MediaWiki XML exports, made up here): reception templates read
with mwparserfromhell, per platform; a placeholder template gives no number."""

from __future__ import annotations

from conftest import FIXTURES

from analysis import load_corpus

WIKI = FIXTURES / "wikitext"


def _aggregates(name: str):
    corpus = load_corpus([WIKI / name])
    assert set(corpus.documents["kind"]) == {"wikipedia"}
    return corpus


def test_video_game_reviews_template_per_platform():
    corpus = _aggregates("made_up_game.xml")
    a = corpus.aggregates.merge(corpus.works[["work_id", "platform_variant"]], on="work_id")
    got = {
        (r.platform, r.platform_variant): r.value
        for r in a.itertuples()
        if r.platform in {"gamerankings", "metacritic"}
    }
    assert got == {
        ("metacritic", "PS2"): 71,
        ("metacritic", "Xbox"): 68,
        ("gamerankings", "PS2"): 72.5,
        ("gamerankings", "Xbox"): 69,
    }
    assert set(corpus.works["kind"]) >= {"video_game"}


def test_prose_templates_give_score_average_and_count():
    corpus = _aggregates("made_up_film.xml")
    got = {(r.platform, r.metric): (r.value, r.n) for r in corpus.aggregates.itertuples()}
    assert got[("rotten_tomatoes", "tomatometer")] == (64, 53)
    assert got[("rotten_tomatoes", "critic_average_rating")] == (6.1, 53)
    assert got[("metacritic", "metascore")] == (58, 19)
    assert corpus.works.loc[corpus.works["kind"] == "film", "title"].iloc[0] == "The Glass Orchard"


def test_rt_data_placeholders_hold_no_number():
    corpus = _aggregates("placeholder_film.xml")
    assert corpus.aggregates.empty
    assert "placeholders, not numbers" in corpus.documents["warnings"].iloc[0]
