"""Running the chosen page so a visitor never sees a traceback: errors are logged, a sentence is shown.

`client.showErrorDetails = "none"` already hides Streamlit's own error details; this catches the error
first, writes it with its traceback to the server log (data/logs/dashboard.log and stderr) under a short
incident number, and shows that number, so a person can report it and an operator can find it.
"""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from analysis.errors import AllianceError
from analysis.i18n import Language, translate
from analysis.log_files import rotating_handler
from analysis.paths import LOG_DIR

LOG_FILE = LOG_DIR / "dashboard.log"
LOGGER = logging.getLogger("alliance.dashboard")


@st.cache_resource(show_spinner=False)
def _log_to_file(path: str) -> None:
    """Once per process: page errors also go to a file an operator can read later."""
    try:
        handler = rotating_handler(Path(path))
    except OSError:
        return  # a read-only install still logs to stderr
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.INFO)


def run_page(page: StreamlitPage, language: Language) -> None:
    """`page.run()`, with any error turned into a message; Streamlit's own stop and rerun pass through."""
    try:
        page.run()
    except AllianceError as error:  # written for a person already: what, where, why, how to fix
        LOGGER.warning("page %s: %s", page.url_path, error)
        st.error(str(error))
    except Exception:
        _log_to_file(str(LOG_FILE))
        incident = secrets.token_hex(4)
        LOGGER.exception("page %s failed: incident %s", page.url_path, incident)
        st.error(translate("trust.error.unexpected", language, incident=incident))
