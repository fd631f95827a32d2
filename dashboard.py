"""The dashboard's frame and router: page config, language, the one filter bar, navigation."""

import streamlit as st

from pages.ui.chart_library import preload_chart_library
from pages.ui.session_access import views_without_sign_in_form

# Before the imports below, which take most of a first run (see the module); a sign-in form loads it
# after the form instead, so the form is not kept waiting behind it.
if views_without_sign_in_form():
    preload_chart_library()

from streamlit.runtime.scriptrunner import get_script_run_ctx

from analysis.branding import load_branding
from analysis.i18n import translate
from pages.ui.auth import account_box, signed_in_identity
from pages.ui.filter_bar import current_language, render_filter_bar
from pages.ui.safe_page import run_page
from pages.ui.session_access import IDENTITY_KEY

PAGE_AFTER_SIGN_IN = "frame_page_after_sign_in"
language = current_language()
st.set_page_config(
    page_title=load_branding().name(language), page_icon=str(load_branding().logo), layout="wide"
)


def page(script: str, name: str, *, default: bool = False) -> st.Page:
    """A page whose navigation title follows the chosen language; its URL path stays the same."""
    return st.Page(
        script,
        title=translate(f"frame.nav.{name}", language),
        url_path="" if default else name,
        default=default,
    )


def app_pages(can_edit: bool) -> list[st.Page]:
    """The navigation: every page for editors; the Data, Records and History pages are left out for viewers (their URLs do not exist)."""
    return [
        page("pages/overview.py", "overview", default=True),
        page("pages/membership.py", "membership"),
        page("pages/geography.py", "geography"),
        page("pages/events.py", "events"),
        page("pages/governance.py", "governance"),
        page("pages/explore.py", "explore"),
        page("pages/report.py", "report"),
        *([page("pages/data.py", "data")] if can_edit else []),  # editors only (Trust)
        *([page("pages/records.py", "records"), page("pages/history.py", "history")] if can_edit else []),
        # The overview is the default page, served at "/"; this keeps its own link /overview working too.
        st.Page(
            "pages/overview.py",
            title=translate("frame.nav.overview", language),
            url_path="overview",
            visibility="hidden",
        ),
    ]


# Sign-in and roles (Trust): without an identity the run stops here at the sign-in form. A shared link
# must still lead to its page after sign-in, but the sign-in run ends before st.navigation, so Streamlit
# sends the signed-in session to the main page: the page the link asked for is noted first and opened
# once the visitor is in.
if IDENTITY_KEY not in st.session_state:
    run_context = get_script_run_ctx()
    st.session_state[PAGE_AFTER_SIGN_IN] = (
        run_context.pages_manager.intended_page_name if run_context else None
    )
identity = signed_in_identity(language)
pages = app_pages(identity.role.can_edit)
navigation = st.navigation(pages, position="top")
linked_page = st.session_state.pop(PAGE_AFTER_SIGN_IN, None)
if linked_page and linked_page != navigation.url_path:
    st.switch_page(next((page for page in pages if page.url_path == linked_page), navigation))
st.logo(str(load_branding().logo))
render_filter_bar()
account_box(identity, None, language)
run_page(navigation, language)  # errors are logged with an incident number, never shown as a traceback
