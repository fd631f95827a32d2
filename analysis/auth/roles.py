"""The two roles and the identity a session acts as."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    VIEWER = "viewer"  # sees the dashboard, reports and exports
    EDITOR = "editor"  # also imports data and restores backups (the Data page)

    @property
    def can_edit(self) -> bool:
        return self is Role.EDITOR


@dataclass(frozen=True)
class Identity:
    """Who a session acts as: a password user, an OpenID Connect user, or an anonymous visitor."""

    name: str
    role: Role
    method: str  # "password", "oidc" or "anonymous"

    @property
    def is_anonymous(self) -> bool:
        return self.method == "anonymous"


ANONYMOUS_VIEWER = Identity(name="", role=Role.VIEWER, method="anonymous")
