"""What the dashboard says about the sentiment model: its data, and how accurate it is per
domain (the table ``python -m analysis evaluate --write`` kept next to the model)."""

from __future__ import annotations

import pandas as pd

from analysis.errors import InputError
from analysis.labels import number, pct
from analysis.nlp.sentiment.evaluate import shipped_evaluation
from analysis.nlp.sentiment.model import read_model_card

DOMAIN_NAMES = {
    "imdb": "Film reviews (IMDb)",
    "steam": "Game reviews (Steam)",
    "amazon": "Product reviews (Amazon)",
    "metacritic-game": "Game user reviews (Metacritic)",
    "objective": "Factual sentences",
    "all": "All domains",
}
ACCURACY_COLUMNS = [
    "Domain",
    "Scorer",
    "Texts",
    "Accuracy",
    "Macro-F1",
    "Neutral texts labelled neutral",
    "MAE (stars)",
]


def accuracy_table(version: str) -> pd.DataFrame | None:
    """The stored per-domain evaluation of this model version, readable; None without one."""
    table = shipped_evaluation(version)
    if table is None:
        return None
    return pd.DataFrame(
        {
            "Domain": table["domain"].map(lambda d: DOMAIN_NAMES.get(d, d)),
            "Scorer": table["scorer"],
            "Texts": table["texts"].map(lambda n: f"{int(n):,}"),
            "Accuracy": table["accuracy"].map(lambda v: pct(v, 1, "–")),
            "Macro-F1": table["macro_f1"].map(lambda v: number(v, 3, "–")),
            "Neutral texts labelled neutral": table["neutral_share"].map(lambda v: pct(v, 1, "–")),
            "MAE (stars)": table["mae_stars"].map(lambda v: number(v, 2, "–")),
        },
        columns=ACCURACY_COLUMNS,
    )


def model_note(version: str) -> str:
    """One paragraph: what the model was trained on and how it labels."""
    try:
        card = read_model_card()
    except InputError:
        card = {}
    domains = card.get("data", {}).get("domains", {})
    parts = [
        f"{DOMAIN_NAMES.get(name, name).lower()} ({d['train_rows']:,})"
        for name, d in sorted(domains.items())
    ]
    trained = ", ".join(parts) if parts else "labelled reviews"
    return (
        f"Sentences and reviews are scored by VADER and by model `{version}`, trained on the "
        f"train splits of {trained}. The model blends four text classifiers with VADER's "
        "reading (it leans on VADER where the text is short or its words are unfamiliar) and "
        "labels each text negative, neutral (factual or mixed) or positive. Its accuracy on "
        "each data set's held-out test split:"
    )
