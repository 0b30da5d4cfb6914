"""The "Controleer en bevestig" step before an irreversible write (see docs/pages.md).

A form that writes something that cannot be undone (a decision, an outcome) posts twice:

1. the form posts with ``action=check`` (any action other than the ones below): the view
   validates the form and, when it is valid, renders a confirmation page instead of writing.
   That page shows the warnings first (the rules' informative reasons, e.g. "geen bewijsstuk
   opgeladen voor …"), then a summary of what will be written, and a form that carries the
   submitted values in hidden fields;
2. that form posts the same values again with ``action=confirm``: now the view writes (the
   service checks everything again, so a hand-made confirm post gets no further than a normal
   one). ``action=edit`` brings the user back to the form with the values kept.

The view keeps its own form and service; this module only gives the shared pieces::

    from doorstroom.web import confirm

    step = confirm.step(request)
    if step == confirm.CHECK and form.is_valid():
        return render(request, "role/thing_confirm.html", {
            "confirmation": confirm.Confirmation(
                title=_("Controleer en bevestig de beslissing"),
                rows=[(_("Beslist op"), day)],
                reasons=grant.outcome.reasons,
                submit=_("Beslissing definitief registreren"),
                fields=confirm.carried(request.POST),
                cancel_url=reverse("role:thing", args=[pk]),
            ),
        })
    if step == confirm.CONFIRM and form.is_valid():
        service(...)

and the page template includes ``web/components/confirm.html``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, QueryDict

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
