"""Is this upload really a PDF? Judged by its content (magic bytes and a parse), never its name.

The file comes from a stranger, so whatever the parser does with it (pypdf raises its own
errors, but also NotImplementedError for an unknown encryption, RecursionError, ValueError,
KeyError, AssertionError, OverflowError for an absurd page count, ...) ends as a PdfCheckError
with a plain message (Dutch, or English when the user chose it: the messages are translated
when the error is raised): never a 500, never the parser's own words to the user. The
hostile-file corpus in tests/security/test_security_hostile_files.py holds a case per path.
"""

from __future__ import annotations

import io
import logging

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader

logging.getLogger("pypdf").setLevel(logging.ERROR)
logger = logging.getLogger(__name__)

#: More pages than any dossier document needs; a larger count is a forged or broken page tree.
PDF_MAX_PAGES = 5000

NOT_PDF = _("Dit is geen PDF-bestand. Kies een document in PDF-formaat.")
EMPTY = _("Het bestand is leeg.")
ENCRYPTED = _(
    "Dit PDF-bestand is beveiligd met een wachtwoord of versleuteld. "
    "Laad een versie zonder beveiliging op."
)
UNREADABLE = _(
    "Dit PDF-bestand is beschadigd of kan niet gelezen worden. "
    "Sla het opnieuw op als PDF en probeer nog eens."
)
NO_PAGES = _("Dit PDF-bestand heeft geen pagina's.")
TOO_MANY_PAGES = format_lazy(
    _("Dit PDF-bestand heeft te veel pagina's (hoogstens {limit})."), limit=PDF_MAX_PAGES
)


class PdfCheckError(ValueError):
    """Its message is the text in the language active where it was raised."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))


def _declares_encryption(data: bytes) -> bool:
    """An /Encrypt entry anywhere: the reason a parse failed is then most likely the encryption."""
    return b"/Encrypt" in data


def pdf_check(data: bytes) -> int:
    """Return the page count of a readable PDF; raise PdfCheckError with a plain message."""
    if not data:
        raise PdfCheckError(EMPTY)
    if not data[:1024].lstrip().startswith(b"%PDF-"):
        raise PdfCheckError(NOT_PDF)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise PdfCheckError(ENCRYPTED)
        pages = len(reader.pages)
    except PdfCheckError:
        raise
    except Exception as exc:  # untrusted input: any failure of the parser is "unreadable"
        logger.info("PDF refused: %s", type(exc).__name__)
        raise PdfCheckError(ENCRYPTED if _declares_encryption(data) else UNREADABLE) from exc
    if pages < 1:
        raise PdfCheckError(NO_PAGES)
    if pages > PDF_MAX_PAGES:
        raise PdfCheckError(TOO_MANY_PAGES)
    return pages
