"""The History page (editors only): every change to the data, the rows it touched, undo, and the data on a past day."""

import streamlit as st

from analysis.i18n import translate
from app_ui.frame.auth import require_editor
from app_ui.panels.history_panel import show_history, show_past
from app_ui.state.filter_bar import current_language

identity = require_editor()  # first line of every editor page: anyone but a signed-in editor gets nothing
language = current_language()

st.title(translate("history.title", language))
st.caption(translate("history.intro", language))
show_history(language)
show_past(language)
