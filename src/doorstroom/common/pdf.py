"""Is this upload really a PDF? Judged by its content (magic bytes and a parse), never its name."""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader
from pypdf.errors import PyPdfError

logging.getLogger("pypdf").setLevel(logging.ERROR)


class PdfCheckError(ValueError):
    pass


def pdf_check(data: bytes) -> int:
    """Return the page count of a readable PDF; raise PdfCheckError with a Dutch message."""
    if not data:
        raise PdfCheckError("Het bestand is leeg.")
    if not data[:1024].lstrip().startswith(b"%PDF-"):
        raise PdfCheckError("Dit is geen PDF-bestand (de inhoud begint niet met %PDF-).")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise PdfCheckError("Versleutelde PDF-bestanden worden niet aanvaard.")
        pages = len(reader.pages)
    except PdfCheckError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise PdfCheckError("Het PDF-bestand is beschadigd of onleesbaar.") from exc
    if pages < 1:
        raise PdfCheckError("Het PDF-bestand heeft geen pagina's.")
    return pages
