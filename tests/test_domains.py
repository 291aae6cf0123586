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


def _kinds(corpus) -> dict[str, str]:
    return dict(zip(corpus.works["title"], corpus.works["kind"], strict=True))


def test_map_kind_says_every_works_kind_and_without_it_the_reviews_words_do(tmp_path):
    """``--map kind=game`` (or ``film``) sets every work's kind. Without it, and without a
    kind column, a work is a game when its reviewers call it one: Space Miner's say "the
    game crashes"; nothing in Paris Blues' one review does."""
    corpus = load_corpus([_table(tmp_path, "g.csv")], mapping=parse_mapping("kind=game"))
    assert set(corpus.works["kind"]) == {"video_game"}
    films = load_corpus([_table(tmp_path, "f.csv")], mapping=parse_mapping("kind=film"))
    assert set(films.works["kind"]) == {"film"}
    plain = load_corpus([_table(tmp_path, "p.csv")])
    assert _kinds(plain) == {"Space Miner": "video_game", "Paris Blues": "film"}


def test_a_works_kind_read_off_its_reviews_weighs_game_words_against_screen_words(tmp_path):
    """A film or a show whose reviewers mention a game (a game show, a football match) is
    still a film when they call it a film, a movie, a show or an episode at least half as
    often; a game is a game when a fifth of its reviews call it one, whose series and
    seasons are no television's."""
    rows = [
        ("Pixel Quest", "Great game, I sank forty hours into it."),
        ("Pixel Quest", "The gameplay loop gets old after the second world."),
        ("Pixel Quest", "Lovely music and a clever final boss."),
        ("Pixel Quest", "Runs badly on my laptop."),
        ("Pixel Quest", "Worth it on sale."),
        ("Keys to the Prize", "A game show where the players are as fake as the prizes."),
        ("Keys to the Prize", "Each episode is worse than the last; this show should end."),
        ("The Final Whistle", "The big game at the end is thrilling."),
        ("The Final Whistle", "A moving film about a team that never gave up."),
        ("The Final Whistle", "The director lets the games breathe."),
        ("Chrono Saga", "The best game of the series."),  # a game's series is no TV series
        ("Chrono Saga", "A series high point, and the season pass is worth it."),
    ]
    path = tmp_path / "mixed.csv"
    pd.DataFrame(rows, columns=["title", "review"]).to_csv(path, index=False)
    assert _kinds(load_corpus([path])) == {
        "Pixel Quest": "video_game",
        "Keys to the Prize": "film",
        "The Final Whistle": "film",
        "Chrono Saga": "video_game",
    }


@pytest.mark.parametrize(
    "columns",
    [
        {"app_id": [570], "app_name": ["Paris Blues"]},
        {"game_title": ["Paris Blues"]},
        {"Game": ["Paris Blues"]},
    ],
)
def test_a_work_column_named_for_games_makes_its_works_games(tmp_path, columns):
    """Steam's exports name their work columns ``app_id`` and ``app_name``: their works are
    games whatever their reviews say (here nothing about games)."""
    path = tmp_path / "steam.csv"
    pd.DataFrame(columns | {"review_text": ["Lovely and calm."]}).to_csv(path, index=False)
    assert _kinds(load_corpus([path])) == {"Paris Blues": "video_game"}


def test_a_blank_kind_cell_leaves_the_work_to_its_reviews_words(tmp_path):
    path = _table(tmp_path, "blank.csv", kind=["", "", "film"])
    assert _kinds(load_corpus([path])) == {"Space Miner": "video_game", "Paris Blues": "film"}


def test_imdbs_title_types_and_television_forms_say_a_works_kind_and_form(tmp_path):
    """IMDb's data sets type every title (``titleType``: movie, tvSeries, tvEpisode,
    videoGame, short, tvShort, video ...), and people write "TV series": a television form,
    a short or a direct-to-video title is a film-kind work of that form, as the pages'
    are; a video game is a game."""
    rows = [
        ("tt0000001", "movie", "A quiet film."),
        ("tt0000002", "tvSeries", "Every episode is better than the last."),
        ("tt0000003", "tvEpisode", "The best hour of the season."),
        ("tt0000004", "videoGame", "Lovely and calm."),
        ("tt0000005", "tvMiniSeries", "Six parts, no filler."),
        ("tt0000006", "short", "Ten minutes well spent."),
        ("tt0000007", "TV series", "A long-running favourite."),
        ("tt0000008", "tvShort", "Five minutes of fun."),
        ("tt0000009", "video", "Straight to video, and fine."),
    ]
    path = tmp_path / "typed.csv"
    pd.DataFrame(rows, columns=["tconst", "titleType", "review"]).to_csv(path, index=False)
    works = load_corpus([path]).works.set_index("work_id")
    assert works["kind"].to_dict() == {
        "tt0000001": "film",
        "tt0000002": "film",
        "tt0000003": "film",
        "tt0000004": "video_game",
        "tt0000005": "film",
        "tt0000006": "film",
        "tt0000007": "film",
        "tt0000008": "film",
        "tt0000009": "film",
    }
    # every form IMDb types a title by is its form, shown in the Titles table's Kind
    assert works["form"].dropna().to_dict() == {
        "tt0000002": "TV series",
        "tt0000003": "TV episode",
        "tt0000005": "TV mini-series",
        "tt0000006": "short film",
        "tt0000007": "TV series",
        "tt0000008": "TV short",
        "tt0000009": "video",
    }


def test_a_letterboxd_export_names_its_films_by_name_and_year_and_joins_the_pages(tmp_path):
    """Letterboxd's export names each film by Name and Year: each is a work of its own,
    with the id the pages give a film of that name and year, so that its reviews join the
    seeds' film instead of a work of its own."""
    from conftest import LETTERBOXD, SEEDS

    path = tmp_path / "reviews.csv"
    path.write_text(LETTERBOXD, encoding="utf-8")
    table = load_corpus([path])
    works = table.works.set_index("work_id")
    assert works[["title", "year", "kind"]].to_dict("index") == {
        "the-city-of-lost-children-1995": {
            "title": "The City of Lost Children",
            "year": 1995,
            "kind": "film",
        },
        "amelie-2001": {"title": "Amélie", "year": 2001, "kind": "film"},
    }
    assert table.reviews["rating_scale"].tolist() == [5.0, 5.0, 5.0]
    both = load_corpus([SEEDS, path])
    film = both.reviews[both.reviews["work_id"] == "the-city-of-lost-children-1995"]
    assert "reviews.csv" in set(film["source"])  # one film: the pages' and the table's
    assert len(film) == 8  # the seeds' seven reviews and this one


def test_a_year_beside_an_id_column_dates_the_work_and_keeps_its_id(tmp_path):
    path = tmp_path / "ids.csv"
    pd.DataFrame({"tconst": ["tt0211915"], "startYear": ["2001"], "review": ["Lovely."]}).to_csv(
        path, index=False
    )
    works = load_corpus([path]).works
    assert works[["work_id", "year"]].to_dict("records") == [{"work_id": "tt0211915", "year": 2001}]


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


def test_a_work_whose_reviews_say_neither_takes_the_kind_most_of_its_table_has(tmp_path):
    """In a table of games (a Steam export without its app columns), a drawing program
    whose reviewers never say "game" is taken as a game too, not as a film; in a table
    where games are not most of the works, such a work stays a film."""
    games = [(f"Quest {i}", "Great game, the gameplay is tight.") for i in range(3)]
    unsaid = [("Pixel Painter", "Lovely tool for sprites, worth the price.")]
    path = tmp_path / "steam.csv"
    pd.DataFrame(games + unsaid, columns=["title", "review"]).to_csv(path, index=False)
    assert _kinds(load_corpus([path]))["Pixel Painter"] == "video_game"
    films = [(f"Drama {i}", "A moving film, the director's best.") for i in range(3)]
    mixed = tmp_path / "mixed.csv"
    pd.DataFrame(games[:2] + films + unsaid, columns=["title", "review"]).to_csv(mixed, index=False)
    assert _kinds(load_corpus([mixed]))["Pixel Painter"] == "film"
