"""The alliance's name, logo and colours, from data/branding.toml (one file for the dashboard and exports)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from analysis.i18n import Language
from analysis.paths import DATA_DIR, INSTANCE_HOME, SHIPPED_DATA_DIR


def branding_file() -> Path:
    """The instance's own data/branding.toml, else the shipped one."""
    own = DATA_DIR / "branding.toml"
    return own if own.is_file() else SHIPPED_DATA_DIR / "branding.toml"


BRANDING_FILE = branding_file()


@dataclass(frozen=True)
class Branding:
    name_en: str
    name_zh: str
    short_name_en: str
    short_name_zh: str
    secretariat_en: str
    secretariat_zh: str
    logo: Path
    primary: str
    accent: str
    neutral: str
    background: str
    sequence: tuple[str, ...]
    scale: tuple[str, ...]
    logo_raster: Path | None = None  # a PNG of the logo (slides take no SVG)
    logo_is_placeholder: bool = False  # the shipped logo is illustrative: exports say so
    slides_latin_font: str = "Arial"
    slides_east_asian_font: str = "Noto Sans CJK SC"
    surface: str = "#F3F5F8"
    text: str = "#26323D"
    font_family: str = "alliance-sans"
    font_files: tuple[tuple[int, str], ...] = ()  # (weight, path under the project, in static/)

    def name(self, language: Language) -> str:
        return self.name_zh if language == "zh" else self.name_en

    def short_name(self, language: Language) -> str:
        return self.short_name_zh if language == "zh" else self.short_name_en

    def secretariat(self, language: Language) -> str:
        return self.secretariat_zh if language == "zh" else self.secretariat_en


def _logo_path(written: str) -> Path:
    """The logo named in the branding file ("data/brand/logo.svg"): the instance's own, else the shipped one."""
    own = INSTANCE_HOME / written
    return own if own.is_file() else SHIPPED_DATA_DIR / Path(written).relative_to("data")


@cache
def load_branding(path: Path = BRANDING_FILE) -> Branding:
    """Read the branding file once per process."""
    settings = tomllib.loads(path.read_text(encoding="utf-8"))
    alliance, colours, fonts = settings["alliance"], settings["colours"], settings.get("fonts", {})
    return Branding(
        name_en=alliance["name_en"],
        name_zh=alliance["name_zh"],
        short_name_en=alliance["short_name_en"],
        short_name_zh=alliance["short_name_zh"],
        secretariat_en=alliance["secretariat_en"],
        secretariat_zh=alliance["secretariat_zh"],
        logo=_logo_path(alliance["logo"]),
        primary=colours["primary"],
        accent=colours["accent"],
        neutral=colours["neutral"],
        background=colours["background"],
        sequence=tuple(colours["sequence"]),
        scale=tuple(colours["scale"]),
        logo_raster=_logo_path(alliance["logo_raster"]) if "logo_raster" in alliance else None,
        logo_is_placeholder=bool(alliance.get("logo_is_placeholder", False)),
        slides_latin_font=fonts.get("slides_latin", "Arial"),
        slides_east_asian_font=fonts.get("slides_east_asian", "Noto Sans CJK SC"),
        surface=colours.get("surface", "#F3F5F8"),
        text=colours.get("text", "#26323D"),
        font_family=fonts.get("family", "alliance-sans"),
        font_files=tuple(
            (weight, fonts[name]) for weight, name in ((400, "regular"), (700, "bold")) if name in fonts
        ),
    )
