"""Choice widgets that hold codes and show labels: their value survives a change of language.

A selectbox, multiselect or radio keeps codes in Python (`format_func` turns them into labels), but
between the browser and the server its value travels as the label: the browser holds the label it was
last given and sends it back on every rerun, and the server decodes it with the labels of the run it
arrives in. When the language changes, the server draws the widget with the new language's labels but,
as long as the code itself did not change, sends the browser no new value: the browser keeps the old
language's label and sends it back with the next interaction, where it no longer decodes. A selectbox
then falls back to its first option (Period flipped from Quarter to Month) and a multiselect keeps the
label as if it were a code (countries=日本 in the URL).

So, on the first run in a new language and before the widget is drawn, `keep_codes_across_languages`
writes the widget's value (read while it still decodes with the labels the browser holds) back into
session state: Streamlit then sends the browser the value again, in the new language's labels.
"""

from __future__ import annotations

import streamlit as st

from analysis.i18n import Language

# widget key -> the language of the labels the browser was last given for that widget
_DRAWN_IN = "coded_choice_drawn_in"


def keep_codes_across_languages(key: str, language: Language) -> None:
    """Call right before drawing the choice widget `key` (labels by `format_func`) in `language`."""
    state = st.session_state
    drawn_in: dict[str, Language] = state.setdefault(_DRAWN_IN, {})
    if drawn_in.get(key, language) != language:
        try:
            # Read now, while the widget still decodes with the labels of its last run (the browser's).
            value = state[key]
        except KeyError:
            pass  # not drawn since (e.g. another page): it starts afresh from its code or its default
        else:
            state[key] = value
    drawn_in[key] = language
