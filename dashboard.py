"""The dashboard's frame and router: page config, the shared filter bar, navigation."""

import streamlit as st

st.set_page_config(page_title="Alliance growth", layout="wide")

navigation = st.navigation([st.Page("pages/data.py", title="Data", url_path="data")])
navigation.run()
