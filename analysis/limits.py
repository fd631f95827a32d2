"""Limits on what the product accepts, stated once.

The largest file a person may import is Streamlit's `server.maxUploadSize` in `.streamlit/config.toml`
(megabytes, as Streamlit counts them: 1 MB = 1,048,576 bytes). The dashboard's uploader enforces it in
the server; the importer enforces the same number for files given on the command line.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from analysis.paths import INSTANCE_HOME

STREAMLIT_CONFIG = INSTANCE_HOME / ".streamlit" / "config.toml"
DEFAULT_MAX_UPLOAD_MEGABYTES = 20


@cache
def max_upload_megabytes(config_file: Path = STREAMLIT_CONFIG) -> int:
    """`server.maxUploadSize` from the Streamlit config (20 when the file or the setting is absent)."""
    try:
        config = tomllib.loads(config_file.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return DEFAULT_MAX_UPLOAD_MEGABYTES
    value = config.get("server", {}).get("maxUploadSize", DEFAULT_MAX_UPLOAD_MEGABYTES)
    return int(value) if isinstance(value, int) and value > 0 else DEFAULT_MAX_UPLOAD_MEGABYTES


def max_upload_bytes() -> int:
    return max_upload_megabytes() * 1024 * 1024
