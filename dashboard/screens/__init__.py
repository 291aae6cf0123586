"""One module per page; each has ``render(ctx)``. ``SCREENS`` is the navigation's order.

(Named ``screens``, not ``pages``: Streamlit treats a ``pages/`` folder beside the entry
script as a legacy multipage app.)"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from dashboard.screens import compare, data, overview, related, reviews, sentiment, themes


class Screen(NamedTuple):
    render: Callable
    title: str
    icon: str
    url_path: str


SCREENS = [
    Screen(overview.render, "Overview", ":material/leaderboard:", "overview"),
    Screen(sentiment.render, "Sentiment", ":material/mood:", "sentiment"),
    Screen(themes.render, "Themes", ":material/label:", "themes"),
    Screen(reviews.render, "Reviews", ":material/reviews:", "reviews"),
    Screen(compare.render, "Compare titles", ":material/compare_arrows:", "compare"),
    Screen(related.render, "Related titles", ":material/movie:", "related"),
    Screen(data.render, "Data & exports", ":material/download:", "data"),
]
