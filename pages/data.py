"""The Data page: what the database holds, the import form with its report, downloads, history, backups."""

import streamlit as st

from analysis.i18n import translate
from pages.ui.auth import require_editor
from pages.ui.backups_panel import show_backups_panel
from pages.ui.data_import import show_downloads, show_import_form, show_import_history, show_table_counts
from pages.ui.filter_bar import current_language

identity = (
    require_editor()
)  # first line of every editor page: anyone but a signed-in editor gets nothing (Trust)
language = current_language()

st.title(translate("data.title", language))
st.caption(translate("data.intro", language))
show_table_counts(language)
show_import_form(language, imported_by=identity.name)
show_downloads(language)
show_import_history(language)
show_backups_panel(language)
