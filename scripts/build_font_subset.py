"""Rebuild static/fonts/*.woff2: the dashboard's own font, served with it (no font CDN, no system font).

A subset of Noto Sans CJK SC (Debian: fonts-noto-cjk; SIL Open Font License 1.1), which draws Latin and
Chinese alike: printable ASCII and Latin-1, punctuation, the 3,755 everyday characters of GB 2312 level 1,
and every character of the Chinese catalogues, the branding file and the demo data. A character outside
it (a rare one in a member's name) falls back to the next font of the theme's list.

Run by hand after adding Chinese text with new characters:
    .venv/bin/python scripts/build_font_subset.py     (needs fonttools and brotli, in requirements.txt)
"""

from __future__ import annotations

from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parent.parent
SOURCES = {
    "regular": Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    "bold": Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
}
FAMILY_IN_COLLECTION = "Noto Sans CJK SC"
OUTPUT = ROOT / "static" / "fonts"
TEXT_SOURCES = [
    *sorted((ROOT / "analysis" / "i18n" / "catalog").glob("*.zh.json")),
    ROOT / "data" / "branding.toml",
    *sorted((ROOT / "data" / "demo").glob("*.csv")),
]
RANGES = [
    (0x20, 0x7E),
    (0xA0, 0xFF),
    (0x2000, 0x206F),  # general punctuation: – — ‘ ’ “ ” … ‰
    (0x2190, 0x2193),  # arrows ↑ ↓ (metric deltas)
    (0x3000, 0x303F),  # CJK symbols and punctuation: 。、「」《》
    (0xFF00, 0xFFEF),  # full-width forms: （）：，
]


def gb2312_level_1() -> set[str]:
    """The 3,755 most common Chinese characters (GB 2312 rows 16-55)."""
    characters = set()
    for row in range(0xB0, 0xD8):
        for cell in range(0xA1, 0xFF):
            try:
                characters.add(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return characters


def characters() -> str:
    wanted = gb2312_level_1()
    for first, last in RANGES:
        wanted.update(chr(code) for code in range(first, last + 1))
    for path in TEXT_SOURCES:
        wanted.update(path.read_text(encoding="utf-8"))
    return "".join(sorted(character for character in wanted if character.isprintable()))


def simplified_chinese_face(collection_path: Path) -> Path:
    """The SC face of a CJK collection, written to a temporary .otf for the subsetter."""
    collection = TTCollection(str(collection_path))
    for font in collection.fonts:
        if font["name"].getDebugName(1) == FAMILY_IN_COLLECTION:
            path = OUTPUT / f".{collection_path.stem}.otf"
            font.save(str(path))
            return path
    raise SystemExit(f"{collection_path} holds no {FAMILY_IN_COLLECTION}")


def main() -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    text = characters()
    for weight, source in SOURCES.items():
        if not source.exists():
            raise SystemExit(f"{source} is missing: apt-get install fonts-noto-cjk")
        face = simplified_chinese_face(source)
        target = OUTPUT / f"alliance-sans-{weight}.woff2"
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        font = subset.load_font(str(face), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=text)
        subsetter.subset(font)
        subset.save_font(font, str(target), options)
        face.unlink()
        print(f"wrote {target.relative_to(ROOT)} ({target.stat().st_size:,} bytes, {len(text):,} characters)")


if __name__ == "__main__":
    main()
