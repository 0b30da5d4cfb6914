"""The reviewer's intake pages: messages that could not be matched, and attaching one by hand.

The e-mail intake (R14) keeps every message; what it could not match to an application (or
could not read) waits here. Reads go through intake.selectors, the attachment through
intake.services.email_attach, which registers the e-mail receipt and the evidence through the
mandate services: the rules are never repeated here.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from doorstroom.common.errors import DomainError
from doorstroom.intake import selectors
from doorstroom.intake.models import IncomingEmail, IntakeStatus
from doorstroom.intake.services import email_attach
from doorstroom.mandates import selectors as mandate_selectors
from doorstroom.mandates.models import CLOSED_STATUSES, MandateApplication
from doorstroom.web.paging import page_of
from doorstroom.web.permissions import page_user, role_required
from doorstroom.web.reviewer.forms import AttachEmailForm

PAGE_SIZE = 25
#: The select lists the most recent open applications; older ones are found by reference.
CHOICES_LIMIT = 200


@role_required("reviewer")
@require_GET
def intake_queue(request: HttpRequest) -> HttpResponse:
    """Unmatched and malformed messages, newest first (session, user, count, rows)."""
    user = page_user(request)
    queryset = selectors.incoming_email_queue_for_user(user)
    page = page_of(request, queryset, per_page=PAGE_SIZE)
    rows = [
        {
            "email": email,
            "reason": (email.reason or "").splitlines()[0] if email.reason else "",
            "attachments": len(email.attachments or []),
        }
        for email in page.object_list
    ]
    return render(request, "reviewer/intake_queue.html", {"rows": rows, "page_obj": page})


def _open_applications(request: HttpRequest) -> list[tuple[int, str]]:
    undecided = (
        mandate_selectors.application_list_for_user(page_user(request))
        .exclude(status__in=CLOSED_STATUSES)
        .order_by("-id")[:CHOICES_LIMIT]
    )
    return [(a.pk, f"{a.reference} · {a.organisation.name}") for a in undecided]


def _attach(
    request: HttpRequest, email: IncomingEmail, form: AttachEmailForm
) -> tuple[MandateApplication | None, int]:
    """Attach through the service; every refusal becomes a form error, never a 500."""
    user = page_user(request)
    application_id = form.cleaned_data["application_id"]
    application = (
        mandate_selectors.application_list_for_user(user).filter(pk=application_id).first()
    )
    if application is None:
        form.add_error(
            "reference" if form.cleaned_data.get("reference") else "application",
            _("Er is geen aanvraag met dossiernummer MDB-%(number)06d.")
            % {"number": application_id},
        )
        return None, 400
    if application.decided:
        form.add_error(
            None,
            _(
                "Over aanvraag %(reference)s is al beslist: er kan geen e-mail meer aan gekoppeld "
                "worden."
            )
            % {"reference": application.reference},
        )
        return None, 409
    try:
        email_attach(email=email, application=application, user=user)
    except DomainError as exc:
        form.add_error(None, exc.detail)
        return None, exc.status
    return application, 200


@role_required("reviewer")
@require_http_methods(["GET", "POST"])
def intake_email(request: HttpRequest, pk: int) -> HttpResponse:
    """One message: headers, text, attachments; attach an unmatched one to an application."""
    user = page_user(request)
    email = get_object_or_404(selectors.incoming_email_list_for_user(user), pk=pk)
    can_attach = email.status == IntakeStatus.UNMATCHED
    status = 200
    form = None
    if can_attach or request.method == "POST":
        applications = _open_applications(request)
        form = AttachEmailForm(
            request.POST if request.method == "POST" else None, applications=applications
        )
    if request.method == "POST" and form is not None:
        if not can_attach:
            form.is_valid()
            form.add_error(
                None,
                _("Dit bericht is al gekoppeld of onleesbaar: het kan niet meer gekoppeld worden."),
            )
            status = 409
        elif form.is_valid():
            application, status = _attach(request, email, form)
            if application is not None:
                messages.success(
                    request,
                    _(
                        "Het bericht is gekoppeld aan %(reference)s: de ontvangst van de e-mail "
                        "is geregistreerd."
                    )
                    % {"reference": application.reference},
                )
                return redirect("reviewer:application", pk=application.pk)
        else:
            status = 400
    return render(
        request,
        "reviewer/intake_email.html",
        {
            "email": email,
            "view": selectors.incoming_email_view(email),
            "form": form if can_attach or request.method == "POST" else None,
            "can_attach": can_attach,
        },
        status=status,
    )
