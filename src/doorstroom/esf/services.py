"""Every write on ESF calls, project proposals and project decisions."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext

from doorstroom.accounts.models import User
from doorstroom.common import clock
from doorstroom.common.errors import InvalidInput, RuleViolation, StateConflict
from doorstroom.esf.models import Call, Project, ProjectDecision, ProjectStatus
from doorstroom.mandates.models import Mandate
from doorstroom.organisations.models import Organisation
from doorstroom.organisations.partner_facts import stamp_bump
from doorstroom.rules import esf as rules


def _call_checked(code: str, opens_on: date, closes_on: date, *, others: QuerySet[Call]) -> str:
    """The code, stripped, once the period is ordered and no other call has the code."""
    if closes_on < opens_on:
        raise InvalidInput("closes_on", "De oproep kan niet sluiten vóór hij opent.")
    code = code.strip()
    if others.filter(code=code).exists():
        raise StateConflict(
            f"Er bestaat al een oproep met code {code}.",
            errors={"code": ["Deze code is al in gebruik."]},
        )
    return code


@transaction.atomic
def call_create(*, code: str, title: str, opens_on: date, closes_on: date) -> Call:
    code = _call_checked(code, opens_on, closes_on, others=Call.objects.all())
    return Call.objects.create(
        code=code, title=title.strip(), opens_on=opens_on, closes_on=closes_on
    )


@transaction.atomic
def call_update(*, call: Call, code: str, title: str, opens_on: date, closes_on: date) -> Call:
    """Correct a call's code, title or period, with the same checks as when it was created."""
    code = _call_checked(code, opens_on, closes_on, others=Call.objects.exclude(pk=call.pk))
    call = Call.objects.select_for_update().get(pk=call.pk)
    call.code, call.title = code, title.strip()
    call.opens_on, call.closes_on = opens_on, closes_on
    call.save()
    return call


@transaction.atomic
def project_create(*, organisation: Organisation, call: Call, submitted_on: date) -> Project:
    """Record a proposal; allowed while the mandate application is still pending (R2)."""
    if submitted_on > clock.today():
        raise InvalidInput("submitted_on", "De indieningsdatum mag niet in de toekomst liggen.")
    project = Project.objects.create(
        organisation=organisation, call=call, submitted_on=submitted_on
    )
    stamp_bump()  # the ranking lists every project (R4), decided or not
    return project


def _decision_dates_check(
    project: Project,
    approved: bool,
    decided_on: date,
    starts_on: date | None,
    ends_on: date | None,
) -> None:
    """Every wrong date of a project decision at once (one InvalidInput, a message per field)."""
    errors: dict[str, list[str]] = {}
    if decided_on > clock.today():
        errors["decided_on"] = [gettext("De beslissingsdatum mag niet in de toekomst liggen.")]
    elif decided_on < project.submitted_on:
        errors["decided_on"] = [gettext("De beslissing kan niet vóór de indiening vallen.")]
    if approved and starts_on is None:
        errors["starts_on"] = [
            gettext("Vul de begindatum in: een goedgekeurd project heeft een begin- en einddatum.")
        ]
    if approved and ends_on is None:
        errors["ends_on"] = [
            gettext("Vul de einddatum in: een goedgekeurd project heeft een begin- en einddatum.")
        ]
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = [
            gettext("De einddatum van het project mag niet vóór de begindatum liggen.")
        ]
    if errors:
        raise InvalidInput.many(errors)


@transaction.atomic
def project_decide(
    *,
    project: Project,
    approved: bool,
    decided_on: date,
    starts_on: date | None,
    ends_on: date | None,
    decided_by: User | None = None,
) -> ProjectDecision:
    """Approve or reject a proposal; approval needs a mandate active on the decision date (R2).

    The dates are checked together: one InvalidInput names every field that is wrong, each
    message in the request's language (the pages put each on its field)."""
    _decision_dates_check(project, approved, decided_on, starts_on, ends_on)
    project = Project.objects.select_for_update().get(pk=project.pk)
    if ProjectDecision.objects.filter(project=project).exists():
        raise StateConflict("Over dit project is al beslist.")
    trace = {}
    if approved:
        mandates = [
            rules.MandateFact(
                valid_from=m.valid_from,
                valid_until=m.valid_until,
                frameworks=frozenset(m.framework_list),
            )
            for m in Mandate.objects.filter(organisation_id=project.organisation_id)
        ]
        outcome = rules.project_approval(decided_on=decided_on, mandates=mandates)
        if not outcome.allowed:
            raise RuleViolation(
                "ESF Vlaanderen keurt geen project goed zonder goedgekeurd mandaat.",
                reasons=outcome.blocking_reasons,
            )
        trace = outcome.as_trace()
    try:
        with transaction.atomic():
            decision = ProjectDecision.objects.create(
                project=project,
                approved=approved,
                decided_on=decided_on,
                starts_on=starts_on,
                ends_on=ends_on,
                trace=trace,
                decided_by=decided_by,
            )
    except IntegrityError as exc:
        raise StateConflict("Over dit project is al beslist.") from exc
    project.status = ProjectStatus.APPROVED if approved else ProjectStatus.REJECTED
    project.save(update_fields=["status", "updated_at"])
    stamp_bump()  # R4 needs an approved project running on the day
    return decision
