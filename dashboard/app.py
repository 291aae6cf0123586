"""Entry point: ``streamlit run dashboard/app.py``."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # allow `streamlit run dashboard/app.py` from any folder
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from analysis import load_corpus  # noqa: E402

SEEDS = ROOT / "seeds"

st.set_page_config(page_title="Reception dashboard", layout="wide")
st.title("Reception dashboard")


@st.cache_data(show_spinner="Reading pages…")
def _corpus_tables(paths: tuple[str, ...]) -> dict:
    return load_corpus(paths).tables()


tables = _corpus_tables((str(SEEDS),))
st.caption("Placeholder: the full dashboard is its own issue. Tables read from seeds/:")
for name, df in tables.items():
    st.subheader(name)
    st.dataframe(df, hide_index=True)
