"""report.pdf: the separately drawn pages (one PDF each, from kaleido) joined into one document with pypdf."""

from __future__ import annotations

import io
from collections.abc import Sequence

from pypdf import PdfReader, PdfWriter


def join_pdf_pages(page_documents: Sequence[bytes], title: str = "") -> bytes:
    """One PDF holding every page of the given PDFs, in order."""
    writer = PdfWriter()
    for document in page_documents:
        for page in PdfReader(io.BytesIO(document)).pages:
            writer.add_page(page)
    if title:
        writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
