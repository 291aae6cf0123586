from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.text import fold, normalise, parse_count, parse_date, parse_decimal, parse_money


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("62,258", 62258),
        ("62\u00a0258", 62258),
        ("62\u202f258", 62258),
        ("62.258", 62258),
        ("1 204 377", 1204377),
        ("62K", 62000),
        ("1.2M", 1200000),
        ("56", 56),
    ],
)
def test_parse_count(token, value):
    assert parse_count(token) == value


@pytest.mark.parametrize(
    ("token", "value"), [("7.6", 7.6), ("7,6", 7.6), ("54.50", 54.5), ("78", 78.0)]
)
def test_parse_decimal(token, value):
    assert parse_decimal(token) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Budget $18 million[2]", (18e6, "USD")),
        ("$1,738,611", (1738611.0, "USD")),
        ("$34,348, 17 December 1995", (34348.0, "USD")),
        ("€ 1,5 million", (1.5e6, "EUR")),
        ("no money here", None),
    ],
)
def test_parse_money(text, value):
    assert parse_money(text) == value


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("24 January 2003 | by", "2003-01-24"),
        ("Oct 02, 2015", "2015-10-02"),
        ("17 mai 1995 (France)", "1995-05-17"),
        ("3. März 2004", "2004-03-03"),
        ("31 February 2003", None),
        ("nothing", None),
    ],
)
def test_parse_date(text, iso):
    assert parse_date(text) == iso


def test_normalise_decodes_entities_and_maps_offsets():
    raw = "la cit&eacute;&nbsp;&amp;  co\r\n\r\n\r\nnext"
    n = normalise(raw)
    assert n.text == "la cité & co\n\nnext"
    start = n.text.index("next")
    assert raw[slice(*n.raw_span(start, start + 4))] == "next"
    e = n.text.index("é")
    assert raw[n.offsets[e] :].startswith("&eacute;")


@given(st.text(max_size=300))
def test_normalise_never_raises_and_offsets_are_monotonic(raw):
    n = normalise(raw)
    assert len(n.offsets) == len(n.text)
    assert list(n.offsets) == sorted(n.offsets)
    assert all(0 <= o < max(len(raw), 1) for o in n.offsets)
    assert "  " not in n.text
    assert "\n\n\n" not in n.text


def test_fold_ignores_case_accents_and_punctuation():
    assert (
        fold("La Cité des Enfants Perdus")
        == fold("la cite des enfants perdus")
        == "la cite des enfants perdus"
    )


def _plain_clean(text: str) -> str:
    """The bulk cleaning with the plain Python patterns (case-blind ``<br>``, Unicode
    ``\\s``): what the Arrow cleaner must give."""
    import html
    import re

    text = html.unescape(re.sub(r"<br\s*/?>", "\n", text, flags=re.I))
    return re.sub(r"\n{3,}", "\n\n", re.sub(r"[ \t\xa0\u202f]+", " ", text)).strip()


def test_bulk_cleaning_equals_the_plain_patterns():
    """``clean_html_fast`` uses faster equivalent patterns (literal "<" first, lone spaces
    left alone); the result is what the plain case-blind patterns give."""
    import pandas as pd
    from conftest import FIXTURES

    from analysis.text import clean_html_fast

    plain = _plain_clean
    texts = pd.read_parquet(FIXTURES / "imdb_sample.parquet")["text"].tolist() + [
        "a  b\t\tc\xa0d \u202f e <BR/>x<bR >y<br\n/>z<br/ >",
        "  lead <br><br><br><br>trail  ",
        "x &amp; y &lt;br&gt; <b>bold</b> <brr> < br>",
        " \t",
        "x\u202fy\tz\xa0w",
        "",
    ]
    for text in texts:
        assert clean_html_fast(text) == plain(text), text


def test_the_column_cleaner_is_the_text_cleaner_on_every_text():
    """Tables are cleaned a column at a time in Arrow (``clean_html_column``): the same
    text as the plain per-text patterns, with every kind of whitespace, entities and <br>
    tags."""
    import pandas as pd
    from conftest import FIXTURES

    from analysis.text import PY_WHITESPACE, clean_html_column

    clean_html_fast = _plain_clean  # the reference, one text at a time

    spaces = "".join(chr(c) for c in PY_WHITESPACE)
    texts = pd.read_parquet(FIXTURES / "imdb_sample.parquet")["text"].tolist() + [
        "a  b\t\tc\xa0d \u202f e <BR/>x<bR >y<br\n/>z<br\xa0/>w<br\x85>v<br\u3000/>",
        "  lead <br><br><br><br>trail  ",
        "x &amp; y &lt;br&gt; &nbsp;&nbsp;z &#8217; &bogus;",
        spaces + "a" + spaces + "b" + spaces,
        "",
        " ",
        "\n\n\n\nx\n\n\n",
    ]
    assert clean_html_column(texts).to_pylist() == [clean_html_fast(t) for t in texts]


def test_arrow_whitespace_is_pythons_whitespace():
    """The Arrow text functions used for splitting and trimming take exactly the
    characters ``str.isspace`` does for whitespace (``PY_WHITESPACE``)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from analysis.text import PY_WHITESPACE

    every = [chr(i) for i in range(0x110000) if not 0xD800 <= i <= 0xDFFF]
    assert [ord(c) for c in every if c.isspace()] == list(PY_WHITESPACE)
    trimmed = pc.utf8_trim_whitespace(pa.array(["x" + c for c in every])).to_pylist()
    assert [ord(c) for c, t in zip(every, trimmed, strict=True) if t == "x"] == list(PY_WHITESPACE)
    parts = pc.list_value_length(pc.utf8_split_whitespace(pa.array(["a" + c + "b" for c in every])))
    split_on = [ord(c) for c, n in zip(every, parts.to_pylist(), strict=True) if n == 2]
    assert split_on == list(PY_WHITESPACE)


@pytest.mark.parametrize(
    "wanted",
    [
        {"tt01", ""},
        ["tt03", "tt01", None, float("nan")],
        ("tt02", 3),
        set(),
        {"TT01", "tt0"},
    ],
)
@pytest.mark.parametrize("dtype", ["str", object])
def test_is_in_is_pandas_isin(wanted, dtype):
    import pandas as pd

    from analysis.text import is_in

    values = pd.Series(["tt01", None, "tt02", "", "tt03", "tt01", "tt010"], dtype=dtype)
    got = is_in(values, wanted)
    assert got.dtype == bool
    # missing values are never in (pandas may match a missing value against a NaN wanted)
    assert got.tolist() == (values.isin(wanted) & values.notna()).tolist()


def test_is_in_takes_a_column_of_wanted_values():
    import pandas as pd

    from analysis.text import is_in

    values = pd.Series([f"r{i}" for i in range(1000)], dtype="str")
    wanted = values.iloc[::7]
    assert is_in(values, wanted).nonzero()[0].tolist() == list(range(0, 1000, 7))


# letters with plain two-way cases (not the long s or the Kelvin sign, which RE2 would fold
# into "s" and "k"), digits, spaces and the characters a regex would read as syntax
_SEARCHABLE = st.sampled_from(list("sSkKaAbBtT eéÉüÜ0.9*+?()[]{}|^$\\-"))


@given(
    st.lists(st.text(_SEARCHABLE, max_size=12), min_size=1, max_size=8),
    st.text(_SEARCHABLE, min_size=1, max_size=4),
)
def test_contains_ignoring_case_is_a_caseless_literal_search(texts, term):
    from analysis.text import contains_ignoring_case

    found = contains_ignoring_case(texts, term)
    assert found.tolist() == [term.lower() in t.lower() for t in texts]


def test_contains_ignoring_case_on_missing_values_and_special_letters():
    import pandas as pd

    from analysis.text import contains_ignoring_case

    texts = pd.Series(["A STORY", None, "history", "\u017ftory", "Caf\u00c9 \u00c9T\u00c9"])
    assert contains_ignoring_case(texts, "story").tolist() == [True, False, True, False, False]
    assert contains_ignoring_case(texts, "café été").tolist() == [False] * 4 + [True]
    assert contains_ignoring_case(texts, "").tolist() == [True] * 5  # no term: every text


def test_a_text_search_reads_a_column_of_several_chunks_without_joining_them():
    """A store's column can come in chunks (the 100k IMDb reviews with the seeds' added are
    two): the search finds the same texts in every chunk, missing ones never, and does not
    copy the texts into one array first (0.3 s a search on the 100k reviews): the memory it
    takes is the answer's, not the texts'."""
    import pandas as pd
    import pyarrow as pa

    from analysis.text import contains_ignoring_case

    chunks = [
        pa.array(["A good STORY " + "x" * 1000] * 1000, type=pa.string()),
        pa.array([None, "no plot here " + "y" * 1000, "another story"] * 500, type=pa.string()),
    ]
    texts = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array(chunks)))
    pool = pa.proxy_memory_pool(pa.system_memory_pool())
    before = pa.default_memory_pool()
    pa.set_memory_pool(pool)
    try:
        found = contains_ignoring_case(texts, "story")
    finally:
        pa.set_memory_pool(before)
    assert found.tolist() == [True] * 1000 + [False, False, True] * 500
    assert pool.max_memory() < 100_000  # the texts are 2.5 MB; a joined copy would show
