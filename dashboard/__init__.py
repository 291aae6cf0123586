"""The Streamlit app: UI only; every number it shows comes from ``analysis``."""
