"""The Records page's parts: find a record, correct it, add one, delete one entered by mistake.

Everything checked and written lives in `analysis/records/editing.py` (the import's rules and writer);
this module lays it out in the chosen language. Each step runs in a button's callback, which first
checks that the session is an editor at that moment (`editor_now`). A change is previewed first (old
and new values, likely duplicates) and lands only when the editor saves it; a deletion first says
what goes with it and how many rows.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from analysis.countries import read_country_reference
from analysis.errors import AllianceError
from analysis.i18n import Language, country_name, format_number, translate
from analysis.importer.report import DuplicateWarning, ImportProblem
from analysis.records.editing import (
    EditPreview,
    NothingToSaveError,
    RecordChangedError,
    RecordProblemsError,
    SaveOutcome,
    delete_record,
    deletion_effects,
    find_records,
    get_record,
    preview_save,
    save_record,
)
from analysis.records.tables import RECORD_TABLES, key_text
from analysis.store.contract import CONTRACTS, Column
from app_ui.frame.records_access import editor_now
from app_ui.state.coded_choice import keep_codes_across_languages
from app_ui.state.database import shared_database

KEY_TABLE = "records-table"
KEY_SEARCH = "records-search"
KEY_CHOICE = "records-choice"
KEY_CHECK = "records-check"
KEY_SAVE = "records-save"
KEY_CANCEL = "records-cancel"
KEY_DELETE = "records-delete"
KEY_DELETE_CONFIRM = "records-delete-confirm"
KEY_DELETE_CANCEL = "records-delete-cancel"
KEY_OVERWRITE = "records-overwrite"
KEY_KEEP_THEIRS = "records-keep-theirs"
NEW = "__new__"  # the choice "a new record"
_PENDING = "records-pending"  # a checked change waiting for Save
_DELETING = "records-deleting"  # a deletion waiting for its confirmation
_CONFLICT = "records-conflict"  # both versions, after someone else changed the record
_OUTCOME = "records-outcome"  # (kind, message key, values) of the last action
_FORM_ROUND = "records-form-round"  # bumped to redraw the form from the stored values
SHOWN_MATCHES = 200

CHOICE_LABELS = {
    ("members", "member_type"): "common.member_type",
    ("events", "event_type"): "common.event_type",
    ("events", "format"): "common.format",
    ("roles", "role"): "common.role",
    ("participation", "role"): "common.participation_role",
    ("targets", "metric"): "plan.metric",
}


@dataclass(frozen=True)
class Pending:
    table: str
    key: str
    values: dict[str, Any]
    original: dict[str, Any] | None  # None: a new record
    preview: EditPreview


def show_records_editor(language: Language) -> None:
    """Table, search, the record chosen (or a new one), its form, and the actions on it."""
    _show_outcome(language)
    keep_codes_across_languages(KEY_TABLE, language)
    table = st.radio(
        translate("records.table", language),
        options=list(RECORD_TABLES),
        format_func=lambda code: translate(f"data.table.{code}", language),
        horizontal=True,
        key=KEY_TABLE,
    )
    search = st.text_input(
        translate("records.search", language),
        key=KEY_SEARCH,
        placeholder=translate("records.search_hint", language),
    )
    matches = find_records(shared_database(), table, search or "", limit=SHOWN_MATCHES)
    labels = {NEW: translate("records.new", language)}
    for record in matches.to_dict("records"):
        row = {str(name): value for name, value in record.items()}
        labels[key_text(table, row)] = _record_label(table, row, language)
    if search and len(labels) == 1:
        st.info(translate("records.no_match", language, text=search))
    elif len(matches) >= SHOWN_MATCHES:
        st.caption(translate("records.more_matches", language, count=SHOWN_MATCHES))
    # A widget per (table, search): a new search opens its first match afresh.
    choice_key = f"{KEY_CHOICE}-{table}-{zlib.crc32((search or '').encode())}"
    if st.session_state.get(choice_key, NEW) not in labels:
        st.session_state.pop(choice_key, None)
    chosen = st.selectbox(
        translate("records.choose", language),
        options=list(labels),
        index=1 if len(labels) > 1 and search else 0,
        format_func=labels.__getitem__,
        key=choice_key,
    )
    if chosen == NEW:
        _show_form(table, None, None, language)
        return
    original = get_record(shared_database(), table, chosen)
    if original is None:  # deleted meanwhile (by this editor or another)
        st.warning(translate("records.gone", language, record=chosen))
        return
    _show_form(table, chosen, original, language)
    _show_delete(table, chosen, original, language)


def _record_label(table: str, record: dict[str, Any], language: Language) -> str:
    key = key_text(table, record)
    if table == "members":
        name = record.get("name_zh") if language == "zh" and record.get("name_zh") else record.get("name_en")
        left = (
            f" · {translate('records.left_on_short', language, day=_day(record.get('left_on')))}"
            if _day(record.get("left_on"))
            else ""
        )
        return f"{key} · {name}{left}"
    if table == "events":
        title = (
            record.get("title_zh") if language == "zh" and record.get("title_zh") else record.get("title_en")
        )
        return f"{key} · {title}"
    return key


def _day(value: Any) -> str:
    if value is None or pd.isna(value):
        return ""
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d}"
    return str(value)[:10]


def _show_form(table: str, key: str | None, original: dict[str, Any] | None, language: Language) -> None:
    contract = CONTRACTS[table]
    round_number = st.session_state.get(_FORM_ROUND, 0)
    form_id = f"records-form-{table}-{key or NEW}-{round_number}"
    if original is None:
        st.subheader(
            translate("records.add_title", language, noun=translate(f"records.noun.{table}", language))
        )
    else:
        st.subheader(_about_record("records.edit_title", table, key, language))
    if table == "members":
        st.caption(translate("records.left_hint", language))
    elif table == "roles":
        st.caption(translate("records.role_end_hint", language))
    with st.form(form_id, border=True):
        columns = st.columns(2)
        for index, column in enumerate(contract.columns):
            with columns[index % 2]:
                _field(table, column, original, form_id, language)
        st.form_submit_button(
            translate("records.check", language),
            type="primary",
            key=f"{KEY_CHECK}-{form_id}",
            on_click=_check,
            args=(table, key, original, form_id, language),
        )
    pending = st.session_state.get(_PENDING)
    if (
        isinstance(pending, Pending)
        and pending.table == table
        and pending.key == (key or pending.key)
        and (pending.original is None) == (original is None)
    ):
        _show_pending(pending, language)
    conflict = st.session_state.get(_CONFLICT)
    if isinstance(conflict, RecordChangedError) and conflict.table == table and conflict.key == key:
        _show_conflict(conflict, language)


def _field_key(form_id: str, name: str) -> str:
    return f"{form_id}-{name}"


def _label(column: Column, language: Language) -> str:
    text = f"{translate(f'records.column.{column.name}', language)} ({column.name})"
    return text + (" *" if column.required else "")


def _field(
    table: str, column: Column, original: dict[str, Any] | None, form_id: str, language: Language
) -> None:
    value = original.get(column.name) if original else None
    locked = original is not None and column.name in CONTRACTS[table].key
    key = _field_key(form_id, column.name)
    label = _label(column, language)
    help_text = column.description if language == "en" else None  # the contract describes columns in English
    if column.kind == "choice":
        options = ([""] if not column.required else []) + list(column.choices)
        prefix = CHOICE_LABELS.get((table, column.name))
        st.selectbox(
            label,
            options=options,
            index=options.index(value) if value in options else (0 if not column.required else None),
            format_func=lambda code, prefix=prefix: (
                "–" if code == "" else (translate(f"{prefix}.{code}", language) if prefix else code)
            ),
            key=key,
            disabled=locked,
            help=help_text,
            placeholder=translate("records.choose_option", language),
        )
    elif column.kind == "country":
        codes = _country_codes(language)
        st.selectbox(
            label,
            options=codes,
            index=codes.index(value) if value in codes else None,
            format_func=lambda code: f"{country_name(code, language)} ({code})",
            key=key,
            disabled=locked,
            help=help_text,
            placeholder=translate("records.choose_country", language),
        )
    elif column.kind == "date":
        st.date_input(
            label,
            value=dt.date.fromisoformat(str(value)[:10]) if value else None,
            min_value=dt.date(1900, 1, 1),
            max_value=dt.date(2100, 12, 31),
            format="YYYY/MM/DD",  # as the filter bar's pickers: readable in both languages
            key=key,
            disabled=locked,
            help=help_text,
        )
    elif column.kind == "integer":
        st.number_input(
            label,
            value=int(value) if value is not None else None,
            step=1,
            key=key,
            disabled=locked,
            help=help_text,
        )
    else:
        st.text_input(
            label, value="" if value is None else str(value), key=key, disabled=locked, help=help_text
        )


@st.cache_data(show_spinner=False)
def _country_codes(language: Language) -> list[str]:
    reference = read_country_reference()
    return sorted(reference["iso3"], key=lambda code: country_name(code, language))


def _form_values(table: str, form_id: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for column in CONTRACTS[table].columns:
        value = st.session_state.get(_field_key(form_id, column.name))
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, float) and value.is_integer():
            value = int(value)
        values[column.name] = None if value in ("", None) else value
    return values


def _check(
    table: str, key: str | None, original: dict[str, Any] | None, form_id: str, language: Language
) -> None:
    """Check the form's values as an import would, and keep the preview until Save."""
    st.session_state.pop(_CONFLICT, None)
    if editor_now() is None:
        st.session_state[_OUTCOME] = ("error", "records.not_allowed", {})
        return
    values = _form_values(table, form_id)
    if original is not None:
        for name in CONTRACTS[table].key:  # the key cannot change here (disabled fields)
            values[name] = original.get(name)
    try:
        preview = preview_save(shared_database(), table, values)
    except RecordProblemsError as error:
        st.session_state.pop(_PENDING, None)
        st.session_state[_OUTCOME] = ("problems", "records.problems", {"problems": error.problems})
        return
    except AllianceError as error:
        st.session_state[_OUTCOME] = ("error", "records.failed", {"message": str(error)})
        return
    if original is not None and not preview.preview.changed:
        st.session_state.pop(_PENDING, None)
        st.session_state[_OUTCOME] = ("info", "records.nothing_changed", {})
        return
    if original is None and not preview.preview.added:
        st.session_state.pop(_PENDING, None)
        st.session_state[_OUTCOME] = (
            "problems",
            "records.problems",
            {"problems": [_already_stored(table, preview.key)]},
        )
        return
    st.session_state[_PENDING] = Pending(table, key or preview.key, values, original, preview)


def _already_stored(table: str, key: str) -> ImportProblem:
    from analysis.importer.report import problem

    return problem(
        "form", None, ", ".join(CONTRACTS[table].key), key, "already_stored", noun=CONTRACTS[table].row_noun
    )


def _show_pending(pending: Pending, language: Language) -> None:
    with st.container(border=True):
        st.markdown(f"**{translate('records.preview_title', language)}**")
        preview = pending.preview.preview
        if pending.original is None:
            st.write(
                translate(
                    "records.preview_add",
                    language,
                    noun=translate(f"records.noun.{pending.table}", language),
                    record=pending.preview.key,
                )
            )
        else:
            st.write(
                translate(
                    "records.preview_change", language, count=format_number(len(preview.changed), language)
                )
            )
            rows = [
                {
                    translate("records.column_header", language): _label(
                        CONTRACTS[pending.table].column(change.column), language
                    ),
                    translate("records.old", language): _shown(change.old),
                    translate("records.new_value", language): _shown(change.new),
                }
                for change in preview.changed
            ]
            st.table(pd.DataFrame(rows), hide_index=True)
        show_duplicate_warnings(pending.preview.warnings, language)
        save, cancel = st.columns(2)
        save.button(
            translate("records.save", language), type="primary", key=KEY_SAVE, on_click=_save, args=(pending,)
        )
        cancel.button(translate("records.cancel", language), key=KEY_CANCEL, on_click=_cancel)


def show_duplicate_warnings(warnings: list[DuplicateWarning], language: Language) -> None:
    """Likely duplicates, one line each: a warning to look at, never a refusal."""
    if not warnings:
        return
    lines = []
    for warning in warnings:
        matched = ", ".join(translate(f"records.matched.{column}", language) for column in warning.matched_on)
        where = (
            translate("records.duplicate_in_store", language)
            if warning.in_store
            else translate("records.duplicate_in_file", language, row=warning.other_row)
        )
        place = (
            f"{warning.file}, {translate('records.row', language, row=warning.row)}: "
            if warning.row and warning.file != "form"
            else ""
        )
        lines.append(
            "- "
            + place
            + translate(
                "records.duplicate_line",
                language,
                member_id=warning.member_id,
                name=warning.name,
                other_id=warning.other_id,
                other_name=warning.other_name,
                where=where,
                matched=matched,
            )
        )
    st.warning(
        translate("records.duplicates_title", language, count=len(warnings)) + "\n\n" + "\n".join(lines)
    )


def _escaped(text: str) -> str:
    """A value inside markdown: its special characters shown as themselves (a name is never markup)."""
    return "".join(
        f"\\{character}" if character in "\\`*_{}[]<>()#+-.!|~" else character for character in text
    )


def _shown(value: Any) -> str:
    return "–" if value is None or value == "" else str(value)


def _about_record(message: str, table: str, key: str | None, language: Language, **values: object) -> str:
    """A sentence naming one record: its kind (`noun`) and its key (`record`)."""
    noun = translate(f"records.noun.{table}", language)
    return translate(message, language, noun=noun, record=key or "", **values)


def _confirmed_change(asked: str, change: Callable[[str], SaveOutcome]) -> SaveOutcome | None:
    """A confirmed save or delete, made as the signed-in editor; the question `asked` (a session key) is
    closed. None when it was refused: why is kept for the next run (a record changed meanwhile: both
    versions, to choose from)."""
    identity = editor_now()
    if identity is None:
        st.session_state[_OUTCOME] = ("error", "records.not_allowed", {})
        return None
    st.session_state.pop(asked, None)
    try:
        return change(identity.name)
    except RecordChangedError as error:
        st.session_state[_CONFLICT] = error
    except RecordProblemsError as error:
        st.session_state[_OUTCOME] = ("problems", "records.problems", {"problems": error.problems})
    except NothingToSaveError:
        st.session_state[_OUTCOME] = ("info", "records.nothing_changed", {})
    except AllianceError as error:
        st.session_state[_OUTCOME] = ("error", "records.failed", {"message": str(error)})
    return None


def _save(pending: Pending) -> None:
    """Save the checked change; refused (both versions kept) if the record changed since it was opened."""
    outcome = _confirmed_change(
        _PENDING,
        lambda editor: save_record(
            shared_database(), pending.table, pending.values, original=pending.original, made_by=editor
        ),
    )
    if outcome is None:
        return
    if pending.original is None:  # show the new record next
        st.session_state[KEY_SEARCH] = outcome.key
    _next_form_round()
    st.session_state[_OUTCOME] = (
        "success",
        "records.saved" if outcome.action == "edit" else "records.added",
        {"record": outcome.key, "change": outcome.change_id, "noun": pending.table},
    )


def _cancel() -> None:
    st.session_state.pop(_PENDING, None)
    _next_form_round()


def _next_form_round() -> None:
    st.session_state[_FORM_ROUND] = st.session_state.get(_FORM_ROUND, 0) + 1


def _show_conflict(conflict: RecordChangedError, language: Language) -> None:
    with st.container(border=True):
        if conflict.theirs is None:
            st.error(translate("records.conflict_deleted", language, record=conflict.key))
        else:
            st.error(translate("records.conflict", language, record=conflict.key))
        names = CONTRACTS[conflict.table].column_names
        rows = [
            {
                translate("records.column_header", language): _label(
                    CONTRACTS[conflict.table].column(name), language
                ),
                translate("records.theirs", language): _shown((conflict.theirs or {}).get(name)),
                translate("records.yours", language): _shown((conflict.yours or {}).get(name)),
                "": "≠" if (conflict.theirs or {}).get(name) != (conflict.yours or {}).get(name) else "",
            }
            for name in names
        ]
        st.table(pd.DataFrame(rows), hide_index=True)
        mine, theirs = st.columns(2)
        if conflict.theirs is not None:
            mine.button(
                translate("records.overwrite", language),
                key=KEY_OVERWRITE,
                on_click=_overwrite,
                args=(conflict,),
            )
        theirs.button(translate("records.keep_theirs", language), key=KEY_KEEP_THEIRS, on_click=_keep_theirs)


def _overwrite(conflict: RecordChangedError) -> None:
    """Save the editor's version over the one stored now (which they have seen)."""
    outcome = _confirmed_change(
        _CONFLICT,
        lambda editor: save_record(
            shared_database(),
            conflict.table,
            dict(conflict.yours or {}),
            original=conflict.theirs,
            made_by=editor,
        ),
    )
    if outcome is None:
        return
    _next_form_round()
    st.session_state[_OUTCOME] = (
        "success",
        "records.saved",
        {"record": outcome.key, "change": outcome.change_id, "noun": conflict.table},
    )


def _keep_theirs() -> None:
    st.session_state.pop(_CONFLICT, None)
    _next_form_round()


def _show_delete(table: str, key: str, original: dict[str, Any], language: Language) -> None:
    st.subheader(translate("records.delete_title", language))
    hint = {"members": "records.delete_member_hint", "roles": "records.delete_role_hint"}.get(
        table, "records.delete_hint"
    )
    st.caption(translate(hint, language))
    st.button(
        translate("records.delete", language),
        key=KEY_DELETE,
        on_click=_ask_delete,
        args=(table, key, original),
    )
    deleting = st.session_state.get(_DELETING)
    if isinstance(deleting, dict) and deleting.get("table") == table and deleting.get("key") == key:
        _confirm_delete(deleting, language)


def _ask_delete(table: str, key: str, original: dict[str, Any]) -> None:
    if editor_now() is None:
        st.session_state[_OUTCOME] = ("error", "records.not_allowed", {})
        return
    try:
        effects = deletion_effects(shared_database(), table, key)
    except AllianceError as error:
        st.session_state[_OUTCOME] = ("error", "records.failed", {"message": str(error)})
        return
    st.session_state[_DELETING] = {"table": table, "key": key, "original": original, "effects": effects}


def _confirm_delete(deleting: dict[str, Any], language: Language) -> None:
    table, key, effects = deleting["table"], deleting["key"], deleting["effects"]
    with st.container(border=True):
        st.markdown(f"**{translate('records.delete_confirm_title', language)}**")
        others = [
            translate(f"records.goes_with.{child}", language, count=format_number(count, language))
            for child, count in effects.items()
            if child != table and count
        ]
        total = sum(effects.values())
        if others:
            st.write(
                _about_record(
                    "records.delete_confirm_with",
                    table,
                    key,
                    language,
                    others=translate("records.list_separator", language).join(others),
                    total=format_number(total, language),
                )
            )
        else:
            st.write(_about_record("records.delete_confirm_alone", table, key, language))
        yes, no = st.columns(2)
        yes.button(
            translate("records.delete_yes", language),
            type="primary",
            key=KEY_DELETE_CONFIRM,
            on_click=_delete,
            args=(deleting,),
        )
        no.button(
            translate("records.cancel", language),
            key=KEY_DELETE_CANCEL,
            on_click=lambda: st.session_state.pop(_DELETING, None),
        )


def _delete(deleting: dict[str, Any]) -> None:
    outcome = _confirmed_change(
        _DELETING,
        lambda editor: delete_record(
            shared_database(),
            deleting["table"],
            deleting["key"],
            original=deleting["original"],
            made_by=editor,
        ),
    )
    if outcome is None:
        return
    st.session_state[_OUTCOME] = (
        "success",
        "records.deleted",
        {
            "record": outcome.key,
            "change": outcome.change_id,
            "noun": deleting["table"],
            "rows": sum(outcome.rows.values()),
        },
    )


def _show_outcome(language: Language) -> None:
    outcome = st.session_state.pop(_OUTCOME, None)
    if not outcome:
        return
    kind, message_key, values = outcome
    if kind == "problems":
        problems: list[ImportProblem] = values["problems"]
        lines = "\n".join(
            f"- **{item.column}**: {item.reason_in(language)}"
            if item.column
            else f"- {item.reason_in(language)}"
            for item in problems
        )
        st.error(translate(message_key, language, count=len(problems)) + "\n\n" + lines)
        return
    if "noun" in values:
        values = {**values, "noun": translate(f"records.noun.{values['noun']}", language)}
    text = translate(message_key, language, **values)
    {"success": st.success, "info": st.info}.get(kind, st.error)(text)
