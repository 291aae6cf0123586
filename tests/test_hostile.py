"""Hostile review text stays text: in tables, markdown labels, chart specs and exports.

The real-browser proof (no script runs in the app or in an exported HTML file) is in
``test_browser.py``; these tests check what is handed to the browser.
"""

from __future__ import annotations

import ast
import json
import re

import pytest
from conftest import FIXTURES, ROOT
from hypothesis import given
from hypothesis import strategies as st

from analysis import load_corpus
from analysis.charts.export import chart_bytes, script_json
from analysis.schema import ReviewRows, SentenceRows
from analysis.scoring.engines import score_corpus
from analysis.text import escape_markdown, visible_controls
from analysis.views.filters import Filters
from analysis.views.tables import review_table, sentence_table
from analysis.views.view import build_view, view_charts

HOSTILE = FIXTURES / "tables" / "hostile.csv"
PAYLOADS = ("<script>", "<img src=x onerror", "javascript:alert", "</script>")


@pytest.fixture(scope="module")
def hostile():
    return score_corpus(load_corpus([HOSTILE]), workers=1)


@pytest.fixture(scope="module")
def charts(hostile):
    return view_charts(build_view(hostile, Filters()))


def test_hostile_rows_are_kept_verbatim(hostile):
    r = hostile.reviews.set_index("author")
    assert len(r) == 4
    img = "<img src=x onerror=\"window.__pwned='img';alert('img')\">"
    assert "<script>window.__pwned='script';alert('script')</script>" in r.loc[img, "text"]
    long_word = hostile.reviews[hostile.reviews["text"].str.startswith("AAAA")]
    assert len(long_word) == 1
    assert "\u202e" in "".join(hostile.reviews["author"])  # right-to-left override kept as data


def test_explorer_tables_hold_the_exact_text(hostile):
    table = review_table(hostile.reviews, "model")
    assert {visible_controls(a) for a in hostile.reviews["author"]} == set(table[ReviewRows.author])
    assert "<img src=x onerror=\"window.__pwned='img';alert('img')\">" in set(
        table[ReviewRows.author]
    )
    rid = hostile.reviews["review_id"].iloc[0]
    sents = sentence_table(hostile.sentences, rid)
    assert "".join(sents[SentenceRows.sentence]).replace(" ", "") == hostile.reviews.set_index(
        "review_id"
    ).loc[rid, "text"].replace(" ", "")


def test_json_export_keeps_the_exact_text(charts, hostile):
    spec = json.loads(chart_bytes(charts[0].chart, "json"))
    authors = {row.get("author") for rows in spec["datasets"].values() for row in rows}
    shown = {visible_controls(a) for a in hostile.reviews["author"]}
    assert shown <= authors  # data, not markup: a .json is not rendered
    assert "rtl[U+202E]evil[U+202C] zero\u200bwidth" in authors  # no reversed text on screen
    assert not any("text" in rows[0] for rows in spec["datasets"].values())  # no review text sent


@pytest.mark.parametrize("fmt", ["html", "svg"])
def test_exports_never_carry_live_markup(charts, fmt):
    assert charts
    for nc in charts:
        out = chart_bytes(nc.chart, fmt).decode("utf-8")
        assert "<img src=x" not in out
        if fmt == "html":
            # only the page's own two scripts close; the spec cannot end them early
            assert out.count("</script>") == 2
            spec = json.loads(re.search(r"const spec = (.*);\n    const opts", out, re.S).group(1))
            assert spec == json.loads(json.dumps(nc.chart.to_dict()))  # same data, exact text


@given(st.text(max_size=300))
def test_script_json_is_the_same_value_and_inert(value):
    out = script_json({"text": value, "list": [value]})
    assert json.loads(out) == {"text": value, "list": [value]}
    assert not set(out) & {"<", ">", "&", "\u2028", "\u2029"}


@given(st.text(max_size=200))
def test_escaped_markdown_has_no_live_special_character(text):
    out = escape_markdown(text)
    unescaped = re.sub(r"\\(.)", r"\1", out, flags=re.S)
    assert unescaped == text
    # every markdown-special character is preceded by a backslash
    for m in re.finditer(r"[`*_{}\[\]()#+\-.!|<>~$:]", out):
        preceding = len(out[: m.start()]) - len(out[: m.start()].rstrip("\\"))
        assert preceding % 2 == 1


def test_uploaded_file_names_are_never_paths(tmp_path, monkeypatch):
    from dashboard import state

    monkeypatch.setattr(state, "UPLOAD_DIR", tmp_path / "uploads")
    names = ("../../etc/passwd", "/abs/path.csv", "..\\win.txt", "<script>.html", "a" * 500)
    for name in (*names, "x.csv/../../evil.sh", "rows.PARQUET", "page.html"):
        path = state.store_upload(name, b"some text")
        assert path.parent == tmp_path / "uploads"
        # a review table keeps its suffix (tables are read by it), every other file is .txt
        assert re.fullmatch(
            r"upload-[A-Za-z0-9 ()._-]{0,40}-[0-9a-f]{12}\.(txt|csv|parquet)", path.name
        )
        assert not path.name.startswith("upload-.")  # the label never begins with a dot
        suffix = {"/abs/path.csv": ".csv", "rows.PARQUET": ".parquet"}.get(name, ".txt")
        assert path.suffix == suffix, name


BANNED_CALLS = {"eval", "exec", "compile", "__import__"}
BANNED_MODULES = {
    "pickle",
    "marshal",
    "dill",
    "joblib",
    "cloudpickle",
    "urllib.request",
    "requests",
    "httpx",
    "shelve",
}


def _problem(node: ast.AST) -> str | None:
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in BANNED_CALLS
    ):
        return f"calls {node.func.id}"
    if isinstance(node, ast.Import | ast.ImportFrom):
        names = [node.module] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
        bad = [n for n in names if n in BANNED_MODULES]
        return f"imports {bad}" if bad else None
    pickle_ok = isinstance(getattr(node, "value", None), ast.Constant) and node.value.value is False
    if isinstance(node, ast.keyword) and node.arg == "allow_pickle" and not pickle_ok:
        return "allows pickle"
    if isinstance(node, ast.Attribute) and node.attr in {"read_pickle", "to_pickle"}:
        return f"uses {node.attr}"
    return None


def test_no_eval_unpickle_or_download_in_the_code():
    """Nothing evaluates, unpickles or downloads: checked on the syntax of every module."""
    problems = []
    # the load-test tool polls the app it started on 127.0.0.1 (and is not part of the app)
    allowed = {("dashboard/tools/loadtest.py", "imports ['urllib.request']")}
    for path in [*(ROOT / "analysis").rglob("*.py"), *(ROOT / "dashboard").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            why = _problem(node)
            if why and (str(path.relative_to(ROOT)), why) not in allowed:
                problems.append(f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)} {why}")
    assert problems == []
    assert _problem(ast.parse("import pickle").body[0])  # the check itself can fail
    assert _problem(ast.parse("np.load(f, allow_pickle=True)").body[0].value.keywords[0])


def test_bidi_overrides_are_shown_not_obeyed(hostile):
    table = review_table(hostile.reviews, "model")
    assert "rtl[U+202E]evil[U+202C] zero\u200bwidth" in set(table[ReviewRows.author])
    assert (
        visible_controls("plain \u05e9\u05dc\u05d5\u05dd") == "plain \u05e9\u05dc\u05d5\u05dd"
    )  # RTL script itself is kept
    assert visible_controls(None) is None


def test_an_uploaded_review_table_is_read_as_a_table(tmp_path, monkeypatch):
    """A review table uploaded in the sidebar (a Letterboxd export) is stored with its
    suffix and read as a table, its reviews in the store; stored as ``.txt`` it had been
    refused as "not a saved web page"."""
    from conftest import LETTERBOXD

    from analysis.collection import Store
    from dashboard import state

    monkeypatch.setattr(state, "UPLOAD_DIR", tmp_path / "uploads")
    path = state.store_upload("reviews.csv", LETTERBOXD.encode("utf-8"))
    store = Store(tmp_path / "s.duckdb")
    store.ingest([path])
    loaded = store.load()
    assert sorted(loaded.corpus.works["work_id"]) == [
        "amelie-2001",
        "the-city-of-lost-children-1995",
    ]
    assert len(loaded.reviews) == 3
    # the reviews' source is the name the user gave, not the stored one
    assert set(loaded.corpus.reviews["source"]) == {"reviews.csv"}
    skipped = loaded.corpus.skipped
    assert skipped["section"].tolist() == ["columns"]  # no row left out; one note


def _upload_notices(skipped, given) -> None:
    from dashboard.sidebar import skipped_notices

    skipped_notices(skipped, given)


def test_an_uploaded_tables_unread_columns_are_named_in_the_sidebar(tmp_path, monkeypatch):
    """The columns no field was read from, in an uploaded table, are noted in the sidebar
    under the user's file name (never the stored one), as plain text."""
    from conftest import LETTERBOXD
    from streamlit.testing.v1 import AppTest

    from analysis.collection import Store
    from dashboard import state

    monkeypatch.setattr(state, "UPLOAD_DIR", tmp_path / "uploads")
    path = state.store_upload("my *reviews*.csv", LETTERBOXD.encode("utf-8"))
    store = Store(tmp_path / "s.duckdb")
    store.ingest([path])
    skipped = store.load().corpus.skipped
    at = AppTest.from_function(_upload_notices, args=(skipped, {str(path): "my *reviews*.csv"}))
    at.run()
    assert not at.exception
    (note,) = at.sidebar.info
    shown = note.value.replace("\\", "")  # markdown escapes: the text a user reads
    assert shown.startswith("my *reviews*.csv: columns not read: Letterboxd URI, Rewatch, ")
    assert shown.endswith("Tags, Watched Date (no field of a review is taken from them)")
    assert path.name not in note.value
    assert not at.sidebar.warning  # nothing was skipped


def _refused_upload_flow(path: str, name: str) -> None:
    """The app's upload steps for one uploaded file: ingest it (with the columns the user
    named, if any), then the sidebar's notices and column forms."""
    from analysis.collection import Store
    from analysis.store import default_db
    from dashboard import sidebar, state

    given = {path: name}
    state.ingest_uploads(list(given), sidebar.upload_mappings())
    corpus = Store(default_db()).load().corpus
    sidebar.skipped_notices(corpus.skipped, given)
    sidebar.column_forms(corpus.skipped, corpus.documents, given)


def _uploaded(tmp_path, monkeypatch, name: str, data: bytes):
    """The app's upload steps (``_refused_upload_flow``) run once on one file uploaded as
    ``name`` into a fresh store: (the AppTest, the store)."""
    from streamlit.testing.v1 import AppTest

    from analysis.collection import Store
    from dashboard import state

    monkeypatch.setattr(state, "UPLOAD_DIR", tmp_path / "uploads")
    monkeypatch.setenv("RECEPTION_DB", str(tmp_path / "s.duckdb"))
    path = str(state.store_upload(name, data))
    at = AppTest.from_function(_refused_upload_flow, args=(path, name))
    at.run(timeout=60)
    assert not at.exception
    return at, Store(tmp_path / "s.duckdb")


def test_an_uploaded_table_refused_for_its_columns_is_read_with_the_columns_named(
    tmp_path, monkeypatch
):
    """A table whose columns the reader does not know (a German export) is refused, and the
    sidebar offers a form listing its columns; naming the text, rating and title columns
    there reads it, and the refusal and the form go."""
    data = b"Film,Kommentar,Sterne\nAlpha,Wunderbar.,5\nBeta,Langweilig.,1\n"
    at, store = _uploaded(tmp_path, monkeypatch, "Bewertungen.csv", data)
    (warning,) = at.sidebar.warning
    shown = warning.value.replace("\\", "")  # markdown escapes: the text a user reads
    assert shown.startswith("Skipped Bewertungen.csv: no review text column")
    boxes = {box.label: box for box in at.sidebar.selectbox}
    assert boxes["Review text"].options == ["Film", "Kommentar", "Sterne"]
    assert boxes["Rating"].options == ["(none)", "Film", "Kommentar", "Sterne"]
    boxes["Review text"].select("Kommentar")
    boxes["Rating"].select("Sterne")
    boxes["Title (or its id)"].select("Film")
    at.sidebar.button[0].click()
    at.run(timeout=60)
    assert not at.exception
    assert not at.sidebar.warning
    assert not at.sidebar.selectbox  # read: no form left
    loaded = store.load()
    reviews = loaded.corpus.reviews.set_index("work_id")
    assert reviews.loc[["alpha", "beta"], "rating"].tolist() == [5.0, 1.0]
    assert set(reviews["source"]) == {"Bewertungen.csv"}  # the name as the user gave it
    assert not (loaded.corpus.skipped["section"] == "file").any()


TMDB = {
    "id": 550,
    "page": 1,
    "results": [
        {
            "author": "Goddard",
            "author_details": {"username": "Goddard", "rating": 10.0},
            "content": "Pretty awesome movie.",
            "created_at": "2018-06-09T17:51:53.359Z",
            "id": "5b1c13b9",
        },
        {
            "author": "Ruuz",
            "author_details": {"username": "Ruuz", "rating": 4.0},
            "content": "Overrated and smug.",
            "created_at": "2022-01-05T10:00:00.000Z",
            "id": "61d5a4c0",
        },
    ],
}


def test_an_uploaded_table_read_with_columns_left_unread_can_be_read_again(tmp_path, monkeypatch):
    """TMDB's reviews of a film are read (content, author, date), but the film's id and the
    ratings are left unread: the sidebar's closed form starts from the columns read, and
    naming the title and rating columns there reads the file again, its first reading
    taken out of the store (not kept beside the second)."""
    import json

    at, store = _uploaded(
        tmp_path, monkeypatch, "movie_550_reviews.json", json.dumps(TMDB).encode()
    )
    assert set(store.load().reviews["work_id"]) == {"unknown"}
    boxes = {box.label: box for box in at.sidebar.selectbox}
    read = {label: boxes[label].value for label in ("Review text", "Date", "Author", "Rating")}
    assert read == {
        "Review text": "content",
        "Date": "created_at",
        "Author": "author",
        "Rating": "(none)",
    }
    boxes["Rating"].select("author_details_rating")
    boxes["Title (or its id)"].select("file_id")
    at.sidebar.button[0].click()
    at.run(timeout=60)
    assert not at.exception
    loaded = store.load()
    assert len(loaded.corpus.documents) == 1
    reviews = loaded.reviews.set_index("author")
    assert set(reviews["work_id"]) == {"550"}
    assert reviews.loc[["Goddard", "Ruuz"], "rating"].tolist() == [10.0, 4.0]


def test_none_in_the_column_form_reads_the_field_from_no_column(tmp_path, monkeypatch):
    """A table whose "rating" column holds something else (a count of likes): choosing
    "(none)" for the rating in the form reads it again without ratings, rather than finding
    the same column again by its name."""
    data = b"movie,review,rating,likes\nAlpha,Lovely.,3,1\nBeta,Dull.,2,0\n"
    at, store = _uploaded(tmp_path, monkeypatch, "r.csv", data)
    assert store.load().reviews["rating"].notna().all()
    boxes = {box.label: box for box in at.sidebar.selectbox}
    assert boxes["Rating"].value == "rating"  # the column read now
    boxes["Rating"].select("(none)")
    at.sidebar.button[0].click()
    at.run(timeout=60)
    assert not at.exception
    reviews = store.load().reviews
    assert len(reviews) == 2
    assert reviews["rating"].isna().all()
