"""The brand everywhere: Streamlit's theme in .streamlit/config.toml is the one data/branding.toml gives,
the same colours and font as the charts, and the font it names is shipped and served locally."""

from __future__ import annotations

import dataclasses
import tomllib

from analysis.branding import load_branding
from analysis.figures.theme import FONT_FAMILY, TEMPLATE_NAME
from analysis.paths import PROJECT_ROOT
from analysis.streamlit_theme import config_with_theme, main, theme_in_config, theme_settings


def test_the_streamlit_theme_is_the_branding_file() -> None:
    theme = theme_in_config()
    assert theme == theme_settings()  # `make theme` writes it; this fails when someone edits one alone
    branding = load_branding()
    assert theme["primaryColor"] == branding.primary == "#1F4E79"
    assert theme["chartCategoricalColors"] == list(branding.sequence)
    assert theme["font"] == theme["headingFont"] == "alliance-sans, sans-serif"
    assert [face["weight"] for face in theme["fontFaces"]] == [400, 700]


def test_the_charts_use_the_same_font_and_colours() -> None:
    import plotly.io as pio

    template = pio.templates[TEMPLATE_NAME]
    assert FONT_FAMILY.startswith('"alliance-sans", "Noto Sans CJK SC"')
    assert template.layout.font.family == FONT_FAMILY
    assert list(template.layout.colorway) == theme_in_config()["chartCategoricalColors"]


def test_the_font_faces_are_shipped_woff2_files_under_static() -> None:
    for face in theme_in_config()["fontFaces"]:
        assert face["url"].startswith("app/static/fonts/")
        path = PROJECT_ROOT / "static" / face["url"].removeprefix("app/static/")
        assert path.read_bytes()[:4] == b"wOF2", path
        assert 500_000 < path.stat().st_size < 3_000_000  # a subset, not the 19 MB collection


def test_a_new_brand_colour_rewrites_the_theme_and_keeps_the_rest_of_the_config() -> None:
    config = '[server]\nheadless = true\n\n[theme]\nbase = "light"\nprimaryColor = "#000000"\n'
    rebranded = dataclasses.replace(load_branding(), primary="#0A7D3B")
    written = tomllib.loads(config_with_theme(config, rebranded))
    assert written["server"] == {"headless": True}
    assert written["theme"]["primaryColor"] == written["theme"]["linkColor"] == "#0A7D3B"
    # Writing twice changes nothing (the marker line starts the section the second time).
    assert config_with_theme(config_with_theme(config, rebranded), rebranded) == config_with_theme(
        config, rebranded
    )


def test_the_check_command_says_whether_they_agree(capsys: object) -> None:
    assert main(["--check"]) == 0
    assert main(["--bogus"]) == 2
