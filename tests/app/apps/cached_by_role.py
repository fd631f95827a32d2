"""A one-line page for the cache test: computes a cached result for whichever role the session has."""

import streamlit as st

from app_ui.state.cache import compute
from tests.app.apps.counted import counted_members

st.write(f"members={compute(counted_members)}")
