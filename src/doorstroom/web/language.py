"""The language of the pages: Dutch, unless the user chose English with the switch; and the
one place that says whether a page is English and which label of a stable code it shows.

Dutch is the administrative language of the procedure, so the browser's `Accept-Language`
alone never turns the pages English (a headless browser or an English-language laptop would
otherwise get English everywhere). Only the choice made with the switch in the header counts:
Django's `set_language` view stores it in the language cookie (LANGUAGE_COOKIE_AGE: one year,
so it is remembered across sessions). Without that cookie the pages use LANGUAGE_CODE (nl-be).

The API under /api/ keeps Django's own negotiation (cookie, then `Accept-Language`), unchanged:
its domain messages carry both languages anyway (message_nl / message_en).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import get_language


def chosen_language(request: HttpRequest) -> str:
    """The language chosen with the switch (the cookie), else the administrative language."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if code:
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            pass
    return str(settings.LANGUAGE_CODE)


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


class ChosenLanguageMiddleware(LocaleMiddleware):
    """LocaleMiddleware for the API; the chosen language (never Accept-Language) for pages."""

    def process_request(self, request: HttpRequest) -> None:
        if is_api(request):
            super().process_request(request)
            return
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if is_api(request):
            return super().process_response(request, response)
        # Pages do not vary by Accept-Language; only the language cookie decides.
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def is_english() -> bool:
    """Whether the current request is answered in English (otherwise Dutch)."""
    return (get_language() or "").startswith("en")


def language() -> str:
    """``"en"`` or ``"nl"``: the language a rule reason's message is taken in."""
    return "en" if is_english() else "nl"


def code_label(code: str, nl: Mapping[str, str], en: Mapping[str, str]) -> str:
    """The label of a stable code in the current language; the code itself if unknown."""
    return (en if is_english() else nl).get(code, code)
