"""The one filter bar shared by every page, bound to the URL query parameters.

STUB: the dashboard work replaces the bodies; the two functions' names and return types are the
contract every page codes against.
"""

from __future__ import annotations

import datetime as dt

from analysis.filters import Filters
from analysis.i18n import Language


def current_filters() -> Filters:
    """The filters the user chose (restored from the URL when opened from a link)."""
    return Filters(as_of=dt.date.today())


def current_language() -> Language:
    """The display language chosen in the frame ("en" or "zh")."""
    return "en"
