"""Bad files get one clear message naming the file; the rest of the batch still loads."""

from __future__ import annotations

import pytest
from conftest import SEEDS

from analysis import load_corpus
from analysis.errors import InputError
from analysis.ingest.files import read_text_file
from analysis.settings import Settings

SEED_002 = next(SEEDS.glob("002_*"))


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("blank.txt", b"  \n\t\n", "only whitespace"),
        ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG image"),
        ("archive.html", b"PK\x03\x04" + bytes(100), "zip archive"),
        ("nul.txt", b"abc\x00def" * 20, "NUL bytes"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=message) as info:
        read_text_file(path)
    assert name in str(info.value)


def test_utf16_with_bom_is_decoded(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes("Mireille Mossé … Mapi Galán".encode("utf-16"))
    tf = read_text_file(path)
    assert tf.text == "Mireille Mossé … Mapi Galán"
    assert tf.encoding == "utf-16"


def test_cp1252_is_decoded_without_mojibake(tmp_path):
    path = tmp_path / "latin.txt"
    text = "Mireille Mossé and Mapi Galán – “fine” performances. " * 5
    path.write_bytes(text.encode("cp1252"))
    tf = read_text_file(path)
    assert "Mossé" in tf.text
    assert "Galán" in tf.text
    assert "“fine”" in tf.text


@pytest.mark.parametrize(
    ("text", "encoding", "word"),
    [
        # one accented letter among much ASCII fits DOS code pages too (cp775: "f³r")
        ("Film,Bewertung für\n" + 'Alpha,"Gut, sehr gut.",4\n' * 20_000, "cp1252", "für"),
        ("titre,critique\nAmélie,Très réussi. Où est le cœur ?\n", "cp1252", "cœur"),
        # other Windows code pages stay theirs
        ("film,recenzja\nPan Tadeusz,Świetny film. Łódź\n", "cp1250", "Łódź"),
        ("фильм,отзыв\nБрат,Отличный фильм, очень понравился\n", "cp1251", "Отличный"),
        ("ταινία,κριτική\nΖορμπάς,Υπέροχη ταινία\n", "cp1253", "Υπέροχη"),
    ],
)
def test_a_legacy_encoding_is_read_as_written(text, encoding, word):
    from analysis.ingest.files import decode_bytes

    decoded, _ = decode_bytes(text.encode(encoding), "x.csv")
    assert word in decoded
    assert decoded == text


def test_size_limit_refuses_without_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2_000)
    with pytest.raises(InputError, match="over the 1,000-byte limit"):
        read_text_file(path, Settings(max_file_bytes=1_000))


def test_batch_with_bad_files_still_loads_the_good_ones(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(50))
    (tmp_path / "page.txt").write_bytes(SEED_002.read_bytes())
    corpus = load_corpus([tmp_path, tmp_path / "missing.txt"])
    assert corpus.documents["document_id"].tolist() == ["page"]
    assert len(corpus.reviews) == 1
    reasons = corpus.skipped[corpus.skipped["section"] == "file"]["reason"].tolist()
    assert any("empty.txt: the file is empty" in r for r in reasons)
    assert any("pic.png: this is a PNG image" in r for r in reasons)
    assert corpus.errors == [f"{tmp_path / 'missing.txt'}: no such file or folder"]
    # every file given is in documents or skipped
    given = {str(p) for p in tmp_path.iterdir()} | {str(tmp_path / "missing.txt")}
    accounted = set(corpus.documents["path"]) | set(corpus.skipped["path"])
    assert given <= accounted


def test_truncated_page_keeps_reviews_before_the_cut(tmp_path):
    raw = SEED_002.read_text(encoding="utf-8")
    cut = raw[: raw.index("But I'll come back to that.")]
    (tmp_path / "cut.txt").write_text(cut, encoding="utf-8")
    corpus = load_corpus([tmp_path])
    (review,) = corpus.reviews.itertuples()
    assert review.author == "Jeremy-93"
    assert review.text.endswith("that some viewers don't feel it has.")
    assert len(corpus.aggregates) == 3


def test_same_file_twice_is_one_set_of_reviews(tmp_path):
    (tmp_path / "a.txt").write_bytes(SEED_002.read_bytes())
    (tmp_path / "b.txt").write_bytes(SEED_002.read_bytes())
    corpus = load_corpus([tmp_path])
    assert len(corpus.reviews) == 1
    dup = corpus.skipped[corpus.skipped["section"].str.startswith("review by")]
    assert "same review already read from a" in dup["reason"].item()


def test_a_review_table_has_its_own_size_limit(tmp_path):
    """A review table is not held to a page's limit (a CSV of 50,000 reviews is about 67 MB,
    over the 50 MB a page may be): it has its own, and over it the message names the
    option that raises it."""
    rows = "".join(
        f"Review number {i} of a film and quite good.,{i % 10 + 1},u{i}\n" for i in range(60)
    )
    path = tmp_path / "reviews.csv"
    path.write_text("text,rating,author\n" + rows, encoding="utf-8")
    size = path.stat().st_size
    page_limit = Settings(max_file_bytes=size // 2)
    corpus = load_corpus([path], page_limit)
    assert len(corpus.reviews) == 60
    assert corpus.skipped[corpus.skipped["section"] == "file"].empty
    table_limit = Settings(max_table_bytes=size // 2)
    refused = load_corpus([path], table_limit)
    assert refused.reviews.empty
    (reason,) = refused.skipped["reason"]
    assert reason == (
        f"{path}: {size:,} bytes is over the {size // 2:,}-byte limit for a review table "
        "(raise it with --max-table-mb or Settings.max_table_bytes)"
    )
