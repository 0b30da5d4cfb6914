"""What the role pages need from the letters: table rows and the download response."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from doorstroom.accounts.models import User
from doorstroom.common.errors import DomainError
from doorstroom.letters import selectors, services
from doorstroom.letters.api import letter_response
from doorstroom.letters.models import Letter


def letter_rows(
    user: User, application_id: int, url: Callable[[Letter], str]
) -> list[dict[str, Any]]:
    return [
        {
            "label": letter.get_kind_display(),
            "letter_date": letter.letter_date,
            "sha256": letter.sha256,
            "url": url(letter),
        }
        for letter in selectors.letters_of_application(user, application_id)
    ]


def letter_download(
    request: HttpRequest, user: User, application_id: int, letter_id: int, back: str
) -> HttpResponse:
    """The PDF (scoped like the application: 404 otherwise); a failed check goes back to
    the dossier with the reason as an error banner."""
    letter = get_object_or_404(selectors.letters_of_application(user, application_id), pk=letter_id)
    try:
        data = services.letter_file(letter=letter)
    except DomainError as exc:
        messages.error(request, exc.detail)
        return redirect(back)
    letter.refresh_from_db(fields=["sha256"])
    return letter_response(letter, data)
