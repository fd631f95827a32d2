"""The font Chinese text needs in exported images and PDFs (Chromium draws with what fontconfig finds)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from analysis.errors import AllianceError

NOTO_CJK_DIR = Path("/usr/share/fonts/opentype/noto")
NOTO_CJK_FILE = NOTO_CJK_DIR / "NotoSansCJK-Regular.ttc"


def chinese_font_available() -> bool:
    """True when Noto Sans CJK (or any font covering Chinese) is installed."""
    if NOTO_CJK_FILE.is_file():
        return True
    try:
        found = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(found.stdout.strip())


def require_chinese_font() -> None:
    """Raise a clear error when Chinese would be drawn as empty boxes."""
    if not chinese_font_available():
        raise AllianceError(
            f"Chinese text in images and PDFs needs the Noto Sans CJK font ({NOTO_CJK_FILE} not found, and "
            "fontconfig knows no Chinese font). Install it with `apt-get install fonts-noto-cjk`, then try "
            "again. The data and text exports work without it."
        )
