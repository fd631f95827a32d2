"""Single pages taken out of a PDF with pypdf: a report figure's own PDF is its page of report.pdf."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter


def split_pdf_pages(document: bytes, first: int, count: int) -> list[bytes]:
    """Pages first .. first+count-1 (0-based) of `document`, each as a one-page PDF."""
    reader = PdfReader(io.BytesIO(document))
    pages = []
    for number in range(first, first + count):
        writer = PdfWriter()
        writer.add_page(reader.pages[number])
        buffer = io.BytesIO()
        writer.write(buffer)
        pages.append(buffer.getvalue())
    return pages
