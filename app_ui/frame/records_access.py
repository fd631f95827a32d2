"""Who may change records at the moment an action runs: the one guard, `authorized_identity`, for editors.

Every action of the Records and History pages calls `editor_now()` first and does nothing without an
editor: the identity is read afresh from the browser's sign-in and checked against the secrets when the
click arrives (see `app_ui.frame.session_access.authorized_identity`), not when the page was drawn.
"""

from __future__ import annotations

from analysis.auth.roles import Identity, Role
from app_ui.frame.session_access import authorized_identity


def editor_now() -> Identity | None:
    """The signed-in editor at this moment, or None (signed out, removed or made a viewer meanwhile)."""
    return authorized_identity(Role.EDITOR)
