"""Reviews beyond film: game themes chosen by the kind of work, kinds from tables, and the
three-way model labels on texts of several domains (no ../shared needed)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.ingest.corpus import load_corpus
from analysis.ingest.tables import parse_mapping
from analysis.scoring.engines import score_corpus
from analysis.scoring.pipeline import Scorers, score_texts

GAME_REVIEWS = [
    "The controls are clunky and the game crashes every ten minutes. Not worth the price.",
    "Gorgeous art style, a great soundtrack and hundreds of hours of content. Co-op with "
    "friends is the best part.",
    "The boss fights are punishing but fair, and the level design is clever.",
]


@pytest.fixture(scope="module")
def scorers():
    return Scorers.load()


def _themes(cell: str) -> set[str]:
    return set(cell.split(";")) - {""}


def test_game_texts_get_game_themes_and_film_texts_film_ones(scorers):
    game = score_texts(GAME_REVIEWS, scorers, kind="video_game")["themes"].map(_themes)
    assert {"controls", "performance", "price"} <= game[0]
    assert {"graphics", "sound", "length", "multiplayer"} <= game[1]
    assert {"difficulty", "gameplay"} <= game[2]
    film = score_texts(GAME_REVIEWS, scorers)["themes"].map(_themes)
    assert not ({"controls", "performance", "multiplayer"} & set().union(*film))
    assert "music" in _themes(score_texts(["A haunting score."], scorers)["themes"][0])


def _table(tmp_path, name: str, **extra) -> str:
    df = pd.DataFrame(
        {"title": ["Space Miner", "Space Miner", "Paris Blues"], "review": GAME_REVIEWS} | extra
    )
    path = tmp_path / name
    df.to_csv(path, index=False)
    return path


def test_a_kind_column_makes_game_works_tagged_with_game_themes(tmp_path, scorers):
    path = _table(tmp_path, "mixed.csv", kind=["game", "Video game", "film"])
    corpus = load_corpus([path])
    assert sorted(corpus.works["kind"]) == ["film", "video_game"]
    scored = score_corpus(corpus, scorers, workers=1)
    by_work = scored.reviews.groupby("work_id")["themes"].agg(
        lambda s: set().union(*map(_themes, s.fillna("")))
    )
    game_work = corpus.works.loc[corpus.works["kind"] == "video_game", "work_id"].iloc[0]
    film_work = corpus.works.loc[corpus.works["kind"] == "film", "work_id"].iloc[0]
    assert "space" in game_work
    assert "paris" in film_work
    assert {"controls", "performance"} <= by_work[game_work]
    assert not ({"difficulty", "gameplay"} & by_work[film_work])  # the same text, as a film
    assert {"controls", "performance"} <= set(scored.themes["theme"])


def test_map_kind_game_makes_every_work_a_game(tmp_path):
    corpus = load_corpus([_table(tmp_path, "g.csv")], mapping=parse_mapping("kind=game"))
    assert set(corpus.works["kind"]) == {"video_game"}
    plain = load_corpus([_table(tmp_path, "f.csv")])
    assert set(plain.works["kind"]) == {"film"}


def test_a_kind_cell_naming_no_kind_is_refused_with_the_file(tmp_path):
    path = _table(tmp_path, "bad.csv", kind=["game", "podcast", "film"])
    corpus = load_corpus([path])
    assert corpus.reviews.empty  # the whole file is refused, not read as films
    (reason,) = corpus.skipped.loc[corpus.skipped["path"] == str(path), "reason"]
    assert "bad.csv" in reason
    assert "'podcast'" in reason


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("The story follows a scientist who steals the dreams of children.", "neutral"),
        ("She moves to Paris to live with her aunt, a retired dancer.", "neutral"),
        ("An absolute masterpiece, I loved every minute.", "positive"),
        ("Boring, ugly and far too long.", "negative"),
        ("Crashes on startup. Refunded.", "negative"),
        ("Best purchase I've made all year, works perfectly.", "positive"),
    ],
)
def test_three_way_labels_on_texts_of_several_domains(scorers, text, label):
    assert score_texts([text], scorers)["label"][0] == label
