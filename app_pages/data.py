"""The Data page: what the database holds, the import form with its report, downloads, history, backups."""

import streamlit as st

from analysis.i18n import translate
from app_ui.frame.auth import require_editor
from app_ui.panels.backups_panel import show_backups_panel
from app_ui.panels.data_import import show_downloads, show_import_form, show_import_history, show_table_counts
from app_ui.panels.schedules_panel import show_schedules_panel
from app_ui.state.database import session_scope
from app_ui.state.filter_bar import current_language

identity = require_editor()  # first line of every editor page: anyone but a signed-in editor gets nothing
language = current_language()

st.title(translate("data.title", language))
st.caption(translate("data.intro", language))
scope = session_scope()
if scope is not None:
    st.info(translate("data.scoped_editor", language, scope=scope.text))
show_table_counts(language)
show_import_form(language, imported_by=identity.name)
show_downloads(language)
show_import_history(language)
if scope is None:  # a backup and a restore are the whole store's
    show_backups_panel(language)
show_schedules_panel(language)
