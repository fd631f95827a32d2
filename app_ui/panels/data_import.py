"""The Data page's parts: table counts, the import form and its report, downloads, the import history.

Everything computed lives in `analysis/` (importer, exporting); this module lays it out in the chosen
language. The import runs in the button's callback, before the page script, so the counts above the
form already show the new numbers when the report appears; the report stays in the session.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.auth.roles import Role
from analysis.errors import AllianceError
from analysis.i18n import Language, format_number, translate
from analysis.importer import ImportReport, import_contents
from analysis.importer.history import data_table_counts, import_history
from analysis.importer.report import PROBLEM_COLUMNS
from analysis.spreadsheets.safe_cells import csv_bytes
from analysis.spreadsheets.tables import export_archive_bytes
from analysis.spreadsheets.template import template_workbook_bytes
from app_ui.frame.session_access import authorized_identity, check_for_later
from app_ui.panels.records_editor import show_duplicate_warnings
from app_ui.state.cache import compute
from app_ui.state.database import forget_data_version, shared_database

KEY_UPLOAD = "data-upload"
KEY_IMPORT = "data-import"
KEY_PROBLEMS_DOWNLOAD = "data-problems-download"
KEY_TEMPLATE = "data-template"
KEY_EXPORT = "data-export"
_OUTCOME = "data-import-outcome"
_NONE_CHOSEN = "none chosen"
_NOT_ALLOWED = "not allowed"
KEY_PREVIEW = "data-preview"
KEY_CONFIRM = "data-import-confirm"
WRAPPED_PROBLEMS = 200  # up to this many, the report is a plain table whose sentences wrap
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def show_table_counts(language: Language) -> None:
    """One figure per table the secretariat keeps."""
    st.subheader(translate("data.counts.title", language))
    counts = compute(data_table_counts)
    for column, (table, count) in zip(st.columns(len(counts)), counts.items(), strict=True):
        column.metric(translate(f"data.table.{table}", language), format_number(count, language))


def show_import_form(language: Language, imported_by: str | None = None) -> None:
    """Files in, the import run, and its report (problems as a table and a CSV download, or the counts).

    Drawn on the editors' Data page only, so viewers never get an upload widget. `imported_by` is kept
    for callers; the import records the editor signed in when the button is clicked."""
    st.subheader(translate("data.import.title", language))
    st.caption(translate("data.import.help", language))
    st.file_uploader(translate("data.import.files", language), accept_multiple_files=True, key=KEY_UPLOAD)
    import_column, preview_column = st.columns(2)
    import_column.button(
        translate("data.import.button", language),
        type="primary",
        key=KEY_IMPORT,
        on_click=_import_uploads,
        help=translate("data.import.button_help", language),
    )
    preview_column.button(
        translate("data.import.preview_button", language),
        key=KEY_PREVIEW,
        on_click=_import_uploads,
        kwargs={"dry_run": True},
    )
    outcome = st.session_state.get(_OUTCOME)
    if (
        isinstance(outcome, ImportReport)
        and (outcome.dry_run or outcome.awaiting_confirmation)
        and outcome.ok
    ):
        _show_preview(outcome, language, imported_by)
    elif isinstance(outcome, ImportReport):
        _show_report(outcome, language)
    elif outcome == _NONE_CHOSEN:
        st.warning(translate("data.import.none_chosen", language))
    elif outcome == _NOT_ALLOWED:
        st.error(translate("records.not_allowed", language))


def _import_uploads(*, dry_run: bool = False, confirmed: bool = False) -> None:
    """The button's callback: it runs before the page script, so the counts drawn next already include the import.

    Who imports is decided now, when the click arrives, not when the page was drawn: a session signed
    out, removed or made a viewer since then imports nothing. An import that deletes rows or has likely
    duplicates is previewed and waits for "Import as previewed"."""
    identity = authorized_identity(Role.EDITOR)
    if identity is None:
        st.session_state[_OUTCOME] = _NOT_ALLOWED
        return
    uploads = st.session_state.get(KEY_UPLOAD) or []
    if not uploads:
        st.session_state[_OUTCOME] = _NONE_CHOSEN
        return
    report = import_contents(
        shared_database(),
        [(upload.name, upload.getvalue()) for upload in uploads],
        imported_by=identity.name,
        dry_run=dry_run,
        confirmed=confirmed,
    )
    forget_data_version()  # every session of this server sees the import at its next click
    st.session_state[_OUTCOME] = report
    if report.landed:
        _check_alerts_in_background()


def _show_preview(report: ImportReport, language: Language, imported_by: str | None) -> None:
    """What the import will do: rows added, changed (old and new values), deleted; and likely duplicates."""
    with st.container(border=True):
        st.markdown(f"**{translate('data.preview.title', language)}**")
        st.write(preview_sentence(report, language))
        changes = [
            {
                translate("data.preview.table", language): translate(f"data.table.{table}", language),
                translate("data.preview.row", language): change.key,
                translate("data.preview.column", language): change.column,
                translate("data.preview.old", language): "–" if change.old is None else str(change.old),
                translate("data.preview.new", language): "–" if change.new is None else str(change.new),
            }
            for table, preview in report.preview.items()
            for change in preview.changed
        ]
        if changes:
            st.dataframe(pd.DataFrame(changes), hide_index=True)
        for table, preview in report.preview.items():
            if preview.deleted:
                others = [
                    translate(f"records.goes_with.{child}", language, count=format_number(count, language))
                    for child, count in preview.going_with.items()
                    if count
                ]
                st.warning(
                    translate(
                        "data.preview.deleting",
                        language,
                        table=translate(f"data.table.{table}", language),
                        keys=", ".join(preview.deleted[:20]) + (" …" if len(preview.deleted) > 20 else ""),
                        others=translate("records.list_separator", language).join(others) or "–",
                    )
                )
        show_duplicate_warnings(report.warnings, language)
        if report.awaiting_confirmation or report.dry_run:
            st.button(
                translate("data.preview.confirm", language),
                type="primary",
                key=KEY_CONFIRM,
                on_click=_import_uploads,
                kwargs={"confirmed": True},
            )


def preview_sentence(report: ImportReport, language: Language) -> str:
    """ "15 rows will be added, 2 changed, 0 deleted (3 more go with them)"."""
    added = sum(len(preview.added) for preview in report.preview.values())
    changed = sum(preview.changed_rows for preview in report.preview.values())
    deleted = sum(len(preview.deleted) for preview in report.preview.values())
    going = sum(sum(preview.going_with.values()) for preview in report.preview.values())
    unchanged = sum(preview.unchanged for preview in report.preview.values())
    return translate(
        "data.preview.sentence",
        language,
        added=format_number(added, language),
        changed=format_number(changed, language),
        deleted=format_number(deleted, language),
        going=format_number(going, language),
        unchanged=format_number(unchanged, language),
    )


def _check_alerts_in_background() -> None:
    """The alerts of data/schedules.toml after an import that landed, on a thread of their own: the
    editor does not wait for the mail server, and its failures go to the delivery log."""
    import threading

    from analysis.delivery import alerts_after_write
    from analysis.store.scoped import whole_store

    database = whole_store(shared_database())
    threading.Thread(
        target=alerts_after_write, args=(database,), name="alerts-after-import", daemon=True
    ).start()


def _show_report(report: ImportReport, language: Language) -> None:
    if report.ok:
        st.success(
            translate(
                "data.import.landed",
                language,
                import_id=report.import_id,
                added=format_number(report.rows_added, language),
                updated=format_number(report.rows_updated, language),
                unchanged=format_number(report.rows_unchanged, language),
            )
        )
        counts = report.counts_frame()
        counts["table"] = [translate(f"data.table.{table}", language) for table in counts["table"]]
        st.dataframe(_headed(counts, language), hide_index=True)
        if report.rows_deleted:
            st.info(
                translate(
                    "data.import.deleted", language, deleted=format_number(report.rows_deleted, language)
                )
            )
        show_duplicate_warnings(report.warnings, language)
        return
    st.error(translate("data.import.rejected", language, count=format_number(len(report.problems), language)))
    problems = report.problems_frame(language)
    if len(problems) <= WRAPPED_PROBLEMS:
        st.table(_headed(problems, language), hide_index=True)  # sentences wrap, nothing cut off
    else:
        st.dataframe(_headed(problems, language), hide_index=True)  # scrolls; the CSV holds every sentence
    st.download_button(
        translate("data.import.download_problems", language),
        data=csv_bytes(problems),
        file_name="import_problems.csv",
        mime="text/csv",
        key=KEY_PROBLEMS_DOWNLOAD,
    )


def _headed(frame: pd.DataFrame, language: Language) -> pd.DataFrame:
    """The frame with its column headers in the chosen language."""
    known = {*PROBLEM_COLUMNS, "table", "added", "updated", "unchanged", "deleted"}
    return frame.rename(
        columns={name: translate(f"data.column.{name}", language) for name in frame.columns if name in known}
    )


def show_downloads(language: Language) -> None:
    """The template, and everything held; the export is built only when its button is clicked."""
    st.subheader(translate("data.downloads.title", language))
    template_column, export_column = st.columns(2)
    template_column.download_button(
        translate("data.downloads.template", language),
        data=_template_bytes(),
        file_name="import_template.xlsx",
        mime=XLSX_TYPE,
        help=translate("data.downloads.template_help", language),
        key=KEY_TEMPLATE,
    )
    database = shared_database()
    still_editor = check_for_later(Role.EDITOR)

    def everything_held() -> bytes:
        """Runs on click, on its own thread (a cursor per use), only for an editor still signed in."""
        if not still_editor():
            raise AllianceError("Not exported: the editor who opened this page is no longer signed in.")
        return export_archive_bytes(database)

    export_column.download_button(
        translate("data.downloads.export", language),
        data=everything_held,
        file_name="alliance_data.zip",
        mime="application/zip",
        help=translate("data.downloads.export_help", language),
        key=KEY_EXPORT,
    )


@st.cache_data(show_spinner=False)
def _template_bytes() -> bytes:
    return template_workbook_bytes()


def show_import_history(language: Language) -> None:
    """The imports that landed, newest first."""
    st.subheader(translate("data.history.title", language))
    history = compute(import_history)
    if history.empty:
        st.info(translate("data.history.none", language))
        return
    shown = history.assign(imported_by=history["imported_by"].fillna("–"))
    shown = shown.rename(
        columns={name: translate(f"data.history.{name}", language) for name in history.columns}
    )
    st.dataframe(shown, hide_index=True)
