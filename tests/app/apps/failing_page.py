"""A frame with one page that fails (?fail=user: with a user's error), to see what a visitor is shown."""

import streamlit as st

from analysis.errors import AllianceError
from app_ui.frame.safe_page import run_page


def failing() -> None:
    st.write("before the failure")
    if st.query_params.get("fail") == "user":
        raise AllianceError("The file members.csv has no header row. Add one and import again.")
    raise RuntimeError("internal detail: /srv/secret/path.duckdb")


run_page(st.navigation([st.Page(failing, title="Failing", url_path="failing")]), "en")
