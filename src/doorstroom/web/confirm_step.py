"""A "Controleer en bevestig" step before an irreversible write (a project decision, a
trajectory's start, its outcome): the first POST checks the form and runs the service in a
transaction that is rolled back (so every refusal shows on the form, before anything is
written), then shows what will be saved and its consequences; the second POST, with
``confirmed=1`` and the signed token of the data shown, writes.

The token is the submitted form data signed for one purpose (the action and its record),
so a confirmation can never write other data than the data it showed, nor on another record.
The lead may merge this with the mandate decision's confirm module (same shape).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms
from django.core import signing
from django.db import transaction
from django.http import HttpRequest, QueryDict
from django.utils import formats
from django.utils.translation import gettext as _

SALT = "doorstroom.web.confirm_step"
#: A confirmation page older than this is checked again (the token no longer verifies).
MAX_AGE_SECONDS = 60 * 60
#: Fields of the confirmation form itself, never part of the data confirmed.
_OWN_FIELDS = ("csrfmiddlewaretoken", "confirmed", "confirm_token", "edit")


@dataclass(frozen=True)
class Step:
    """Where a request is in the step: ``data`` is the form's data (None on a GET)."""

    data: QueryDict | None
    confirmed: bool = False
    editing: bool = False
    expired: bool = False

    @property
    def checking(self) -> bool:
        """A first POST: check (dry run) and show the confirmation, nothing written."""
        return self.data is not None and not self.confirmed and not self.editing


@dataclass(frozen=True)
class Confirmation:
    """What the confirmation page shows: the data as rows, the consequences, the token."""

    token: str
    rows: list[tuple[str, str]]
    warnings: list[str] = field(default_factory=list)


class _DryRun(Exception):
    """Raised inside the dry run's transaction to roll it back."""


def _sign(purpose: str, data: Mapping[str, Any]) -> str:
    def values(key: str) -> list[Any]:
        return data.getlist(key) if isinstance(data, QueryDict) else [data[key]]

    lists = {k: values(k) for k in data if k not in _OWN_FIELDS}
    return signing.dumps({"purpose": purpose, "data": lists}, salt=SALT, compress=True)


def step(request: HttpRequest, purpose: str) -> Step:
    """The form data of this request: the POST itself, or (on ``confirmed=1`` or ``edit``)
    the data of the signed token; a token that does not verify starts over from the POST."""
    if request.method != "POST":
        return Step(data=None)
    token = request.POST.get("confirm_token")
    if not token:
        return Step(data=request.POST)
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return Step(data=None, expired=True)
    if not isinstance(payload, dict) or payload.get("purpose") != purpose:
        return Step(data=None, expired=True)
    data = QueryDict(mutable=True)
    for key, values in payload["data"].items():
        data.setlist(key, [str(v) for v in values])
    return Step(
        data=data,
        confirmed=request.POST.get("confirmed") == "1",
        editing=request.POST.get("edit") == "1",
    )


def dry_run(write: Callable[[], object]) -> None:
    """Run ``write`` and roll everything back: a DomainError it raises comes through."""
    try:
        with transaction.atomic():
            write()
            raise _DryRun
    except _DryRun:
        pass


def _shown(value: Any, bound: forms.BoundField) -> str:
    if value in (None, "", [], ()):
        return ""
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, date):
        return str(formats.date_format(value, "j F Y"))
    choices = dict(getattr(bound.field, "choices", ()) or ())
    if choices:
        return str(choices.get(value, choices.get(str(value), value)))
    return str(formats.localize(value))


def rows(
    form: forms.Form, shown_as: Mapping[str, Callable[[Any], str]] | None = None
) -> list[tuple[str, str]]:
    """The valid form's filled-in fields as (label, value shown), in the form's order;
    ``shown_as`` writes a field's value its own way (an enterprise number as 0403.170.701)."""
    shown = []
    for bound in form.visible_fields():
        value = form.cleaned_data.get(bound.name)
        own = (shown_as or {}).get(bound.name)
        text = own(value) if own and value else _shown(value, bound)
        if text:
            shown.append((str(bound.label), text))
    return shown


def confirmation(
    purpose: str,
    form: forms.Form,
    warnings: list[str],
    shown_as: Mapping[str, Callable[[Any], str]] | None = None,
) -> Confirmation:
    """What to show before the write, for a form whose data passed the dry run."""
    return Confirmation(
        token=_sign(purpose, form.data), rows=rows(form, shown_as), warnings=list(warnings)
    )


def expired_message() -> str:
    return _("De bevestiging is verlopen of ongeldig. Vul het formulier opnieuw in.")
