"""Hostile files for the upload tests, built in the test: each is small to send and costly if trusted."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import openpyxl

MEMBER_HEADER = ["member_id", "name_en", "country", "member_type", "joined_on"]
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 2 else "") + ";") * 10}">' for n in range(2, 10)
    )
    + "]>"
)  # lol9 expands to 10^8 "lol"s: about 300 MB of text from a few hundred bytes


def members_workbook() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "members"
    sheet.append(MEMBER_HEADER)
    sheet.append(["001", "One", "CHN", "economic", "2021-01-01"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _replace_part(content: bytes, part: str, write: object) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == part:
                with target.open(part, "w", force_zip64=True) as stream:
                    write(stream)  # type: ignore[operator]
            else:
                target.writestr(info.filename, source.read(info.filename))
    return buffer.getvalue()


def xml_entity_bomb() -> bytes:
    """A workbook whose sheet XML defines nested entities ("billion laughs") and uses the biggest."""
    sheet = zipfile.ZipFile(io.BytesIO(members_workbook())).read("xl/worksheets/sheet1.xml").decode()
    body = sheet.split("?>", 1)[1] if sheet.startswith("<?xml") else sheet
    body = body.replace("<v>", "<v>&lol9;", 1) if "<v>" in body else body
    return _replace_part(
        members_workbook(), "xl/worksheets/sheet1.xml", lambda stream: stream.write((LAUGHS + body).encode())
    )


def zip_bomb(unpacked_megabytes: int = 600) -> bytes:
    """A workbook whose sheet unpacks to `unpacked_megabytes` of zeros from well under 1 MB."""
    chunk = b"\0" * (1024 * 1024)

    def write_zeros(stream: io.BufferedWriter) -> None:
        for _ in range(unpacked_megabytes):
            stream.write(chunk)

    return _replace_part(members_workbook(), "xl/worksheets/sheet1.xml", write_zeros)


def binary_named_csv() -> bytes:
    """A PNG's signature and random bytes, under the name members.csv."""
    return b"\x89PNG\r\n\x1a\n" + os.urandom(64 * 1024)


def write_all(folder: Path) -> dict[str, Path]:
    """The hostile files on disk, by what they are; the over-limit CSV is sparse (no disk used)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "xml entity bomb": (folder / "bomb" / "members.xlsx", xml_entity_bomb()),
        "zip bomb": (folder / "zip" / "members.xlsx", zip_bomb()),
        "binary named csv": (folder / "png" / "members.csv", binary_named_csv()),
    }
    paths = {}
    for what, (path, content) in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        paths[what] = path
    over = folder / "big" / "members.csv"
    over.parent.mkdir(parents=True, exist_ok=True)
    with over.open("wb") as file:
        file.write(b"member_id,name_en,country,member_type,joined_on\n")
        file.truncate(21 * 1024 * 1024)  # 21 MB: over the 20 MB limit
    paths["over the size limit"] = over
    return paths
