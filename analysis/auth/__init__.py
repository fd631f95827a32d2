"""Who may see and change what: viewer and editor roles, password users kept as bcrypt hashes.

The configuration lives in Streamlit's secrets file (`.streamlit/secrets.toml`, never in git); this
package reads and writes it without Streamlit, so the `user` command and the tests use it directly.
"""

from analysis.auth.passwords import authenticate, hash_password
from analysis.auth.roles import Identity, Role
from analysis.auth.settings import AccessSettings, UserRecord, access_settings_from

__all__ = [
    "AccessSettings",
    "Identity",
    "Role",
    "UserRecord",
    "access_settings_from",
    "authenticate",
    "hash_password",
]
