"""The dashboard's frame and router: page config, language, the one filter bar, navigation."""

import streamlit as st

from app_ui.frame.session_access import views_without_sign_in_form
from app_ui.widgets.chart_library import preload_chart_library

# Before the imports below, which take most of a first run (see the module); a sign-in form loads it
# after the form instead, so the form is not kept waiting behind it.
if views_without_sign_in_form():
    preload_chart_library()

from analysis.branding import load_branding
from analysis.i18n import translate
from app_ui.frame.auth import account_box, signed_in_identity
from app_ui.frame.safe_page import run_page
from app_ui.frame.session_access import IDENTITY_KEY
from app_ui.state.database import start_run
from app_ui.state.filter_bar import current_language, render_filter_bar

start_run()  # this run reads the data version afresh, once, on first use (app_ui/state/database.py)
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
        page("app_pages/overview.py", "overview", default=True),
        page("app_pages/membership.py", "membership"),
        page("app_pages/geography.py", "geography"),
        page("app_pages/events.py", "events"),
        page("app_pages/governance.py", "governance"),
        page("app_pages/explore.py", "explore"),
        page("app_pages/report.py", "report"),
        *([page("app_pages/data.py", "data")] if can_edit else []),  # editors only
        *(
            [page("app_pages/records.py", "records"), page("app_pages/history.py", "history")]
            if can_edit
            else []
        ),
        # The overview is the default page, served at "/"; this keeps its own link /overview working too.
        st.Page(
            "app_pages/overview.py",
            title=translate("frame.nav.overview", language),
            url_path="overview",
            visibility="hidden",
        ),
    ]


# An embed link (?embed_link=TOKEN, app_ui/frame/embed_view.py) shows its one view, read-only, without sign-in,
# navigation or filter bar; a refused link shows why and stops here.
from app_ui.frame.embed_view import embed_requested, embedded_view, leave_embed_mode  # noqa: E402

if embed_requested():
    embed = embedded_view()
    embedded = page(f"app_pages/{embed.page}.py", embed.page, default=embed.page == "overview")
    run_page(st.navigation([embedded], position="hidden"), language)
    st.stop()
leave_embed_mode()

# Sign-in and roles: without an identity the run stops at the sign-in form. Until then the navigation
# knows every address but shows none, so a shared link to any page shows the sign-in (not "page not
# found"), and the page it names is noted, to be opened once the visitor is in.
if IDENTITY_KEY not in st.session_state:
    linked = st.navigation(app_pages(can_edit=True), position="hidden")
    st.session_state[PAGE_AFTER_SIGN_IN] = linked.url_path
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
