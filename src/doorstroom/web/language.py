"""The language of the page: one place that says whether a page is English and which labels
of a stable code (``rules.codes``) it shows. Pages are Dutch first; English via the catalogs."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import get_language


def is_english() -> bool:
    """Whether the current request is answered in English (otherwise Dutch)."""
    return (get_language() or "").startswith("en")


def language() -> str:
    """``"en"`` or ``"nl"``: the language a rule reason's message is taken in."""
    return "en" if is_english() else "nl"


def code_label(code: str, nl: Mapping[str, str], en: Mapping[str, str]) -> str:
    """The label of a stable code in the current language; the code itself if unknown."""
    return (en if is_english() else nl).get(code, code)
