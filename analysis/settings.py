"""One settings object: every threshold and limit lives here, with its help text."""

from __future__ import annotations

from dataclasses import dataclass, field, fields


def _s(default: object, help_text: str):  # noqa: ANN202 - dataclass field helper
    return field(default=default, metadata={"help": help_text})


@dataclass(frozen=True)
class Settings:
    """Thresholds and limits; ``Settings(max_file_bytes=...)`` overrides any of them."""

    max_file_bytes: int = _s(
        50_000_000,
        "Pages (any file that is not a review table) larger than this are refused unread.",
    )
    max_table_bytes: int = _s(
        2_000_000_000,
        "Review tables (CSV, TSV, JSON, Parquet) larger than this are refused unread. A table "
        "is read whole: a CSV takes about ten times its size in memory while it is read.",
    )
    vader_positive: float = _s(0.05, "VADER compound at or above this is labelled positive.")
    vader_negative: float = _s(-0.05, "VADER compound at or below this is labelled negative.")
    min_clause_words: int = _s(
        3, "A theme's clause shorter than this ('the music') takes its sentence's score."
    )
    chunk_reviews: int = _s(1000, "Reviews per unit of parallel scoring work.")
    confidence_level: float = _s(0.95, "Coverage of every uncertainty interval.")
    detect_min_signals: int = _s(2, "Content signals a page kind needs to be recognised.")
    min_review_chars: int = _s(40, "Shorter paragraphs are not taken as reviews.")
    store_wait_seconds: float = _s(
        300.0, "How long to wait for another process's write to the store before giving up."
    )


def describe() -> list[tuple[str, object, str]]:
    """(name, default, help) for every setting, for docs and ``--help`` text."""
    return [(f.name, f.default, f.metadata["help"]) for f in fields(Settings)]


DEFAULT = Settings()
