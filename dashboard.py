"""The dashboard's frame and router: page config, the shared filter bar, navigation."""

import streamlit as st

st.set_page_config(page_title="Alliance growth", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", url_path="overview", default=True),
    st.Page("pages/membership.py", title="Membership", url_path="membership"),
    st.Page("pages/geography.py", title="Geography", url_path="geography"),
    st.Page("pages/events.py", title="Events", url_path="events"),
    st.Page("pages/governance.py", title="Governance", url_path="governance"),
    st.Page("pages/explore.py", title="Explore", url_path="explore"),
    st.Page("pages/report.py", title="Report", url_path="report"),
    st.Page("pages/data.py", title="Data", url_path="data"),
]

st.navigation(PAGES).run()
