"""The Records page (editors only): find a member, event, role, participation or target; correct it, add one, delete one."""

import streamlit as st

from analysis.i18n import translate
from app_ui.frame.auth import require_editor
from app_ui.panels.records_editor import show_records_editor
from app_ui.state.filter_bar import current_language

identity = require_editor()  # first line of every editor page: anyone but a signed-in editor gets nothing
language = current_language()

st.title(translate("records.title", language))
st.caption(translate("records.intro", language))
show_records_editor(language)
