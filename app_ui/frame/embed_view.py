"""The embed gate: a page opened by a signed embed link (`?embed_link=TOKEN`) shows that view only.

Checked on every run (signature, expiry, the registry), so a revoked link stops at its next click. The
session then has no navigation, no filter bar and no sign-in: the page the link names, on the link's
filters (anything added to the URL by hand is replaced), limited to the link's scope when it has one.
See `analysis/delivery/embeds.py`.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from analysis.delivery.embeds import Embed, EmbedRefused, EmbedRegistry, signing_key
from analysis.delivery.log import log_path
from analysis.i18n import translate
from analysis.paths import store_address
from analysis.store.location import store_location
from app_ui.state.database import EMBED_SCOPE_KEY

EMBED_PARAMETER = "embed_link"  # not "embed": Streamlit keeps that name (and embed_options) for itself
_URL_IN_STEP = "filter_url_in_step"  # app_ui/state/filter_bar.py: the widgets re-read the URL without it


def embed_requested() -> bool:
    return bool(st.query_params.get(EMBED_PARAMETER))


def embedded_view() -> Embed:
    """The link's embed, with the URL and the session set to its view; a clear message and a stop otherwise."""
    token = str(st.query_params.get(EMBED_PARAMETER) or "")
    try:
        secrets: dict[str, Any] = st.secrets.to_dict()
    except FileNotFoundError:
        secrets = {}
    try:
        embed = EmbedRegistry(log_path(store_location(store_address()))).verify(token, signing_key(secrets))
    except EmbedRefused as refused:
        st.session_state.pop(EMBED_SCOPE_KEY, None)
        for language in ("en", "zh"):
            st.error(translate(f"delivery.embed.{refused.reason}", language))
        st.stop()
        raise
    st.session_state[EMBED_SCOPE_KEY] = embed.scope
    wanted = {EMBED_PARAMETER: token, **embed.query}
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)
        st.session_state.pop(_URL_IN_STEP, None)
    return embed


def leave_embed_mode() -> None:
    """A run without an embed link: nothing of an earlier embedded view stays in the session."""
    st.session_state.pop(EMBED_SCOPE_KEY, None)
