"""One function per sheet: a row of the register through the services, as the API would do it.

Each returns ``"created"`` or ``"present"`` (the row's natural key is already in doorstroom, so
a second run adds nothing) or raises :class:`RowRejected` with every reason, in Dutch. Dates of
the past are evaluated as on their own day (``today=`` the event's date): a historical mandate
is checked against the rules as they stood when it was decided (R16).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from doorstroom.common.errors import DomainError
from doorstroom.common.identifiers import enterprise_number_compact, enterprise_number_display
from doorstroom.registers.reading import Value
from doorstroom.rules.codes import CONDITIONS
from doorstroom.rules.params import parameter

Row = Mapping[str, Value]
#: Said on every record the import makes where a service asks for a motivation.
MOTIVATION = "Overgenomen uit het register dat vóór doorstroom werd bijgehouden (import)."


class RowRejected(Exception):
    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def reasons_of(error: DomainError) -> list[str]:
    """A domain error's Dutch reasons: every rule reason, else every field error."""
    reasons = [reason.message_nl for reason in error.reasons if reason.blocking]
    if not reasons:
        reasons = [f"{field}: {m}" for field, ms in error.errors.items() for m in ms]
    return reasons or [error.detail]


# Parsing cells --------------------------------------------------------------------------------


class _Cells:
    """Reads one row's cells, collecting every problem before refusing the row."""

    def __init__(self, row: Row) -> None:
        self.row = row
        self.problems: list[str] = []

    def text(self, name: str, required: bool = True) -> str:
        value = self.row.get(name)
        if value is None:
            if required:
                self.problems.append(f"{name}: verplicht.")
            return ""
        return value.isoformat() if isinstance(value, date) else str(value)

    def date(self, name: str, required: bool = True) -> date | None:
        value = self.row.get(name)
        if value is None:
            if required:
                self.problems.append(f"{name}: verplicht.")
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.problems.append(f"{name}: geen datum (gebruik JJJJ-MM-DD).")
            return None

    def boolean(self, name: str) -> bool | None:
        value = (self.text(name, required=False) or "").strip().lower()
        if value == "":
            return None
        if value in {"ja", "j", "yes", "true", "1", "waar"}:
            return True
        if value in {"nee", "n", "no", "false", "0", "onwaar"}:
            return False
        self.problems.append(f"{name}: ja of nee.")
        return None

    def enterprise_number(self, name: str) -> str:
        value = self.text(name)
        compact = enterprise_number_compact(value) if value else None
        if value and compact is None:
            self.problems.append(f"{name}: geen geldig ondernemingsnummer.")
        return compact or ""

    def organisation(self, name: str) -> Any:
        from doorstroom.organisations.models import Organisation

        number = self.enterprise_number(name)
        if not number:
            return None
        organisation = Organisation.objects.filter(enterprise_number=number).first()
        if organisation is None:
            self.problems.append(
                f"{name}: organisatie {enterprise_number_display(number)} is niet gekend "
                "(voeg ze toe op het tabblad organisaties)."
            )
        return organisation

    def done(self) -> None:
        if self.problems:
            raise RowRejected(self.problems)


def _through_services(action: Callable[[], Any]) -> Any:
    try:
        return action()
    except DomainError as error:
        raise RowRejected(reasons_of(error)) from error


# The sheets -----------------------------------------------------------------------------------


def organisation_row(row: Row) -> str:
    from doorstroom.organisations.models import Organisation
    from doorstroom.organisations.services import organisation_create

    cells = _Cells(row)
    number = cells.enterprise_number("ondernemingsnummer")
    fields: dict[str, Any] = {
        "name": cells.text("naam"),
        "postal_code": cells.text("postcode"),
        "street": cells.text("straat", required=False),
        "email": cells.text("email", required=False),
        "current_participant": bool(cells.boolean("huidige_deelnemer")),
        "current_participant_motivation": cells.text(
            "motivering_huidige_deelnemer", required=False
        ),
    }
    cells.done()
    if Organisation.objects.filter(enterprise_number=number).exists():
        return "present"
    _through_services(lambda: organisation_create(enterprise_number=number, **fields))
    return "created"


def recognition_row(row: Row) -> str:
    from doorstroom.organisations.services import recognition_create

    cells = _Cells(row)
    organisation = cells.organisation("ondernemingsnummer")
    label, registration = cells.text("labelnummer"), cells.text("registratienummer")
    valid_from: Any = cells.date("geldig_vanaf")
    valid_until = cells.date("geldig_tot", required=False)
    cells.done()
    if organisation.recognitions.filter(
        label_number=label, registration_number=registration, valid_from=valid_from
    ).exists():
        return "present"
    _through_services(
        lambda: recognition_create(
            organisation=organisation,
            label_number=label,
            registration_number=registration,
            valid_from=valid_from,
            valid_until=valid_until,
        )
    )
    return "created"


def mandate_row(row: Row) -> str:
    """A granted mandate, as the procedure would have made it: an application, both channels
    received on the decision day, all five conditions met, the decision (R1, R3, R3 bis, R13)."""
    from doorstroom.mandates import services as mandates
    from doorstroom.mandates.models import Mandate

    cells = _Cells(row)
    organisation = cells.organisation("ondernemingsnummer")
    decided_on = cells.date("beslissingsdatum")
    starts_on = cells.date("startdatum", required=False)
    frameworks = [f.strip().lower() for f in cells.text("kaders").replace(";", ",").split(",")]
    signatory = cells.text("ondertekenaar", required=False) or "Wettelijk vertegenwoordiger"
    cells.done()
    assert decided_on is not None  # noqa: S101 - required above
    if Mandate.objects.filter(
        organisation=organisation, valid_from=starts_on or decided_on
    ).exists():
        return "present"
    previous = (
        Mandate.objects.filter(organisation=organisation, valid_from__lt=starts_on or decided_on)
        .order_by("-valid_from")
        .first()
    )

    def grant() -> None:
        application = mandates.application_create(
            organisation=organisation,
            kind="renewal" if previous else "new",
            renews=previous,
            frameworks=[f for f in frameworks if f],
            signatories=[mandates.SignatoryInput(name=signatory)],
        )
        for channel, extra in (
            ("registered_letter", {"tracking_number": "import"}),
            ("email", {"subject": parameter("email_subject", decided_on).value}),
        ):
            mandates.receipt_register(
                application=application,
                channel=channel,
                received_on=decided_on,
                today=decided_on,
                **extra,
            )
        decision = mandates.decision_create(
            application=application,
            decided_on=decided_on,
            starts_on=starts_on,
            conditions={
                condition: {"met": True, "motivation": MOTIVATION} for condition in CONDITIONS
            },
            today=decided_on,
        )
        if decision.outcome != "approved":
            raise RowRejected(
                [str(reason.get("message_nl", reason)) for reason in decision.reasons]
                or ["Het mandaat zou volgens de regels niet worden toegekend."]
            )

    _through_services(grant)
    return "created"


def esf_project_row(row: Row) -> str:
    from doorstroom.esf import services as esf
    from doorstroom.esf.models import Call, Project

    cells = _Cells(row)
    organisation = cells.organisation("ondernemingsnummer")
    code = cells.text("oproep")
    call: Any = Call.objects.filter(code=code).first() if code else None
    if code and call is None:
        cells.problems.append(f"oproep: ESF-oproep '{code}' is niet gekend (maak ze eerst aan).")
    submitted_on: Any = cells.date("ingediend_op")
    approved = cells.boolean("goedgekeurd")
    decided_on: Any = cells.date("beslist_op", required=approved is not None)
    starts_on = cells.date("start", required=bool(approved))
    ends_on = cells.date("einde", required=bool(approved))
    cells.done()
    if Project.objects.filter(organisation=organisation, call=call).exists():
        return "present"

    def record() -> None:
        project = esf.project_create(
            organisation=organisation,
            call=call,
            submitted_on=submitted_on,
        )
        if approved is not None:
            esf.project_decide(
                project=project,
                approved=approved,
                decided_on=decided_on,
                starts_on=starts_on,
                ends_on=ends_on,
            )

    _through_services(record)
    return "created"


def employee_row(row: Row) -> str:
    from doorstroom.employees.models import Employee
    from doorstroom.employees.services import employee_create
    from doorstroom.privacy.national_numbers import national_number_compact, national_number_hash

    cells = _Cells(row)
    compact = national_number_compact(cells.text("rijksregisternummer"))
    if cells.row.get("rijksregisternummer") is not None and compact is None:
        cells.problems.append("rijksregisternummer: geen geldig rijksregisternummer.")
    employer = cells.organisation("werkgever_ondernemingsnummer")
    fields: dict[str, Any] = {
        "given_name": cells.text("voornaam"),
        "family_name": cells.text("familienaam"),
        "postal_code": cells.text("postcode"),
        "framework": cells.text("kader").lower(),
        "target_groups": [
            group.strip()
            for group in cells.text("doelgroepen").replace(";", ",").split(",")
            if group.strip()
        ],
        "hired_on": cells.date("in_dienst_sinds"),
    }
    cells.done()
    assert compact is not None  # noqa: S101 - refused above otherwise
    if Employee.objects.filter(national_number_hash=national_number_hash(compact)).exists():
        return "present"
    _through_services(lambda: employee_create(national_number=compact, employer=employer, **fields))
    return "created"


def trajectory_row(row: Row) -> str:
    """A running trajectory as the chain would have made it: a transition evaluation on its
    start day (R6–R9), the referral to this partner (R4, R10 with the register as the reason
    for the choice) and the start (R12)."""
    from doorstroom.employees.models import Employee
    from doorstroom.employees.services import evaluation_create
    from doorstroom.privacy.national_numbers import national_number_compact, national_number_hash
    from doorstroom.referrals.services import referral_create
    from doorstroom.trajectories.models import Trajectory
    from doorstroom.trajectories.services import trajectory_start

    cells = _Cells(row)
    compact = national_number_compact(cells.text("rijksregisternummer"))
    employee: Any = None
    if compact:
        employee = Employee.objects.filter(
            national_number_hash=national_number_hash(compact)
        ).first()
    if employee is None and cells.row.get("rijksregisternummer") is not None:
        cells.problems.append(
            "rijksregisternummer: geen werknemer met dit nummer (voeg hem toe op het tabblad "
            "werknemers)."
        )
    partner = cells.organisation("partner_ondernemingsnummer")
    started_on: Any = cells.date("startdatum")
    cells.done()
    if Trajectory.objects.filter(
        employee=employee, partner=partner, started_on=started_on
    ).exists():
        return "present"

    def start() -> None:
        evaluation = evaluation_create(
            employee=employee,
            evaluated_on=started_on,
            needs_support=False,
            package_still_correct=True,
            criteria={
                criterion: {"favourable": True, "motivation": MOTIVATION}
                for criterion in ("personal_situation", "employer_continuity", "regional_prospects")
            },
            today=started_on,
        )
        referral = referral_create(
            evaluation=evaluation,
            partner=partner,
            referred_on=started_on,
            override_reason=MOTIVATION,
        )
        trajectory_start(referral=referral, started_on=started_on)

    _through_services(start)
    return "created"


ROW_IMPORTERS: dict[str, Callable[[Row], str]] = {
    "organisaties": organisation_row,
    "erkenningen": recognition_row,
    "mandaten": mandate_row,
    "esf_projecten": esf_project_row,
    "werknemers": employee_row,
    "trajecten": trajectory_row,
}
