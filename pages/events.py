"""The events page (placeholder until its issue lands)."""

import streamlit as st

st.info("This page is being built.")
