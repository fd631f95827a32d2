"""The dashboard's frame and router: page config, language, the one filter bar, navigation."""

import streamlit as st

from analysis.branding import load_branding
from analysis.i18n import translate
from pages.ui.auth import account_box, signed_in_identity
from pages.ui.filter_bar import current_language, render_filter_bar
from pages.ui.safe_page import run_page

language = current_language()
st.set_page_config(
    page_title=load_branding().name(language), page_icon=str(load_branding().logo), layout="wide"
)

# Sign-in and roles (Trust): without an identity the run stops here at the sign-in form. Editor pages
# are passed to st.navigation only for editors; for anyone else their URLs do not exist.
identity = signed_in_identity(language)


def page(script: str, name: str, *, default: bool = False) -> st.Page:
    """A page whose navigation title follows the chosen language; its URL path stays the same."""
    return st.Page(
        script,
        title=translate(f"frame.nav.{name}", language),
        url_path="" if default else name,
        default=default,
    )


navigation = st.navigation(
    [
        page("pages/overview.py", "overview", default=True),
        page("pages/membership.py", "membership"),
        page("pages/geography.py", "geography"),
        page("pages/events.py", "events"),
        page("pages/governance.py", "governance"),
        page("pages/explore.py", "explore"),
        page("pages/report.py", "report"),
        *([page("pages/data.py", "data")] if identity.role.can_edit else []),  # editors only (Trust)
        # The overview is the default page, served at "/"; this keeps its own link /overview working too.
        st.Page(
            "pages/overview.py",
            title=translate("frame.nav.overview", language),
            url_path="overview",
            visibility="hidden",
        ),
    ],
    position="top",
)
st.logo(str(load_branding().logo))
render_filter_bar()
account_box(identity, None, language)
run_page(navigation, language)  # errors are logged with an incident number, never shown as a traceback
