"""The alliance growth analytics library: storage, import, metrics, figures and exports.

Never imports Streamlit: everything here is usable from tests, the command line and notebooks.
"""
