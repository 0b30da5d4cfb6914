"""Believable Flemish demo data, made through the services (so it obeys every rule).

Dates are relative to the day of loading, so the dossiers are in every state whenever the demo
runs: draft, incomplete, complete, overdue, approved (one only partly: LDE expertise not shown),
rejected, declared inadmissible, withdrawn; mandates active, close to expiry, expired, and a
renewal that starts the day after its predecessor (R3 bis).
Loading twice changes nothing: each organisation is keyed by its enterprise number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.db import transaction

from doorstroom.accounts.models import Role, User
from doorstroom.accounts.services import user_create
from doorstroom.common.identifiers import enterprise_number_for
from doorstroom.esf import services as esf
from doorstroom.esf.models import Call
from doorstroom.mandates import services as mandates
from doorstroom.mandates.models import MandateApplication
from doorstroom.organisations import services as organisations
from doorstroom.organisations.models import Organisation
from doorstroom.places.models import Municipality
from doorstroom.rules.codes import CONDITIONS
from doorstroom.rules.params import parameter_value

DEMO_PASSWORD = "doorstroom-demo"  # noqa: S105 # nosec B105 # demo only, printed by demo_load


@dataclass(frozen=True)
class DemoOrg:
    base: int  # the first eight digits; the check digits are computed
    name: str
    postal_code: str
    street: str
    story: str  # which state its dossier is in


ORGS = [
    DemoOrg(4_031_707, "Jobkracht Antwerpen vzw", "2000", "Meir 12", "approved"),
    DemoOrg(4_112_233, "Werkpunt Kempen vzw", "2300", "Grote Markt 3", "close_to_expiry"),
    DemoOrg(4_223_344, "Stapsteen Mechelen vzw", "2800", "Bruul 45", "complete"),
    DemoOrg(4_334_455, "Trajectwerk Gent vzw", "9000", "Korenmarkt 8", "approved"),
    DemoOrg(4_445_566, "De Brug Aalst vzw", "9300", "Grote Markt 21", "incomplete"),
    DemoOrg(4_556_677, "Waasland Werkt vzw", "9100", "Stationsstraat 5", "overdue"),
    DemoOrg(4_667_788, "Kust en Kans vzw", "8400", "Kapellestraat 10", "rejected"),
    DemoOrg(4_778_899, "Brugse Doorstroom vzw", "8000", "Steenstraat 30", "approved"),
    DemoOrg(4_889_900, "Zuidwest Aan de Slag vzw", "8500", "Grote Markt 54", "expired"),
    DemoOrg(4_990_011, "Mandel Werkt vzw", "8800", "Ooststraat 19", "draft"),
    DemoOrg(5_101_122, "Leuvense Werkwinkel vzw", "3000", "Bondgenotenlaan 70", "approved"),
    DemoOrg(5_212_233, "Rand Werkt vzw", "1800", "Leuvensestraat 2", "complete"),
    DemoOrg(5_323_344, "Pajot Perspectief vzw", "1500", "Basiliekstraat 11", "no_recognition"),
    DemoOrg(5_434_455, "Limburg Loopbaan vzw", "3500", "Kapelstraat 14", "approved"),
    DemoOrg(5_545_566, "Genk Groeit vzw", "3600", "Stadsplein 1", "incomplete_paper"),
    DemoOrg(5_656_677, "Dender Doorstroom vzw", "9200", "Grote Markt 1", "withdrawn"),
    DemoOrg(5_767_788, "Meetjesland Aan Het Werk vzw", "9900", "Markt 7", "partial"),
    DemoOrg(5_878_899, "Hasselt Herstart vzw", "3500", "Havermarkt 9", "renewal"),
]


@dataclass
class DemoReport:
    organisations_created: int = 0
    users_created: int = 0
    employees_created: int = 0


def _signatories(name: str) -> list[mandates.SignatoryInput]:
    return [
        mandates.SignatoryInput(name=f"An {name.split()[0]}", function="voorzitter"),
        mandates.SignatoryInput(name=f"Bart {name.split()[0]}s", function="directeur"),
    ]


def _all_met(motivation: str) -> dict[str, dict[str, object]]:
    return {c: {"met": True, "motivation": motivation} for c in CONDITIONS}


def _start(story: str, today: date) -> date:
    """The day the story's mandate starts: long ago for an expired one, recently otherwise."""
    years = int(parameter_value("mandate_validity_years", today))
    if story == "expired":
        return today - relativedelta(years=years, months=2)
    if story == "close_to_expiry":
        return today - relativedelta(years=years) + relativedelta(days=75)
    if story == "renewal":
        return today - relativedelta(years=years) + relativedelta(days=30)
    return today - relativedelta(years=2)


def _organisation_facts(org: Organisation, spec: DemoOrg, start: date, today: date) -> None:
    """Recognition, a site and the local network of the site's municipality."""
    story = spec.story
    recognition_from = start - relativedelta(months=6)
    if story == "draft":  # a recognition that starts next month: still preparing its dossier
        recognition_from = today + relativedelta(months=1)
    if story != "no_recognition":
        organisations.recognition_create(
            organisation=org,
            label_number=f"DWSE-L-{spec.base % 10000:04d}",
            registration_number=f"DWSE-R-{spec.base % 100000:05d}",
            valid_from=recognition_from,
            valid_until=None if story != "expired" else today - relativedelta(months=1),
        )
    site_municipality = Municipality.objects.filter(postal_codes__code=spec.postal_code).first()
    organisations.site_create(
        organisation=org,
        name=f"Hoofdzetel {org.name}",
        postal_code=spec.postal_code,
        street=spec.street,
    )
    if site_municipality is not None:
        organisations.local_network_set(
            organisation=org, municipalities=[site_municipality.nis_code]
        )


def _story(org: Organisation, spec: DemoOrg, today: date) -> None:
    """Take one organisation's dossier to the state its story names."""
    story = spec.story
    start = _start(story, today)
    _organisation_facts(org, spec, start, today)
    signatories = _signatories(spec.name)
    application = mandates.application_create(
        organisation=org,
        kind="new",
        frameworks=["maatwerk"] if spec.base % 2 and story != "partial" else ["maatwerk", "lde"],
        signatories=signatories,
    )
    if story == "draft":
        _created_on(application, today - timedelta(days=10))
        return
    names = [s.name for s in signatories]
    received = {
        "overdue": today - relativedelta(months=3),
        "complete": today - timedelta(days=20),
        "withdrawn": today - timedelta(days=50),
    }.get(story, start - relativedelta(months=1))
    _created_on(application, received - timedelta(days=21))
    subject = parameter_value("email_subject", received)
    if story == "incomplete":
        mandates.receipt_register(
            application=application,
            channel="email",
            received_on=received,
            subject="aanvraag mandaat",
            eid_signed_by=names[:1],
            today=today,
        )
        return
    mandates.receipt_register(
        application=application,
        channel="email",
        received_on=received,
        subject=subject,
        eid_signed_by=names if story != "incomplete_paper" else names[:1],
        today=today,
    )
    if story == "incomplete_paper":
        return
    if story in {"complete", "overdue"} or spec.base % 3 == 0:
        mandates.receipt_register(
            application=application,
            channel="registered_letter",
            received_on=received + timedelta(days=2),
            tracking_number=f"RR{spec.base}BE",
            today=today,
        )
    if story == "no_recognition":  # R1 blocks: declared inadmissible (R15), no dead end
        mandates.application_declare_inadmissible(
            application=application,
            decided_on=received + timedelta(days=30),
            motivation="De organisatie had bij ontvangst geen erkenning van DWSE en de "
            "overgangsregeling voor huidige deelnemers was afgelopen.",
            today=today,
        )
        return
    if story == "withdrawn":
        mandates.application_withdraw(
            application=application,
            withdrawn_on=received + timedelta(days=14),
            reason_text="De organisatie stopt met de begeleiding van doelgroepwerknemers.",
            today=today,
        )
        return
    if story not in {"complete", "overdue"}:
        _decide(application, story, start, today)
    if story == "renewal":
        _renew(org, names, today)


def _created_on(application: MandateApplication, day: date) -> None:
    """The story's day of creation, not the day the demo was loaded (the pages show it)."""
    MandateApplication.objects.filter(pk=application.pk).update(
        created_at=datetime.combine(day, time(9), tzinfo=UTC)
    )


def _renew(org: Organisation, names: list[str], today: date) -> None:
    """A renewal decided while the mandate still runs: it starts the day after (R3 bis)."""
    mandate = org.mandates.get()
    renewal = mandates.application_create(
        organisation=org,
        kind="renewal",
        renews=mandate,
        frameworks=mandate.framework_list,
        signatories=[mandates.SignatoryInput(name=n) for n in names],
    )
    received = today - timedelta(days=40)
    _created_on(renewal, received - timedelta(days=21))
    mandates.receipt_register(
        application=renewal,
        channel="email",
        received_on=received,
        subject=parameter_value("email_subject", received),
        eid_signed_by=names,
        today=today,
    )
    mandates.decision_create(
        application=renewal,
        decided_on=today - timedelta(days=5),
        starts_on=None,  # computed: the day after the running mandate's last day
        conditions=_all_met("Opnieuw aangetoond met de resultaten van de voorbije periode."),
        today=today,
    )


def _decide(application: MandateApplication, story: str, start: date, today: date) -> None:
    conditions = _all_met("Aangetoond in het dossier met concrete cijfers en werkwijze.")
    if story == "partial":  # R13: expertise per framework, only maatwerk shown
        conditions["expertise"] = {
            "maatwerk": {"met": True, "motivation": "Ruime ervaring met maatwerkbedrijven."},
            "lde": {
                "met": False,
                "motivation": "Geen ervaring met werkzoekenden met een grote afstand tot de "
                "arbeidsmarkt aangetoond.",
            },
        }
    if story == "rejected":
        conditions["results"] = {
            "met": False,
            "motivation": "Geen aantoonbare resultaten van inschakeling in het normaal "
            "economisch circuit.",
        }
    mandates.decision_create(
        application=application,
        decided_on=start,
        starts_on=start,
        conditions=conditions,
        today=today,
    )


def _users(report: DemoReport, first_org: Organisation) -> None:
    demo_users = [
        ("aanvrager", Role.APPLICANT, first_org.pk),
        ("beoordelaar", Role.REVIEWER, None),
        ("trajectbegeleider", Role.CONSULTANT, None),
        ("esf", Role.ESF_OFFICER, None),
        ("beheerder", Role.ADMIN, None),
    ]
    for username, role, organisation_id in demo_users:
        if User.objects.filter(username=username).exists():
            continue
        user_create(
            username=username,
            role=role,
            organisation_id=organisation_id,
            password=DEMO_PASSWORD,
            validate=False,
        )
        report.users_created += 1


def _esf(today: date) -> None:
    if Call.objects.filter(code="ESF-432").exists():
        return
    call = esf.call_create(
        code="ESF-432",
        title="Doorstroombegeleiding uit maatwerk en LDE",
        opens_on=today - relativedelta(months=24),
        closes_on=today + relativedelta(months=2),
    )
    for org in Organisation.objects.filter(mandates__isnull=False).distinct().order_by("id"):
        project = esf.project_create(
            organisation=org, call=call, submitted_on=today - relativedelta(months=23)
        )
        decided = today - relativedelta(months=22)
        mandate = org.mandates.order_by("-valid_until").first()
        if mandate and mandate.valid_from <= decided <= mandate.valid_until:
            esf.project_decide(
                project=project,
                approved=True,
                decided_on=decided,
                starts_on=decided,
                ends_on=today + relativedelta(years=2),
            )
    pending = Organisation.objects.filter(applications__status="complete").first()
    if pending is not None:  # R2: a proposal may wait for the mandate
        esf.project_create(organisation=pending, call=call, submitted_on=today - timedelta(days=10))


@transaction.atomic
def demo_load(*, today: date) -> DemoReport:
    report = DemoReport()
    for spec in ORGS:
        number = enterprise_number_for(spec.base)
        if Organisation.objects.filter(enterprise_number=number).exists():
            continue
        org = organisations.organisation_create(
            enterprise_number=number,
            name=spec.name,
            postal_code=spec.postal_code,
            street=spec.street,
            email=f"info@{spec.name.split()[0].lower()}.be",
            current_participant=spec.story == "no_recognition",
            current_participant_motivation=(
                "Nam deel aan doorstroombegeleiding sinds 2016."
                if spec.story == "no_recognition"
                else ""
            ),
        )
        _story(org, spec, today)
        report.organisations_created += 1
    first = Organisation.objects.get(enterprise_number=enterprise_number_for(ORGS[0].base))
    _users(report, first)
    _esf(today)
    from doorstroom.operations.demo_transition import demo_transition_load

    transition = demo_transition_load(today=today)
    report.employees_created = transition.employees
    return report


def demo_logins() -> list[tuple[str, str]]:
    return [
        (u.username, u.role)
        for u in User.objects.filter(
            username__in=["aanvrager", "beoordelaar", "trajectbegeleider", "esf", "beheerder"]
        ).order_by("id")
    ]
