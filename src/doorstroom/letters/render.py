"""Lay a letter's snapshot out as an A4 PDF with WeasyPrint (Django templates, print CSS).

Templates: `templates/letters/<kind>.html`, each extending `letters/base.html` (the header
with the department's address block, the recipient's address, date and reference, and the
signature block); the print stylesheet `letters/letter.css` is inlined, so rendering reads no
file or URL other than the templates.
"""

from __future__ import annotations

from django.template.loader import render_to_string

from doorstroom.letters.models import Letter


def letter_html(letter: Letter) -> str:
    return render_to_string(f"letters/{letter.kind}.html", {"letter": letter, "c": letter.content})


def letter_pdf(letter: Letter) -> bytes:
    """The PDF bytes of one letter (about 0.1–0.5 s: WeasyPrint lays out the page)."""
    from weasyprint import HTML  # imported here: loading Pango costs time at start-up

    return bytes(HTML(string=letter_html(letter)).write_pdf())
