"""The "Controleer en bevestig" step before an irreversible write (see docs/pages.md).

The one way the pages do this (a mandate decision, an ESF project decision, a trajectory's
start and its outcome, removing evidence). A form that writes something that cannot be undone
posts twice:

1. the form posts with its own submit (``action`` absent or any value other than the ones
   below: the CHECK step): the view validates the form and, when it is valid, checks the write
   without doing it and renders the confirmation instead. That shows the warnings first (the
   rules' informative reasons, e.g. "geen bewijsstuk opgeladen voor …", and plain sentences on
   what the write sets in motion), then a summary of what will be written, and a form that
   carries the submitted values in hidden fields;
2. that form posts the same values again with ``action=confirm`` (CONFIRM): now the view
   validates again and writes. ``action=edit`` (EDIT) brings the user back to the form with
   the values kept. A GET is FORM.

How the write is checked on CHECK, in this order of preference:

* a read-only check of the service where one exists (``mandates.services.decision_check``
  gives R13's warnings and the outcome without writing);
* else ``dry_run(write)``: the service runs inside a transaction that is rolled back, so
  every refusal (a DomainError) shows on the form before anything is confirmed. Only for a
  service whose effects all live in the database: nothing written to files (letters,
  evidence), nothing queued or sent (the outbox), no process cache filled. Checked for
  ``esf.services.project_decide``, ``trajectories.services.trajectory_start`` and
  ``trajectories.services.outcome_record`` (rows, ``stamp_bump`` and the partner experience
  counts only); check again before using it for another service.

Why the values are posted again and not a signed token of them (an earlier variant, merged
into this module): it is as safe and simpler. The CONFIRM post is validated and the service
checks everything again under its lock, so a hand-made or altered confirm post gets no further
than posting the form with those values directly; a signed token only proved that the values
had passed the confirmation page, which anyone can make the server show first. Hidden fields
need no secret, no purpose per record and no expiry (a confirmation read for over an hour still
works, no "expired" page to explain), and "Wijzigen" simply binds the form to what came back.

The view keeps its own form and service; this module gives the shared pieces::

    from doorstroom.web import confirm

    step = confirm.step(request)
    form = ThingForm(request.POST if step != confirm.FORM else None)
    if step in (confirm.CHECK, confirm.CONFIRM) and form.is_valid():
        if step == confirm.CHECK:
            confirm.dry_run(write)          # or a read-only check
            return render(request, "role/thing.html", {
                "confirmation": confirm.Confirmation(
                    title=_("Controleer en bevestig"),
                    rows=confirm.rows(form),   # or own (label, value) rows
                    warnings=[...], reasons=[...],
                    submit=_("Beslissing bevestigen"),
                    fields=confirm.carried(request.POST),
                    cancel_url=reverse("role:thing", args=[pk]),
                ),
            })
        write()

and the page template includes ``web/components/confirm.html`` (in place of the form, or on
a small page of its own).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms
from django.db import transaction
from django.http import HttpRequest, QueryDict
from django.utils import formats
from django.utils.translation import gettext as _

#: The button that writes.
CONFIRM = "confirm"
#: Back to the form, with the values kept.
EDIT = "edit"
#: The form's own submit: validate and show the confirmation.
CHECK = "check"
#: Not a submission (a GET).
FORM = "form"

#: Posted fields that are not the form's values: never carried to the confirmation.
NOT_CARRIED = frozenset({"csrfmiddlewaretoken", "action"})


@dataclass(frozen=True)
class Confirmation:
    """What the confirmation page shows: warnings first, then the summary, then the buttons.

    ``reasons`` are rule reasons (shown with their rule id through
    ``web/components/reasons.html``); ``warnings`` are plain sentences for what no rule
    names. ``rows`` are (label, value) pairs of the summary; ``fields`` the (name, value)
    pairs posted again as hidden inputs.
    """

    title: str
    rows: Sequence[tuple[str, Any]]
    submit: str
    fields: Sequence[tuple[str, str]]
    cancel_url: str
    reasons: Sequence[Any] = ()
    warnings: Sequence[str] = field(default_factory=tuple)
    intro: str = ""
    #: Show "Wijzigen" (back to the form with the values kept); False when there is no form.
    editable: bool = True

    @property
    def has_warnings(self) -> bool:
        return bool(self.reasons or self.warnings)


def step(request: HttpRequest) -> str:
    """Which step a request is: FORM (a GET), CHECK, CONFIRM or EDIT, from ``action``."""
    if request.method != "POST":
        return FORM
    action = request.POST.get("action", "")
    return action if action in (CONFIRM, EDIT) else CHECK


def carried(data: QueryDict) -> list[tuple[str, str]]:
    """The submitted values to post again (every value of a multi-valued field)."""
    return [
        (name, value) for name in data if name not in NOT_CARRIED for value in data.getlist(name)
    ]


class _DryRun(Exception):
    """Raised inside the dry run's transaction to roll it back."""


def dry_run(write: Callable[[], object]) -> None:
    """Run ``write`` and roll everything back; a DomainError it raises comes through.

    Only for a service whose effects are all in the database (see the module docstring)."""
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
    """The valid form's filled-in fields as (label, value shown), in the form's order, for
    ``Confirmation.rows``; ``shown_as`` writes a field's value its own way (an enterprise
    number as 0403.170.701)."""
    shown = []
    for bound in form.visible_fields():
        value = form.cleaned_data.get(bound.name)
        own = (shown_as or {}).get(bound.name)
        text = own(value) if own and value else _shown(value, bound)
        if text:
            shown.append((str(bound.label), text))
    return shown
