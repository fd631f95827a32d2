"""Readers that open each file format for real and return what a person would check."""

from __future__ import annotations

import io
import struct
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import numpy as np
from PIL import Image
from pypdf import PdfReader

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(content: bytes) -> tuple[int, int]:
    """Width and height from the PNG header (signature, then the IHDR chunk)."""
    assert content[:8] == PNG_SIGNATURE, "not a PNG"
    assert content[12:16] == b"IHDR"
    width, height = struct.unpack(">II", content[16:24])
    return int(width), int(height)


def svg_root(content: bytes) -> ElementTree.Element:
    root = ElementTree.fromstring(content)
    assert root.tag.endswith("svg")
    return root


def pdf_pages(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def colour_share(content: bytes, colour: tuple[int, int, int], tolerance: int = 6) -> float:
    """Share of the image's pixels within `tolerance` of `colour` (per channel)."""
    image = Image.open(io.BytesIO(content)).convert("RGB")
    image.thumbnail((600, 600))  # sampling is enough to count areas
    pixels = np.asarray(image, dtype=np.int16).reshape(-1, 3)
    close = np.all(np.abs(pixels - np.array(colour, dtype=np.int16)) <= tolerance, axis=1)
    return float(close.mean())


def hex_colour(text: str) -> tuple[int, int, int]:
    text = text.lstrip("#")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)
