"""Streamlit's theme from the one branding file: `.streamlit/config.toml`'s [theme] is written from
`data/branding.toml`, so widgets, buttons, links and fonts follow the same colours and font as the charts.

    python -m analysis.streamlit_theme          # write the [theme] section (`make theme`)
    python -m analysis.streamlit_theme --check  # exit 1 when config.toml and branding.toml disagree

Never imports Streamlit: a test compares the parsed config with `theme_settings()`.
"""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path
from typing import Any

from analysis.branding import Branding, load_branding
from analysis.paths import PROJECT_ROOT

CONFIG_FILE = PROJECT_ROOT / ".streamlit" / "config.toml"
MARKER = (
    "# [theme] below is written from data/branding.toml by `make theme`: change the branding file, not this."
)
STATIC_PREFIX = "static/"
STATIC_URL = "app/static/"  # Streamlit serves static/ there (server.enableStaticServing)


def font_stack(branding: Branding) -> str:
    """The theme's font list: the served brand font, then the system's sans-serif."""
    return f"{branding.font_family}, sans-serif"


def theme_settings(branding: Branding | None = None) -> dict[str, Any]:
    """The [theme] table Streamlit should read, as tomllib parses it."""
    branding = branding or load_branding()
    faces = [
        {
            "family": branding.font_family,
            "url": STATIC_URL + path.removeprefix(STATIC_PREFIX),
            "weight": weight,
            "style": "normal",
        }
        for weight, path in branding.font_files
    ]
    settings: dict[str, Any] = {
        "base": "light",
        "primaryColor": branding.primary,
        "backgroundColor": branding.background,
        "secondaryBackgroundColor": branding.surface,
        "textColor": branding.text,
        "linkColor": branding.primary,
        "font": font_stack(branding),
        "headingFont": font_stack(branding),
        "chartCategoricalColors": list(branding.sequence),
    }
    if faces:
        settings["fontFaces"] = faces
    return settings


def theme_section(branding: Branding | None = None) -> str:
    """The [theme] section as TOML text (values written as JSON, which TOML reads for these types)."""
    settings = theme_settings(branding)
    faces = settings.pop("fontFaces", [])
    lines = [MARKER, "[theme]"]
    lines += [f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in settings.items()]
    for face in faces:
        lines += ["", "[[theme.fontFaces]]"]
        lines += [f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in face.items()]
    return "\n".join(lines) + "\n"


def config_with_theme(config_text: str, branding: Branding | None = None) -> str:
    """`config_text` with its [theme] section (the marker or [theme] to the end) replaced by the brand's.
    [theme] is the file's last section."""
    for start_of_theme in (MARKER, "[theme]"):
        if start_of_theme in config_text:
            config_text = config_text[: config_text.index(start_of_theme)]
            break
    return config_text.rstrip("\n") + "\n\n" + theme_section(branding)


def theme_in_config(path: Path = CONFIG_FILE) -> dict[str, Any]:
    theme: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8")).get("theme", {})
    return theme


def main(arguments: list[str]) -> int:
    if arguments == ["--check"]:
        if theme_in_config() == theme_settings():
            print(f"{CONFIG_FILE.name} [theme] agrees with data/branding.toml")
            return 0
        print(
            f"{CONFIG_FILE} [theme] differs from data/branding.toml: run `make theme` to write it again.",
            file=sys.stderr,
        )
        return 1
    if arguments:
        print("usage: python -m analysis.streamlit_theme [--check]", file=sys.stderr)
        return 2
    CONFIG_FILE.write_text(config_with_theme(CONFIG_FILE.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote the [theme] of {CONFIG_FILE} from data/branding.toml")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
