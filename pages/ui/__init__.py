"""UI-side helpers shared by the pages: Streamlit caching, the filter bar, translations on screen.

Everything that computes lives in `analysis/`; this package only adapts it to Streamlit.
"""
