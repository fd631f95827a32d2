"""The data page (placeholder until its issue lands)."""

import streamlit as st

from pages.ui.auth import require_editor

require_editor()  # first line of every editor page: anyone but a signed-in editor gets nothing (Trust)

st.info("This page is being built.")
