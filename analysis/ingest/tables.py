"""Reviews from tables: CSV, TSV, JSON Lines and Parquet, with common column names
recognised and an explicit mapping for the rest. Every row read is either stored or
reported in ``skipped`` with its line number and reason."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from analysis.errors import InputError
from analysis.ids import IMDB_ID, film_id, review_id, table_work_id
from analysis.ingest.files import RAISE_TABLE_LIMIT, decode_bytes
from analysis.ingest.work_titles import work_form
from analysis.labels import source_name
from analysis.schema import Reviews, Skipped, Titles, Works, columns
from analysis.schema import empty as empty_table
from analysis.settings import DEFAULT, Settings
from analysis.text import arrow_strings, clean_html_column, fold, parse_date

TABULAR_SUFFIXES = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",  # an array of reviews, an object holding one, or JSON lines
    ".parquet": "parquet",
    ".pq": "parquet",
}


GZIP = ".gz"


def table_kind(path: Path | str) -> str | None:
    """The kind of review table a file name says (``TABULAR_SUFFIXES``), gzip-compressed
    ones included ("reviews.csv.gz", Amazon's "reviews_Movies.json.gz"); None for a page."""
    suffixes = [x.lower() for x in Path(path).suffixes]
    if suffixes[-1:] == [GZIP]:
        suffixes = suffixes[:-1]
        if suffixes[-1:] in ([".parquet"], [".pq"]):
            return None  # Parquet compresses inside: a gzipped one is not a table we read
    return TABULAR_SUFFIXES.get(suffixes[-1]) if suffixes else None


def _table_suffix(name: Path) -> str:
    """The suffix a table's name ends with ('.csv', '.csv.gz'), '' for a page."""
    if table_kind(name) is None:
        return ""
    gz = name.suffix.lower() == GZIP
    return (Path(name.stem).suffix.lower() + GZIP) if gz else name.suffix.lower()


def upload_file_name(name: str, data: bytes) -> str:
    """The name an uploaded file is stored under: a hash of its bytes, the user's name only
    as a label, and the user's suffix only where it says the file is a review table
    (``TABULAR_SUFFIXES``: tables are read by their suffix); pages, whatever they are
    called, are stored as ``.txt`` and read by their content.

    The label keeps the name as the user wrote it where it can (``source_name`` shows it:
    "Bewertungen 2024.csv", not "bewertungen_2024.csv"; a page's "film.html", not
    "film.txt"): ASCII letters in either case, digits, spaces, brackets, ``.``, ``-`` and
    ``_``; an accented letter as its base letter ("für" as "fur"), any other run of
    characters as one ``_``; never a path separator."""
    digest = hashlib.sha256(data).hexdigest()[:12]
    given = Path(name.replace("\\", "/").split("/")[-1])
    table_suffix = _table_suffix(given)
    suffix = table_suffix or ".txt"
    # a page keeps its own suffix in the label ("page.html"): it is stored as .txt
    bare = given.name[: len(given.name) - len(suffix)] if table_suffix else given.name
    plain = "".join(c for c in unicodedata.normalize("NFKD", bare) if not unicodedata.combining(c))
    stem = re.sub(r"[^A-Za-z0-9 ()._-]+", "_", plain).strip("_ .")[:40].rstrip(" .")
    return f"upload-{stem}-{digest}{suffix}"


# work columns that hold ids, not names: a name column beside one names the work
ID_WORK_COLUMNS = (
    "title_id",
    "imdb_id",
    "tconst",
    "const",  # IMDb's own exports (a user's ratings, watchlist or list): Const, Title, ...
    "movie_id",
    "product_id",
    "asin",
    "app_id",
    "appid",
    "game_id",
    "rotten_tomatoes_link",  # Rotten Tomatoes' critic reviews (Kaggle): "m/0814255"
)
# our field -> column names recognised for it (first match wins; case, spaces, hyphens and
# underscores aside: "ProductId", "Review Text" and "review-text" are product_id and review_text)
ALIASES: dict[str, tuple[str, ...]] = {
    "text": (
        "text",
        "review",
        "review_text",
        "content",
        "body",
        "comment",
        "review_body",
        "review_content",
    ),
    # "overall": Amazon's review data (McAuley); "userscore": Metacritic's user comments
    "rating": (
        "rating",
        "score",
        "stars",
        "star_rating",
        "grade",
        "review_score",
        "overall",
        "userscore",
        "user_score",
        "user_rating",
        # schema.org's Review (``reviewRating``: ``ratingValue`` and ``bestRating``), as
        # scrapers write it and as a JSON list of them is flattened
        "rating_value",
        "review_rating_rating_value",
    ),
    # each row's best rating, where rows are rated on different scales ("4" of 5 beside
    # "8" of 10): the cell's own scale ("8/10") comes first, then this, then the table's
    "best_rating": (
        "best_rating",
        "review_rating_best_rating",
        "scale_max",
        "max_rating",
        "rating_max",
        "max_score",
        "out_of",
    ),
    "date": (
        "date",
        "review_date",
        "created",
        "created_at",
        "timestamp",
        "time",
        "unix_review_time",
        "review_time",
        "timestamp_created",
        "date_posted",
        "date_published",  # schema.org's Review
    ),
    "author": (
        "author",
        "user",
        "username",
        "user_name",
        "reviewer",
        "by",
        "author_name",
        "reviewer_name",
        "profile_name",
        "user_id",
        "reviewer_id",
        "customer_id",
        "critic_name",
        "critic",
        "author_steamid",  # Steam's review API, its author object flattened
        "steamid",
    ),
    "work": (
        *ID_WORK_COLUMNS,
        "item_reviewed_name",  # schema.org's Review: its ``name`` is the review's headline
        "movie",
        "film",
        "title",
        "movie_title",
        "product",
        "game",
        "game_title",
        "game_name",
        "app_name",
        "name",  # Letterboxd's export: Name, Year
    ),
    "headline": ("headline", "summary", "review_title", "review_headline"),
    "helpful_yes": (
        "helpful_yes",
        "helpful_votes",
        "helpful",
        "votes_helpful",
        "votes_up",
        "helpfulness_numerator",
        "vote",  # Amazon's 2018 review data: "3", "1,234"
    ),
    "helpful_total": ("helpful_total", "total_votes", "votes_total", "helpfulness_denominator"),
    # not "platform": in game-review tables it is PC or PS4, the reviewer's machine
    "source": ("source", "site", "website"),
    "review_id": ("review_id", "id"),
    # a critic's Fresh or Rotten (Rotten Tomatoes' critic reviews: review_type): counted per
    # work into a Tomatometer derived from the table (``verdict_shares``)
    "verdict": ("verdict", "review_type", "freshness", "fresh_rotten"),
    # a reviewer's yes or no (Steam's voted_up): counted into a share recommending the work
    "recommended": ("voted_up", "recommended", "is_recommended", "recommend"),
    "kind": ("kind", "work_kind", "media_type", "title_type", "titletype"),
    # the work's year: beside a name, it makes the work's id a film's ("amelie-2001"), so
    # that a table's film is the pages' film of that name and year
    "year": ("year", "release_year", "startyear", "start_year", "film_year"),
    # the work's name, read only where the work column holds ids (or with --map work_name=)
    "work_name": (
        "movie_title",
        "product_title",
        "product_name",
        "app_name",
        "game_title",
        "game_name",
        "movie_name",
        "primarytitle",
        "movie",
        "film",
        "game",
        "product",
        "title",
        "name",
    ),
}
# A titles table has no review text: an id column with the titles' names, kinds and years
# (IMDb's title.basics: tconst, titleType, primaryTitle, originalTitle, startYear) or their
# ratings (title.ratings: tconst, averageRating, numVotes); these fields are its own
TITLE_ALIASES: dict[str, tuple[str, ...]] = {
    "average": ("average_rating", "avg_rating", "mean_rating", "imdb_rating", "vote_average"),
    "votes": (
        "num_votes",
        "votes",
        "vote_count",
        "votes_count",
        "imdb_votes",
        "rating_count",
        "ratings_count",
        "number_of_votes",
    ),
    "original_title": ("original_title", "original_name"),
}
# rating columns that say the ratings are IMDb's: its data set's averageRating (beside
# IMDb ids) and any imdb_rating; any other (TMDB's vote_average) is not IMDb's rating
IMDB_RATING_KEYS = {"averagerating", "imdbrating"}
MAP_FIELDS = (*ALIASES, *TITLE_ALIASES, "rating_scale")
# IMDb's data sets write a missing cell as \N
NULL_CELLS = frozenset({"\\N", ""})
# the skipped report's section for a table's columns that no field was read from
UNREAD_COLUMNS = "columns"


def unread_notes(skipped: pd.DataFrame) -> list[str]:
    """The command line's notes for tables' unread columns (``UNREAD_COLUMNS`` entries of a
    skipped report): each reason and how to read one (the dashboard's sidebar shows the
    reason, with a form naming the columns instead of ``--map``)."""
    reasons = skipped.loc[skipped[Skipped.section] == UNREAD_COLUMNS, Skipped.reason]
    return [f"{r}: --map FIELD=COLUMN reads one as a field" for r in reasons]


# what a kind cell (or ``--map kind=game``) may say, and the work kind it means
KIND_WORDS = {
    "film": "film",
    "movie": "film",
    "films": "film",
    "movies": "film",
    "game": "video_game",
    "games": "video_game",
    "video_game": "video_game",
    "video game": "video_game",
    "videogame": "video_game",
    "video-game": "video_game",
}  # fmt: skip - one mapping per line would hide the pairs
# IMDb's own title types (its data sets' ``titleType``) that are neither a film's nor a
# television form's name: film-kind works; television forms (tvSeries, TV episode, ...)
# are read by ``work_titles.work_form`` and are film-kind works of that form
FILM_TYPES = {
    "short",
    "video",
    "tvshort",
    "tv short",
    "tvpilot",
    "tv pilot",
    # IMDb lists these too (its exports write "Music Video", "Podcast Series"): titles of
    # neither kind, kept as film-kind rather than refusing the table
    "musicvideo",
    "music video",
    "podcastseries",
    "podcast series",
    "podcastepisode",
    "podcast episode",
}
# a work column of one of these names holds games (Steam exports name theirs ``app_name``)
GAME_COLUMNS = {"game", "game_id", "game_title", "game_name", "app_name", "app_id", "appid"}
# Where the table does not say, a work's kind is read off its reviews' words: reviewers call
# a game a game, and a film or a television show a film, a movie, a show or an episode.
# A work is a game when at least GAME_SHARE of its reviews use a game word, and at least
# twice as many of them as use a screen word (RE2 patterns, on lower-cased text).
GAME_WORDS = (
    r"\b(?:game|games|gameplay|gamer|gamers|gaming|multiplayer|dlc|playthrough"
    r"|replayability|rpg|mmo|devs)\b"
)
SCREEN_WORDS = (
    r"\b(?:film|films|movie|movies|actor|actors|actress|actresses|director|cinema"
    r"|cinematography|screenplay|show|shows|episode|episodes|sitcom|cartoon|cartoons|tv)\b"
)
GAME_SHARE = 0.2

# the fields a user names columns for where a table could not be read (the dashboard's
# form for a refused upload), with what each is called there; the text is the one required
NAMED_FIELDS = {
    "text": "Review text",
    "rating": "Rating",
    "date": "Date",
    "author": "Author",
    "work": "Title (or its id)",
}


def table_columns(path: Path, settings: Settings = DEFAULT) -> list[str]:
    """A table file's column names as it writes them (a JSON file's keys, flattened with
    '_'), for naming which to read; ``InputError`` where the file cannot be read as a table."""
    kind = table_kind(path)
    if kind is None:
        msg = f"{path}: not a review table (a table is named .csv, .tsv, .json, .jsonl or .parquet)"
        raise InputError(msg)
    header = _delimited_header(path, kind) if kind in ("csv", "tsv") else None
    if header is not None:
        return header
    raw = read_raw_table(path, kind, [], settings, keep=lambda header: set())  # noqa: ARG005
    return [str(c) for c in raw.attrs.get(HEADER, raw.columns) if c != "_line"]


HEAD_BYTES = 1 << 20  # a CSV's header is read from its first MiB (decompressed)


def _delimited_header(path: Path, kind: str) -> list[str] | None:
    """A CSV/TSV's header from its first ``HEAD_BYTES`` (the whole lines in them), read as
    ``_read_delimited`` reads it: the file's other lines are not read (a 200 MB upload
    refused for its columns took seconds and a gigabyte to list them). None where those
    bytes hold no whole line after the header (a header longer than them, a file of one
    line) or cannot be read: the caller then reads the whole file, whose errors say why."""
    try:
        if path.suffix.lower() == GZIP:
            with gzip.open(path, "rb") as f:
                head = f.read(HEAD_BYTES)
        else:
            with path.open("rb") as f:
                head = f.read(HEAD_BYTES)
    except (OSError, EOFError):
        return None
    whole = head[: head.rfind(b"\n") + 1]  # no line, nor a character, cut in two
    try:
        text, _ = decode_bytes(whole, str(path))
    except InputError:
        return None
    reader = csv.reader(_lines(text), delimiter="\t" if kind == "tsv" else ",")
    try:
        header = _header(reader, "", str(path))
    except InputError:
        return None
    if header is None or reader.line_num >= text.count("\n"):
        return None  # the header may go on past the bytes read
    return header


def named_columns(header: list[str]) -> dict[str, str]:
    """The columns of a table with this header that the fields of ``NAMED_FIELDS`` are
    read from when no mapping is given (what a form naming them starts from)."""
    found = _resolve(pd.DataFrame(columns=header), {}, "")
    return {f: c for f, c in found.items() if f in NAMED_FIELDS}


def _positive_number(text: str) -> bool:
    try:
        return float(text) > 0
    except ValueError:
        return False


def parse_mapping(spec: str | None) -> dict[str, str]:
    """``text=review_body,rating=stars`` -> {"text": "review_body", "rating": "stars"}.

    ``FIELD=`` with nothing after it reads that field from no column, as the dashboard's
    "(none)" does (``rating=``: the table's "score" column is not a rating, so none is
    read), for every field but the text (a review needs it) and ``rating_scale`` (a
    number, not a column)."""
    if not spec:
        return {}
    out = {}
    for part in spec.split(","):
        key, sep, value = part.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or key not in MAP_FIELDS:
            msg = (
                f"bad --map entry {part!r}: use FIELD=COLUMN (or FIELD= to read the field "
                f"from no column) with FIELD one of {', '.join(MAP_FIELDS)}"
            )
            raise InputError(msg)
        if key == "text" and not value:
            msg = f"bad --map entry {part!r}: a review's text is read from a column (text=COLUMN)"
            raise InputError(msg)
        if key == "rating_scale" and not _positive_number(value):
            msg = f"bad --map entry {part!r}: rating_scale is the best rating, a number above 0"
            raise InputError(msg)
        out[key] = value
    return out


@dataclass
class TableRead:
    """What one tabular file gave: reviews and works rows, skipped rows, and counts."""

    reviews: pd.DataFrame
    works: pd.DataFrame
    skipped: list[dict] = field(default_factory=list)
    rows_read: int = 0
    # aggregate rows the table's own counts give (``verdict_shares``), not yet normalised
    aggregates: list[dict] = field(default_factory=list)
    # a titles table's rows (``schema.Titles``); None for a table of reviews
    titles: pd.DataFrame | None = None


def _read_jsonl(text: str, where: str, skipped: list[dict]) -> pd.DataFrame:
    rows, lines = [], []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            skipped.append(
                {"path": where, "section": f"line {n}", "reason": f"not valid JSON ({exc.msg})"}
            )
            continue
        if not isinstance(obj, dict):
            skipped.append(
                {
                    "path": where,
                    "section": f"line {n}",
                    "reason": "a JSON value that is not an object",
                }
            )
            continue
        rows.append(obj)
        lines.append(n)
    return _frame(rows, lines)


def _frame(rows: list[dict], lines: list[int]) -> pd.DataFrame:
    """JSON objects as a table with their line (or item) numbers; nested objects are
    flattened with '_' ("author": {"steamid": ...} is author_steamid, as Steam's review
    API writes it); lists stay cells (``helpful: [2, 3]``)."""
    if not rows:
        return pd.DataFrame({"_line": []})
    nested = any(isinstance(v, dict) for row in rows[:1000] for v in row.values())
    frame = pd.json_normalize(rows, sep="_") if nested else pd.DataFrame(rows)
    return frame.assign(_line=lines)


def _read_json(text: str, where: str, skipped: list[dict]) -> pd.DataFrame:
    """A ``.json`` file of reviews: an array of objects, an object holding one array of
    objects (``{"reviews": [...]}``, as Steam's review API answers; the object's other
    values become ``file_*`` columns of every row), or JSON lines (many exports name those
    ``.json``: Amazon's review data). Items that are not objects are reported by their
    number."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # one value per line: JSON lines
            return _read_jsonl(text, where, skipped)
        msg = f"{where}: not valid JSON ({exc.msg}, line {exc.lineno})"
        raise InputError(msg) from exc
    if isinstance(data, dict):
        lists = [
            k
            for k, v in data.items()
            if isinstance(v, list) and any(isinstance(x, dict) for x in v)
        ]
        if len(lists) != 1:
            keys = ", ".join(map(str, list(data)[:8])) or "none"
            msg = (
                f"{where}: a JSON object without one list of reviews to read (keys: {keys}); "
                "give an array of review objects, or JSON lines"
            )
            raise InputError(msg)
        # the object's other values (TMDB's movie "id", Steam's "cursor") are the file's,
        # true of every review in it: each row carries them as file_* columns, for --map
        # or the note on columns not read, rather than dropping them unsaid
        around = {f"file_{k}": v for k, v in data.items() if k != lists[0]}
        data = data[lists[0]]
        if around and isinstance(data, list):
            data = [{**around, **item} if isinstance(item, dict) else item for item in data]
    if not isinstance(data, list):
        msg = f"{where}: JSON {type(data).__name__}, not an array of review objects"
        raise InputError(msg)
    rows, items = [], []
    for n, item in enumerate(data, start=1):
        if isinstance(item, dict):
            rows.append(item)
            items.append(n)
        else:
            skipped.append(
                {
                    "path": where,
                    "section": f"item {n}",
                    "reason": "a JSON value that is not an object",
                }
            )
    return _frame(rows, items)


# rows gathered as Python lists before they become a frame's (Arrow) columns: IMDb's
# title.basics has 11 million rows, which as lists of strings took 1 KB each
CHUNK_ROWS = 100_000
# the header of every column a table has, read or not (``_unread`` names those not read)
HEADER = "header"


_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n)|([^\r\n]+)$")


def _lines(text: str):
    """The text's lines, each ended by "\n" whichever ending it had: universal newlines, a
    lone "\r" ending a line as it did on the machine that wrote it. One at a time: a
    ``StringIO`` of the text held four bytes a character (1.2 GB for a 290 MB table)."""
    for m in _LINE.finditer(text):
        yield m[1] + "\n" if m[2] else m[3]


def _header(reader, sep: str, where: str) -> list[str] | None:
    """A CSV/TSV reader's header line, stripped (None for an empty file)."""
    try:
        return [h.strip() for h in next(reader)]
    except StopIteration:
        return None
    except csv.Error as exc:
        msg = f"{where}: the header line is not readable as {'TSV' if sep == chr(9) else 'CSV'} ({exc})"
        raise InputError(msg) from exc


def _read_delimited(
    text: str, sep: str, where: str, skipped: list[dict], keep=None
) -> pd.DataFrame:
    """CSV/TSV with quoted newlines; ragged rows are reported, not guessed. ``keep``: given
    the header, the columns to keep (all by default); the others are not held, and the
    whole header is in the frame's ``attrs[HEADER]``."""
    reader = csv.reader(_lines(text), delimiter=sep)
    header = _header(reader, sep, where)
    if header is None:
        return pd.DataFrame({"_line": []})
    kept = None if keep is None else keep(header)
    wanted = [i for i, h in enumerate(header) if kept is None or h in kept]
    cells: list[list[str]] = [[] for _ in wanted]
    lines: list[int] = []
    parts: list[pd.DataFrame] = []

    def gathered() -> pd.DataFrame:
        part = pd.DataFrame({n: pd.array(c, dtype="str") for n, c in enumerate(cells)})
        part.columns = [header[i] for i in wanted]  # by position: a name may repeat
        return part.assign(_line=pd.array(lines, dtype="int64"))

    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # the reader resumes on the next line
            skipped.append(
                {
                    "path": where,
                    "section": f"line {reader.line_num}",
                    "reason": f"not readable ({exc})",
                }
            )
            continue
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            skipped.append(
                {
                    "path": where,
                    "section": f"line {line}",
                    "reason": f"{len(record)} field{'s' if len(record) != 1 else ''} where the header has {len(header)}",
                }
            )
            continue
        for column, i in zip(cells, wanted, strict=True):
            column.append(record[i])
        lines.append(line)
        if len(lines) == CHUNK_ROWS:
            parts.append(gathered())
            cells, lines = [[] for _ in wanted], []
    parts.append(gathered())
    frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    frame.attrs[HEADER] = header
    return frame


def _decompressed(path: Path, limit: int) -> bytes:
    """A gzip file's bytes, refused past ``limit`` (a small archive can hold a huge file)."""
    out = io.BytesIO()
    try:
        with gzip.open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                out.write(chunk)
                if out.tell() > limit:
                    msg = (
                        f"{path}: over the {limit:,}-byte limit for a review table once "
                        f"decompressed ({RAISE_TABLE_LIMIT})"
                    )
                    raise InputError(msg)
    except (OSError, EOFError) as exc:  # not gzip, or cut short
        msg = f"{path}: cannot decompress as gzip ({exc})"
        raise InputError(msg) from exc
    return out.getvalue()


def read_raw_table(
    path: Path, kind: str, skipped: list[dict], settings: Settings = DEFAULT, keep=None
) -> pd.DataFrame:
    """The file as a DataFrame with a ``_line`` column (row or item number for reports);
    a ``.gz`` file decompressed first."""
    where = str(path)
    if path.suffix.lower() == GZIP:
        data = _decompressed(path, settings.max_table_bytes)
        if not data.strip():
            msg = f"{path}: the file is empty once decompressed"
            raise InputError(msg)
        text, _ = decode_bytes(data, where)
        return _read_text_table(text, kind, where, skipped, keep)
    if kind == "parquet":
        try:
            df = pd.read_parquet(path)
        except (OSError, ValueError) as exc:
            msg = f"{path}: cannot read as Parquet ({exc})"
            raise InputError(msg) from exc
        return df.assign(_line=np.arange(1, len(df) + 1))
    text, _ = decode_bytes(path.read_bytes(), where)
    return _read_text_table(text, kind, where, skipped, keep)


def _read_text_table(
    text: str, kind: str, where: str, skipped: list[dict], keep=None
) -> pd.DataFrame:
    if kind == "jsonl":
        return _read_jsonl(text, where, skipped)
    if kind == "json":
        return _read_json(text, where, skipped)
    return _read_delimited(text, "\t" if kind == "tsv" else ",", where, skipped, keep)


def _resolve(
    df: pd.DataFrame,
    mapping: dict[str, str],
    where: str,
    fields: dict[str, tuple[str, ...]] = ALIASES,
    resolved: dict[str, str] | None = None,
) -> dict[str, str]:
    """Each field of ``fields`` (our field -> the column names recognised for it) and the
    column it is read from: the one ``--map`` names, else the first alias the table has
    that no field took; added to ``resolved`` (a new dict by default). A mapping to ''
    reads the field from no column (the dashboard's form: "(none)" for the rating)."""
    lower = {column_key(c): c for c in df.columns if c != "_line"}
    resolved = {} if resolved is None else resolved
    for name, aliases in fields.items():
        if name == "kind" and mapping.get(name, "").lower() in KIND_WORDS:
            continue  # ``--map kind=game``: every row's work is a game (``work_kind_of``)
        if name in mapping:
            if not mapping[name]:
                continue  # read from no column, whatever the table's columns are called
            if mapping[name] not in df.columns:
                msg = f"{where}: --map names column {mapping[name]!r}, which is not in the file (columns: {', '.join(lower.values())})"
                raise InputError(msg)
            resolved[name] = mapping[name]
            continue
        hit = next(
            (
                lower[k]
                for k in map(column_key, aliases)
                if k in lower and lower[k] not in resolved.values()
            ),
            None,
        )
        if hit:
            resolved[name] = hit
    return resolved


def _is_titles(col: dict[str, str]) -> bool:
    """Whether a table without review text is a titles table: ids with names or ratings,
    or works of any kind with ratings and their vote counts."""
    rated = "average" in col or "rating" in col
    return "work" in col and (
        (_holds_ids(col) and ("work_name" in col or rated)) or (rated and "votes" in col)
    )


def _resolve_titles(df: pd.DataFrame, col: dict[str, str], mapping: dict[str, str], where: str):
    """``col`` with a titles table's own fields (``TITLE_ALIASES``) added."""
    _resolve(df, mapping, where, TITLE_ALIASES, col)


def _work_kinds(
    raw: pd.DataFrame, col: dict[str, str], mapping: dict[str, str], where: str
) -> tuple[pd.Series, pd.Series]:
    """Each row's kind of work as the table says it, and its television form where its
    kind cell names one (``schema.WORK_FORMS``): ``--map kind=game`` for all, else a kind
    column, else a work column named for games (``GAME_COLUMNS``); None where it says
    nothing (``kinds_from_words`` then reads it off the reviews). A kind cell that names no
    kind is refused with the values it holds."""
    none = pd.Series([None] * len(raw), index=raw.index, dtype=object)
    given = mapping.get("kind", "").lower()
    if given in KIND_WORDS:
        return pd.Series(KIND_WORDS[given], index=raw.index), none
    if "kind" not in col:
        named = {column_key(col.get(c, "")) for c in ("work", "work_name")}
        return (none.fillna("video_game") if named & _GAME_KEYS else none), none
    # a handful of kinds over millions of rows: each read once, by its code
    codes, given = pd.factorize(raw[col["kind"]].astype("string"))
    given = [str(c).strip() for c in given]
    distinct = {*given, ""}  # code -1: a blank cell
    kind_of = {c: _cell_kind(c) for c in distinct}
    unknown = sorted(c for c in distinct if c and kind_of[c] is None)
    if unknown:
        msg = (
            f"{where}: column {col['kind']!r} holds kinds {unknown[:5]} (use film or game, "
            "a television form such as TV series, or IMDb's title types)"
        )
        raise InputError(msg)
    form_of = {c: work_form(c) for c in distinct}
    by_code = [*given, ""]  # index -1 is the blank cell's
    kinds = np.array([kind_of[c] for c in by_code], dtype=object)[codes]
    forms = np.array([form_of[c] for c in by_code], dtype=object)[codes]
    return pd.Series(kinds, index=raw.index), pd.Series(forms, index=raw.index)


def column_key(name: str) -> str:
    """A column's name as the aliases are matched: lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


_ID_KEYS = {column_key(c) for c in ID_WORK_COLUMNS}
_GAME_KEYS = {column_key(c) for c in GAME_COLUMNS}


def _holds_ids(col: dict[str, str]) -> bool:
    """Whether the work column found holds ids (``ID_WORK_COLUMNS``), not names."""
    return column_key(col.get("work", "")) in _ID_KEYS


_EPOCH = re.compile(r"^\s*(\d{9,10}|\d{12,13})(?:\.\d+)?\s*$")


# a date in numbers with the year last ("09/13/2009", "13.09.2009", Amazon's "09 13, 2009"),
# or first with slashes or dots ("2009/09/13"); a time after it is ignored
_NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})([/. -])(\d{1,2}),?[/. -](\d{4})(?:[ T,].*)?$")
_YMD_SLASHED = re.compile(r"^\s*(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?:[ T,].*)?$")


def day_first(cells) -> bool:
    """Whether a column's numeric dates put the day first, decided for the whole column:
    a first number over 12 says day first, a second over 12 month first, and the more
    cells say so the order holds (the others are then reported, not guessed); where no
    cell tells, or as many say each, dots mean day first (13.09.2009) and slashes or spaces
    month first, as in the United States (09/13/2009), where most review sites are."""
    day, month, seps = 0, 0, set()
    for cell in cells:
        if m := _NUMERIC_DATE.match(cell):
            day += int(m[1]) > 12
            month += int(m[3]) > 12
            seps.add(m[2])
    return day > month or (day == month and seps == {"."})


def _table_date(cell: str, day_first_order: bool = False) -> str | None:
    """A table's date cell as ``YYYY-MM-DD``: a written date (``parse_date``), a Unix time
    in seconds or milliseconds, as many exports write it (1303862400 is 2011-04-27), or a
    date in numbers (``day_first`` tells the column's order)."""
    m = _EPOCH.match(cell)
    if m:
        seconds = int(m[1]) / (1000 if len(m[1]) > 10 else 1)
        return dt.datetime.fromtimestamp(seconds, dt.UTC).date().isoformat()
    if written := parse_date(cell):
        return written
    if m := _YMD_SLASHED.match(cell):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    elif m := _NUMERIC_DATE.match(cell):
        a, b, y = int(m[1]), int(m[3]), int(m[4])
        d, mo = (a, b) if day_first_order else (b, a)
    else:
        return None
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        return None


def _year_numbers(raw: pd.DataFrame, col: dict[str, str]) -> pd.Series:
    """Each row's work year (Int64), where a year column gives a plausible one (1870-2100)."""
    if "year" not in col:
        return pd.Series(pd.NA, index=raw.index, dtype="Int64")
    numbers = pd.to_numeric(raw[col["year"]], errors="coerce")
    plausible = numbers.where((numbers >= 1870) & (numbers <= 2100) & (numbers % 1 == 0))
    return plausible.astype("Int64")


def _years(raw: pd.DataFrame, col: dict[str, str]) -> pd.Series:
    """Each row's work year as an int or None (``_year_numbers``)."""
    numbers = _year_numbers(raw, col)
    return pd.Series(
        [None if pd.isna(y) else int(y) for y in numbers], index=raw.index, dtype=object
    )


def _cell_kind(cell: str) -> str | None:
    """The kind of work a kind cell names: film or game ("Video game", "movie"), a
    television form, which is a film-kind work ("TV series", IMDb's "tvEpisode"), or
    another of IMDb's title types ("short"); None for an empty cell or one naming none."""
    lower = cell.lower()
    if lower in KIND_WORDS:
        return KIND_WORDS[lower]
    return "film" if work_form(cell) or lower in FILM_TYPES else None


def kinds_from_words(texts: pd.Series, work_ids: pd.Series) -> pd.Series:
    """Each work's kind read off its reviews' words (``GAME_WORDS``, ``SCREEN_WORDS``,
    ``GAME_SHARE``): "video_game" or "film", by work id. A work whose reviews say neither
    (too few of either word: a drawing program among a Steam table's games) is a game where
    more than half of the works are games by their words, else a film."""
    lower = pc.utf8_lower(arrow_strings(texts))
    said = (
        pd.DataFrame(
            {
                "work": work_ids.to_numpy(),
                "game": pc.match_substring_regex(lower, GAME_WORDS).to_numpy(zero_copy_only=False),
                "screen": pc.match_substring_regex(lower, SCREEN_WORDS).to_numpy(
                    zero_copy_only=False
                ),
            }
        )
        .groupby("work")[["game", "screen"]]
        .mean()
    )
    game = (said["game"] >= GAME_SHARE) & (said["game"] >= 2 * said["screen"])
    film = (said["screen"] >= GAME_SHARE) & (said["screen"] >= 2 * said["game"])
    usual = "video_game" if game.sum() > len(said) / 2 else "film"
    kinds = np.where(game, "video_game", np.where(film, "film", usual))
    return pd.Series(kinds, index=said.index)


_FRACTION = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*/\s*(\d+(?:[.,]\d+)?)\s*$")
# critics' letter grades on 0-100 as Metacritic converts them (A+ and A 100, B+ 83, B- 67,
# C 50, F 0: the grades spread evenly over the scale); a rating cell holding one is read as
# that number out of 100
LETTER_GRADES = {
    "A+": 100,
    "A": 100,
    "A-": 91,
    "B+": 83,
    "B": 75,
    "B-": 67,
    "C+": 58,
    "C": 50,
    "C-": 42,
    "D+": 33,
    "D": 25,
    "D-": 16,
    "F+": 8,
    "F": 0,
    "F-": 0,
}


# "4.0 out of 5 stars" (as scraped from Amazon), "4 of 5"; "80%"; stars drawn as glyphs,
# "★★★½" (Letterboxd's pages) or "★★★☆☆" (the empty stars then give the scale)
_OUT_OF = re.compile(
    r"^\s*(\d+(?:[.,]\d+)?)\s*(?:out\s+of|of)\s*(\d+(?:[.,]\d+)?)(?:\s*stars?)?\s*$", re.I
)
_PERCENT = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*%\s*$")
_GLYPHS = re.compile(r"^\s*(★*)(½?)(☆*)\s*$")


def _rating_cell(text: str) -> tuple[float, float] | None:
    """A rating written other than as a plain number, as (value, its own scale): a fraction
    ("3.5/4", "8/10": critics' scores), "out of" ("4.0 out of 5 stars"), a percentage, a
    letter grade ("B+": 83 of 100, ``LETTER_GRADES``) or star glyphs ("★★★½": 3.5 of 5)."""
    for rx in (_FRACTION, _OUT_OF):
        m = rx.match(text)
        if m and float(m[2].replace(",", ".")) > 0:
            return float(m[1].replace(",", ".")), float(m[2].replace(",", "."))
    if m := _PERCENT.match(text):
        return float(m[1].replace(",", ".")), 100.0
    if text in LETTER_GRADES:
        return float(LETTER_GRADES[text]), 100.0
    if (m := _GLYPHS.match(text)) and (m[1] or m[2]):
        value = len(m[1]) + (0.5 if m[2] else 0.0)
        return value, float(len(m[1]) + len(m[2]) + len(m[3])) if m[3] else 5.0
    return None


def _ratings(cells: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Each rating cell as a number, and the scale the cell writes where it writes one
    (``_rating_cell``): (ratings, own scales), NaN where none."""
    numbers = pd.to_numeric(cells, errors="coerce")
    own = pd.Series(np.nan, index=cells.index)
    for i, cell in cells[numbers.isna() & cells.notna()].items():
        if read := _rating_cell(str(cell).strip()):
            numbers[i], own[i] = read
    return numbers.astype(float), own


def _best_ratings(
    raw: pd.DataFrame, col: dict[str, str], keep: pd.Series, at: tuple, skipped: list[dict]
) -> pd.Series:
    """Each row's best rating from the table's ``best_rating`` column (``scale_max``,
    schema.org's ``bestRating``), NaN where the table has none or the cell is blank; a cell
    that is not a number above 0 is reported (for the rows in ``keep``) and the row's
    rating is read on the table's scale instead."""
    if "best_rating" not in col:
        return pd.Series(np.nan, index=raw.index)
    cells = _optional(raw, col, "best_rating", NULL_CELLS)
    best = pd.to_numeric(cells, errors="coerce").astype(float)
    bad = keep & cells.notna() & ~(best > 0)
    reasons = (
        f"best rating {v!r} in column {col['best_rating']!r} is not a number above 0: the "
        "rating is read on the table's scale"
        for v in cells[bad]
    )
    _notes(skipped, at, raw.loc[bad, "_line"], reasons, col["best_rating"])
    return best.where(best > 0)


def _rating_scale(ratings: pd.Series, explicit: str | None) -> float | None:
    """The rating scale: given with --map rating_scale=N, else the smallest of 5, 10, 100
    that holds at least three quarters of the ratings (a stray 42 among 1-5 stars is then
    reported as out of scale rather than turning the scale into 100)."""
    if explicit:
        return float(explicit)
    values = ratings.dropna()
    if values.empty:
        return None
    for scale in (5.0, 10.0, 100.0):
        if ((values >= 0) & (values <= scale)).mean() >= 0.75:
            return scale
    return 100.0


def _review_ratings(
    raw: pd.DataFrame,
    col: dict[str, str],
    mapping: dict[str, str],
    has_text: pd.Series,
    at: tuple,
    skipped: list[dict],
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """A review table's ratings, each row's scale and which rows to keep (those with text
    and a rating, if any, within its scale): the scale is the cell's own ("8/10"), else the
    row's best rating (``_best_ratings``), else the table's (``--map rating_scale`` or
    inferred, ``_rating_scale``). A rating in no form we read is reported and the review
    kept without it; one outside its scale is reported and the review left out."""
    if "rating" not in col:
        none = pd.Series(np.nan, index=raw.index)
        return none, none, has_text
    rating, own_scale = _ratings(raw[col["rating"]])
    own_scale = own_scale.fillna(_best_ratings(raw, col, has_text & rating.notna(), at, skipped))
    scale = _rating_scale(rating[has_text & own_scale.isna()], mapping.get("rating_scale"))
    row_scale = own_scale.fillna(scale if scale else np.nan)
    given = np.array(
        [not pd.isna(v) and str(v).strip() != "" for v in raw[col["rating"]]], dtype=bool
    )
    unparsed = has_text & pd.Series(given & rating.isna().to_numpy(bool), index=raw.index)
    reasons = (
        f"rating {str(v).strip()!r} in column {col['rating']!r} is not a rating in a form "
        "we read (7, 7/10, 4 out of 5, 80%, B+, ★★★½): the review is stored without a rating"
        for v in raw.loc[unparsed, col["rating"]]
    )
    _notes(skipped, at, raw.loc[unparsed, "_line"], reasons, "rating")
    out_of_scale = pd.Series(
        (rating.notna() & ((rating < 0) | (rating > row_scale.fillna(100)))).to_numpy(bool),
        index=raw.index,
    )
    if scale is not None or own_scale.notna().any():
        bad = has_text & out_of_scale
        # the table's scale can be set; a row's own (its "8/10", its best rating) is its own
        reasons = (
            f"rating outside the scale 0-{s:g} its row gives it ('8/10', a best-rating column)"
            if own
            else f"rating outside its scale 0-{s:g} (set it with --map rating_scale=N)"
            for s, own in zip(row_scale[bad].fillna(100), own_scale[bad].notna(), strict=True)
        )
        _notes(skipped, at, raw.loc[bad, "_line"], reasons)
    return rating, row_scale, has_text & ~out_of_scale


def review_ids(frame: pd.DataFrame) -> pd.Series:
    """``ids.review_id`` of every row (work, author, text)."""
    authors = frame["author"].astype(object).where(frame["author"].notna(), None)
    folded = {a: fold(a or "") for a in set(authors)}  # each author folded once
    ids = [
        review_id(w, a, t, folded[a])
        for w, a, t in zip(frame["work_id"], authors, frame["text"], strict=True)
    ]
    return pd.Series(ids, index=frame.index, dtype=object)


_THOUSANDS = re.compile(r"^\s*\d{1,3}(?:,\d{3})+\s*$")  # "1,234"
_PAIR = re.compile(r"^\s*\[\s*(\d+)\s*,\s*(\d+)\s*\]\s*$")  # "[2, 3]" as a CSV writes a list


def _vote_pairs(cells: pd.Series) -> tuple[pd.Series, pd.Series] | None:
    """A helpful column whose every cell is a pair [helpful, of all votes] (Amazon's 2014
    review data: ``"helpful": [2, 3]``) as its two counts; None if any cell is not one."""
    given = cells[cells.notna()]
    if given.empty:
        return None
    pairs = {}
    for i, cell in given.items():
        if isinstance(cell, (list, tuple, np.ndarray)) and len(cell) == 2:
            pairs[i] = (cell[0], cell[1])
        elif isinstance(cell, str) and (m := _PAIR.match(cell)):
            pairs[i] = (m[1], m[2])
        else:
            return None
    yes = pd.Series({i: p[0] for i, p in pairs.items()}, dtype=object).reindex(cells.index)
    total = pd.Series({i: p[1] for i, p in pairs.items()}, dtype=object).reindex(cells.index)
    return yes, total


# the largest count a cell may hold: beyond it a float no longer holds every whole number,
# and a 64-bit column wraps it negative (99999999999999999999 votes stopped the whole read)
MAX_COUNT = 2**53


def _counts(cells: pd.Series) -> pd.Series:
    """Count cells as numbers, thousands separators read ("1,234"); NaN where not one (or
    past ``MAX_COUNT``)."""
    text = cells.astype("string")
    grouped = text.str.fullmatch(_THOUSANDS.pattern).fillna(False).astype(bool)
    plain = cells.where(~grouped, text.str.replace(",", "", regex=False))
    numbers = pd.to_numeric(plain, errors="coerce")
    return numbers.where(numbers.abs() <= MAX_COUNT)


def _notes(skipped: list[dict], at: tuple, lines, reasons, column: str | None = None) -> None:
    """Entries of the skipped report for rows (by their line) or, with ``column``, for a cell
    of each: ``at`` is the path, the document id and the unit rows are counted in."""
    where, document_id, unit = at
    cell = f" {column}" if column else ""
    skipped.extend(
        {"path": where, "document_id": document_id, "section": f"{unit} {line}{cell}", "reason": r}
        for line, r in zip(lines, reasons, strict=True)
    )


def _helpful_votes(
    raw: pd.DataFrame, col: dict[str, str], keep: pd.Series, at: tuple, skipped: list[dict]
) -> dict[str, pd.Series]:
    """``helpful_yes`` / ``helpful_total`` from their columns (where the table has them):
    whole counts of 0 or more ("1,234" too), or one column of pairs [helpful, total]
    (``_vote_pairs``); any other cell is reported and the review stored without it (``at``:
    path, document id and the unit rows are counted in)."""
    given_cells = {name: raw[col[name]] for name in ("helpful_yes", "helpful_total") if name in col}
    if list(given_cells) == ["helpful_yes"] and (pairs := _vote_pairs(raw[col["helpful_yes"]])):
        given_cells = dict(zip(("helpful_yes", "helpful_total"), pairs, strict=True))
    out = {}
    for name, cells in given_cells.items():
        column = col.get(name, col.get("helpful_yes"))  # a pair's total: its one column
        counts = _counts(cells)
        given = cells.notna() & (cells.astype("string").str.strip() != "")
        bad = given & ~(counts.notna() & (counts >= 0) & (counts % 1 == 0))
        reasons = (
            f"{column} {v!r} is not a count: the review is stored without it"
            for v in cells[bad & keep]
        )
        _notes(skipped, at, raw.loc[bad & keep, "_line"], reasons, column)
        out[name] = counts.where(~bad).astype("Int64")
    if len(out) == 2:  # more found helpful than voted at all: the total is not the total
        over = (out["helpful_yes"] > out["helpful_total"]).fillna(False).astype(bool)
        column = col.get("helpful_total", col.get("helpful_yes"))
        reasons = (
            f"{y} helpful of {t} votes in all: the review is stored without the total"
            for y, t in zip(
                out["helpful_yes"][over & keep], out["helpful_total"][over & keep], strict=True
            )
        )
        _notes(skipped, at, raw.loc[over & keep, "_line"], reasons, column)
        out["helpful_total"] = out["helpful_total"].mask(over)
    return out


def _settle_work_name(
    raw: pd.DataFrame, col: dict[str, str], mapping: dict[str, str], work_id: pd.Series
) -> None:
    """Whether the column found for ``work_name`` names the works, decided in one place
    (``--map work_name=`` always does): only beside an id column (``ID_WORK_COLUMNS``;
    where the work column is the name already, another "title" may be a review's
    headline), and only if it repeats within works (``_one_per_work``); one that changes
    within a work is each review's own title, the headline where the table has none."""
    if "work_name" not in col or "work_name" in mapping:
        return
    beside_ids = _holds_ids(col)
    if beside_ids and _one_per_work(_optional(raw, col, "work_name"), work_id):
        return
    if beside_ids and "headline" not in col:
        col["headline"] = col["work_name"]
    del col["work_name"]


def _one_per_work(values: pd.Series, work_id: pd.Series) -> bool:
    """Whether ``values`` repeats within a work, as a name does: over the works with more
    than one row, distinct (work, value) pairs are at most four in five of the rows. A
    review's own title differs from row to row (pairs = rows); a name is written once per
    work, give or take a spelling."""
    given = values.notna() & (work_id.map(work_id.value_counts()) > 1)
    if not given.any():
        return True
    pairs = pd.DataFrame({"w": work_id[given], "v": values[given]}).drop_duplicates()
    return len(pairs) <= 0.8 * int(given.sum())


def _optional(
    raw: pd.DataFrame, col: dict[str, str], field: str, missing: frozenset[str] = frozenset({""})
) -> pd.Series | None:
    """An optional text column, stripped, ``missing`` cells (blank ones) as missing (None
    without the column)."""
    if field not in col:
        return None
    values = raw[col[field]].astype("string").str.strip()
    return values.mask(values.isin(missing))


def _most_common(frame: pd.DataFrame, key: str, value: str) -> pd.Series:
    """Each key's most common value (the smallest of the most common on a tie, as
    ``Series.mode().iloc[0]``), without a Python call per key; rows without a value are
    left out (a key with none has no entry)."""
    counts = frame.groupby([key, value]).size().rename("_n").reset_index()
    counts = counts.sort_values([key, "_n", value], ascending=[True, False, True])
    return counts.drop_duplicates(key).set_index(key)[value]


@dataclass(frozen=True)
class Verdict:
    """A column of yes/no verdicts and what its share of yes counts as: the field, the
    words each way, the aggregate it gives (platform, metric) and how its quote and report
    word it."""

    field: str
    words: dict[str, bool]
    platform: str
    metric: str
    counted: str  # "{yes} of {n} " + this
    meaning: str  # what a cell must say, for the report
    share: str  # the share's name in the report ("Tomatometer")


VERDICT_FIELDS = (
    # Rotten Tomatoes' critic reviews (review_type): the Tomatometer is the share Fresh
    Verdict(
        "verdict",
        {"fresh": True, "rotten": False},
        "rotten_tomatoes",
        "tomatometer_counted",
        "critic reviews marked Fresh",
        "neither Fresh nor Rotten",
        "Tomatometer",
    ),
    # Steam's reviews (voted_up): the share of reviewers recommending the game
    Verdict(
        "recommended",
        {
            "true": True,
            "false": False,
            "1": True,
            "0": False,
            "yes": True,
            "no": False,
            "recommended": True,
            "not recommended": False,
            # a column mapped here (--map recommended=label) may write pos/neg, as the
            # Steam data set's label does
            "pos": True,
            "neg": False,
        },
        "steam",
        "recommended_counted",
        "reviews recommending it",
        "neither a yes nor a no",
        "% recommended",
    ),
)


def verdict_shares(
    frame: pd.DataFrame, verdicts: pd.Series, where: str, column: str, kind: Verdict
) -> list[dict]:
    """Per work, the share of its reviews whose verdict is yes (Fresh, recommended): an
    aggregate row with the exact counts (a Wilson interval follows), as of the latest
    review counted, quoting the file. ``verdicts``: True, False or None per stored review
    (``frame``'s rows)."""
    counted = frame.assign(_yes=verdicts)[verdicts.notna()]
    rows = []
    for work, group in counted.groupby("work_id", sort=True):
        n, yes = len(group), int(group["_yes"].astype(bool).sum())
        rows.append(
            {
                "work_id": work,
                "platform": kind.platform,
                "metric": kind.metric,
                "value": round(100 * yes / n, 6),
                "scale_max": 100.0,
                "n": n,
                "fresh": yes,
                "derived": True,
                "as_of": group["date"].dropna().max() if group["date"].notna().any() else None,
                "quote": f"{yes} of {n} {kind.counted} ({column} in {Path(where).name})",
            }
        )
    return rows


def _verdicts(
    raw: pd.DataFrame,
    col: dict[str, str],
    keep: pd.Series,
    at: tuple,
    skipped: list[dict],
    kind: Verdict,
) -> pd.Series:
    """Each row's yes (True) or no (False) from ``kind``'s verdict column, None where it
    says neither (a blank cell silently; any other value reported). A column that never
    says either is not a verdict column: it is dropped from ``col`` and listed as not
    read."""
    none = pd.Series([None] * len(raw), index=raw.index, dtype=object)
    name = col.get(kind.field)
    if name is None:
        return none
    cells = raw[name].astype("string").str.strip().str.lower()
    verdicts = cells.map(kind.words).astype(object).where(cells.isin(list(kind.words)), None)
    if verdicts.isna().all():
        del col[kind.field]
        return none
    other = keep & cells.notna() & (cells != "") & verdicts.isna()
    reasons = (
        f"{name} {v!r} is {kind.meaning}: the review is stored, not counted in the table's "
        f"{kind.share}"
        for v in raw.loc[other, name]
    )
    _notes(skipped, at, raw.loc[other, "_line"], reasons, name)
    return verdicts


def _unread(raw: pd.DataFrame, col: dict[str, str], at: tuple, of: str = "a review") -> list[dict]:
    """The skipped report's note on the columns no field was read from (none if all were)."""
    where, document_id, _ = at
    unread = [
        str(c).strip() or "(unnamed)"  # a CSV's index column has no name
        for c in raw.attrs.get(HEADER, raw.columns)
        if c != "_line" and c not in col.values()
    ]
    if not unread:
        return []
    return [
        {
            "path": where,
            "document_id": document_id,
            "section": UNREAD_COLUMNS,
            "reason": f"{where}: columns not read: {', '.join(unread)} (no field of {of} "
            "is taken from them)",
        }
    ]


def _read_titles(
    raw: pd.DataFrame, col: dict[str, str], mapping: dict[str, str], at: tuple, skipped: list
) -> pd.DataFrame:
    """A titles table's rows (``schema.Titles``): every row with an id is kept, with its
    name, kind, year and rating where the row gives them (a cell that is not one is
    reported and left empty); a row without an id is reported."""
    where, document_id, _ = at

    def cells(field: str) -> pd.Series | None:  # blank and \N cells as missing
        return _optional(raw, col, field, NULL_CELLS)

    work = cells("work")
    blank = work.isna()
    _notes(
        skipped,
        at,
        raw.loc[blank, "_line"],
        [f"no title in column {col['work']!r}"] * int(blank.sum()),
    )
    names = cells("work_name")
    years = _year_numbers(raw, col)  # whole numbers, not objects: millions of rows
    by_name = not _holds_ids(col)
    ids = work.str.fullmatch(IMDB_ID.pattern).fillna(False).to_numpy(bool)
    keys = work.where(ids)
    for i in np.flatnonzero(~ids & work.notna().to_numpy(bool)):  # names: slugged one by one
        w, y = work.iloc[i], years.iloc[i]
        keys.iloc[i] = film_id(w, int(y)) if by_name and pd.notna(y) else table_work_id(w)
    kinds, forms = _work_kinds(raw, col, mapping, where)
    none = pd.Series([None] * len(raw), index=raw.index, dtype=object)
    value_field = "average" if "average" in col else "rating"
    value_col = col.get(value_field)
    # whose ratings: IMDb's where the column says so (its data set's averageRating beside
    # IMDb ids, imdb_rating); any other rating is kept in the table but is no site's score
    is_imdb = value_col is not None and column_key(value_col) in IMDB_RATING_KEYS
    rating, rating_text, scale = none, none, none
    if value_col is not None:
        written = cells(value_field)
        rating, own = _ratings(written)
        own = own.fillna(_best_ratings(raw, col, ~blank & rating.notna(), at, skipped))
        explicit = mapping.get("rating_scale") or ("10" if is_imdb and not by_name else None)
        scale = own.fillna(_rating_scale(rating[rating >= 0], explicit) or np.nan)
        # not a rating, or one outside its scale (11 of IMDb's 10): reported, left out
        bad = ~blank & written.notna() & (rating.isna() | (rating < 0) | (rating > scale))
        reasons = (
            f"{value_col} {v!r} is not a rating on a scale of {s:g}: the title is kept without it"
            for v, s in zip(written[bad], scale[bad].fillna(100), strict=True)
        )
        _notes(skipped, at, raw.loc[bad, "_line"], reasons, value_col)
        rating = rating.where(~bad)
        scale = scale.where(rating.notna())
        rating_text = written.where(rating.notna())
    votes = none
    if "votes" in col:
        written = cells("votes")
        counts = _counts(written)
        bad = ~blank & written.notna() & ~(counts.notna() & (counts >= 0) & (counts % 1 == 0))
        reasons = (
            f"{col['votes']} {v!r} is not a count: the title is kept without it"
            for v in written[bad]
        )
        _notes(skipped, at, raw.loc[bad, "_line"], reasons, col["votes"])
        votes = counts.where(~bad)
    platform = pd.Series(
        np.where(is_imdb & ids, "imdb", None),
        index=raw.index,
        dtype=object,
    )
    unowned = int((pd.notna(rating) & platform.isna() & ~blank).sum()) if value_col else 0
    if unowned:
        skipped.append(
            {
                "path": where,
                "document_id": document_id,
                "section": value_col,
                "reason": f"{where}: {unowned:,} ratings in column {value_col!r} are kept in "
                "the titles table but shown as no site's score: the table does not say they "
                "are IMDb's (an IMDb id beside averageRating or imdb_rating)",
            }
        )
    skipped.extend(_unread(raw, col, at, "a title"))
    titles = pd.DataFrame(
        {
            "title_key": keys,
            "title": names if names is not None else (work if by_name else None),
            "original_title": cells("original_title"),
            "year": years,
            "kind": kinds,
            "form": forms,
            "rating": rating,
            "rating_scale": scale,
            "rating_text": rating_text,
            "votes": votes,
            "platform": platform,
            "document_id": document_id,
            "line": raw["_line"],
        },
        index=raw.index,
    )
    if blank.any():
        titles = titles[~blank.to_numpy(bool)]
    return Titles.validate(titles.reset_index(drop=True))


def read_reviews_table(
    path: Path,
    document_id: str,
    mapping: dict[str, str] | None = None,
    settings: Settings = DEFAULT,
) -> TableRead:
    """Reviews from one tabular file (``rows stored + rows skipped == rows read``)."""
    kind = table_kind(path)
    if kind is None:
        msg = f"{path}: not a review table (a table is named .csv, .tsv, .json, .jsonl or .parquet)"
        raise InputError(msg)
    mapping = mapping or {}
    skipped: list[dict] = []
    where = str(path)

    def read_by_fields(header: list[str]) -> set[str]:  # a CSV's columns that a field reads
        col = _resolve(pd.DataFrame(columns=header), mapping, where)
        if "text" not in col:
            _resolve_titles(pd.DataFrame(columns=header), col, mapping, where)
        return set(col.values())

    raw = read_raw_table(path, kind, skipped, settings, keep=read_by_fields)
    rows_read = len(raw) + len(skipped)
    col = _resolve(raw, mapping, where)
    unit = {"parquet": "row", "json": "item"}.get(kind, "line")

    at = (where, document_id, unit)
    if "text" not in col:
        _resolve_titles(raw, col, mapping, where)
        if not _is_titles(col):
            msg = (
                f"{where}: no review text column (looked for {', '.join(ALIASES['text'])}; "
                "use --map text=COLUMN); nor a titles table (an id column such as tconst "
                "with names or ratings, as IMDb's title.basics and title.ratings)"
            )
            raise InputError(msg)
        titles = _read_titles(raw, col, mapping, at, skipped)
        return TableRead(
            empty_table(Reviews), empty_table(Works), skipped, rows_read, titles=titles
        )

    def report(mask: pd.Series, reason: str | pd.Series) -> None:
        bad = raw[mask]
        reasons = reason[mask] if isinstance(reason, pd.Series) else [reason] * len(bad)
        _notes(skipped, at, bad["_line"], reasons)

    text = raw[col["text"]].astype("string").fillna("")
    text = pd.Series(clean_html_column(text).to_pylist(), index=raw.index)
    empty = pd.Series(text.str.len().to_numpy() == 0, index=raw.index)
    report(empty, f"no review text in column {col['text']!r}")
    rating, row_scale, keep = _review_ratings(raw, col, mapping, ~empty, at, skipped)
    dates = (
        raw[col["date"]].astype("string").fillna("")
        if "date" in col
        else pd.Series("", index=raw.index)
    )
    order = "date" in col and day_first(dates[dates.str.strip() != ""])
    iso = pd.Series(
        [_table_date(d, order) if d.strip() else None for d in dates],
        index=raw.index,
        dtype=object,
    )
    has_date = np.array([bool(d.strip()) for d in dates], dtype=bool)
    bad_date = keep.to_numpy(bool) & has_date & iso.isna().to_numpy(bool)
    reasons = (
        f"unparseable date {d!r}: the review is stored without a date" for d in dates[bad_date]
    )
    _notes(skipped, at, raw.loc[bad_date, "_line"], reasons, "date")
    work_raw = (
        _optional(raw, col, "work").fillna("unknown")  # a blank cell is no work named
        if "work" in col
        else pd.Series("unknown", index=raw.index)
    )
    years = _years(raw, col)
    by_name = not _holds_ids(col)
    work_id = pd.Series(
        [
            film_id(str(w), y)
            if by_name and y is not None and not IMDB_ID.fullmatch(str(w))
            else table_work_id(w)
            for w, y in zip(work_raw, years, strict=True)
        ],
        index=raw.index,
    )
    _settle_work_name(raw, col, mapping, work_id)
    work_kind, work_forms = _work_kinds(raw, col, mapping, where)
    verdicts = {kind.field: _verdicts(raw, col, keep, at, skipped, kind) for kind in VERDICT_FIELDS}
    frame = pd.DataFrame(
        {
            "work_id": work_id,
            "text": text,
            "author": _optional(raw, col, "author"),
            # named by the file ("imdb_labeled.parquet"), not by its format
            "source": _optional(raw, col, "source").fillna(source_name(path))
            if "source" in col
            else source_name(path),
            "date": iso,
            "title": _optional(raw, col, "headline"),
            "rating": rating,
            "rating_scale": np.where(rating.notna(), row_scale, np.nan),
            **_helpful_votes(raw, col, keep, at, skipped),
            "document_id": document_id,
            "_line": raw["_line"],
            "_kind": work_kind,
            "_form": work_forms,
            "_year": years,
            **{f"_{field}": v for field, v in verdicts.items()},
        }
    )[keep]
    frame["review_id"] = review_ids(frame)
    dup = frame["review_id"].duplicated()
    _notes(
        skipped,
        at,
        frame.loc[dup, "_line"],
        ["duplicate of an earlier row (same work, author and text)"] * int(dup.sum()),
    )
    frame = frame[~dup]
    reviews = frame.drop(columns=["_line"]).reindex(columns=columns(Reviews))
    shares = [
        row
        for kind in VERDICT_FIELDS
        if kind.field in col
        for row in verdict_shares(frame, frame[f"_{kind.field}"], where, col[kind.field], kind)
    ]
    kinds = _most_common(frame, "work_id", "_kind")  # the works whose rows say
    unsaid = frame[~frame["work_id"].isin(kinds.index)]
    if len(unsaid):
        kinds = pd.concat([kinds, kinds_from_words(unsaid["text"], unsaid["work_id"])])
    works = pd.DataFrame({"work_id": sorted(set(reviews["work_id"]))})
    # the work's name as the table writes it (the first spelling): from the name column
    # beside an id column, else from the work column itself unless its cell is an id
    named = _optional(raw, col, "work_name") if "work_name" in col else work_raw
    names = named[keep].groupby(frame["work_id"]).first()
    names = names.where(~names.map(lambda v: isinstance(v, str) and bool(IMDB_ID.fullmatch(v))))
    works = works.assign(
        title=works["work_id"].map(names).fillna(works["work_id"]),
        kind=works["work_id"].map(kinds),
        imdb_id=[w if IMDB_ID.fullmatch(w) else None for w in works["work_id"]],
        form=works["work_id"].map(_most_common(frame, "work_id", "_form")),
        year=works["work_id"].map(_most_common(frame, "work_id", "_year")),
    )
    skipped.extend(_unread(raw, col, at))
    return TableRead(
        Reviews.validate(reviews),
        Works.validate(works.reindex(columns=columns(Works))),
        skipped,
        rows_read,
        shares,
    )
