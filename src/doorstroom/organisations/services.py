"""Every write on organisations, sites, recognitions and local networks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from doorstroom.common.errors import InvalidInput, StateConflict
from doorstroom.common.identifiers import enterprise_number_compact
from doorstroom.organisations.models import Organisation, Recognition, ServedMunicipality, Site
from doorstroom.organisations.partner_facts import stamp_bump
from doorstroom.places import selectors as places

#: What `recognition_create` calls, in its transaction, once the recognition is stored: the
#: apps above organisations that judge by recognitions register here from their
#: `AppConfig.ready()` (mandates reassesses the undecided applications, R1). A call up the
#: layers, so it goes through this list (docs/architecture.md *Layers*).
RECOGNITION_ADDED: list[Callable[[Organisation], object]] = []


def recognition_added_register(callback: Callable[[Organisation], object]) -> None:
    """Call `callback(organisation)` after every new recognition (once, however often asked)."""
    if callback not in RECOGNITION_ADDED:
        RECOGNITION_ADDED.append(callback)


ENTERPRISE_NUMBER_HELP = "Vul een geldig ondernemingsnummer in, zoals 0403.170.701."


def _postal_code_checked(field: str, postal_code: str) -> str:
    code = (postal_code or "").strip()
    if not places.postal_code_exists(code):
        raise InvalidInput(
            field,
            f"Onbekende Belgische postcode '{code}'.",
            code="postal_code_unknown",
        )
    return code


def _organisation_checked(
    *,
    enterprise_number: str,
    postal_code: str,
    current_participant: bool,
    current_participant_motivation: str,
    others: QuerySet[Organisation],
) -> tuple[str, str]:
    """The compact enterprise number and the postal code, once both are valid and the number
    belongs to none of `others`; the motivation is required of a current participant (R1)."""
    compact = enterprise_number_compact(enterprise_number)
    if compact is None:
        raise InvalidInput(
            "enterprise_number", ENTERPRISE_NUMBER_HELP, code="enterprise_number_invalid"
        )
    postal_code = _postal_code_checked("postal_code", postal_code)
    if current_participant and not current_participant_motivation.strip():
        raise InvalidInput(
            "current_participant_motivation",
            "Motiveer waarom de organisatie een huidige deelnemer is (R1).",
        )
    if others.filter(enterprise_number=compact).exists():
        raise StateConflict(
            f"Er bestaat al een organisatie met ondernemingsnummer {compact}.",
            errors={"enterprise_number": ["Dit ondernemingsnummer is al geregistreerd."]},
        )
    return compact, postal_code


@transaction.atomic
def organisation_create(
    *,
    enterprise_number: str,
    name: str,
    postal_code: str,
    street: str = "",
    email: str = "",
    current_participant: bool = False,
    current_participant_motivation: str = "",
) -> Organisation:
    """Register a service provider; the enterprise number is stored compact, once."""
    compact, postal_code = _organisation_checked(
        enterprise_number=enterprise_number,
        postal_code=postal_code,
        current_participant=current_participant,
        current_participant_motivation=current_participant_motivation,
        others=Organisation.objects.all(),
    )
    try:
        with transaction.atomic():
            return Organisation.objects.create(
                enterprise_number=compact,
                name=name.strip(),
                postal_code=postal_code,
                street=street.strip(),
                email=email.strip(),
                current_participant=current_participant,
                current_participant_motivation=current_participant_motivation.strip(),
            )
    except IntegrityError as exc:  # a concurrent create with the same number
        raise StateConflict("Dit ondernemingsnummer is net geregistreerd.") from exc


@transaction.atomic
def organisation_update(
    *,
    organisation: Organisation,
    enterprise_number: str,
    name: str,
    postal_code: str,
    street: str = "",
    email: str = "",
    current_participant: bool = False,
    current_participant_motivation: str = "",
) -> Organisation:
    """Correct an organisation's details, with the same checks as when it was registered."""
    compact, postal_code = _organisation_checked(
        enterprise_number=enterprise_number,
        postal_code=postal_code,
        current_participant=current_participant,
        current_participant_motivation=current_participant_motivation,
        others=Organisation.objects.exclude(pk=organisation.pk),
    )
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    organisation.enterprise_number = compact
    organisation.name = name.strip()
    organisation.postal_code = postal_code
    organisation.street = street.strip()
    organisation.email = email.strip()
    organisation.current_participant = current_participant
    organisation.current_participant_motivation = current_participant_motivation.strip()
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError as exc:  # a concurrent create with the same number
        raise StateConflict("Dit ondernemingsnummer is net geregistreerd.") from exc
    stamp_bump()  # partner facts (R4, R10) read the organisation
    return organisation


@transaction.atomic
def site_create(
    *, organisation: Organisation, name: str, postal_code: str, street: str = ""
) -> Site:
    postal_code = _postal_code_checked("postal_code", postal_code)
    site = Site.objects.create(
        organisation=organisation, name=name.strip(), postal_code=postal_code, street=street
    )
    stamp_bump()  # proximity (R10) reads the sites
    return site


@transaction.atomic
def recognition_create(
    *,
    organisation: Organisation,
    label_number: str,
    registration_number: str,
    valid_from: date,
    valid_until: date | None,
) -> Recognition:
    """Record a DWSE recognition: both a label and a registration are needed (R1)."""
    if not label_number.strip():
        raise InvalidInput("label_number", "Vul het labelnummer in.")
    if not registration_number.strip():
        raise InvalidInput("registration_number", "Vul het registratienummer in.")
    if valid_until is not None and valid_until < valid_from:
        raise InvalidInput("valid_until", "De einddatum mag niet vóór de begindatum liggen.")
    recognition = Recognition.objects.create(
        organisation=organisation,
        label_number=label_number.strip(),
        registration_number=registration_number.strip(),
        valid_from=valid_from,
        valid_until=valid_until,
    )
    # Admissibility (R1) of pending applications depends on recognitions: mandates reassesses
    # them now (registered in MandatesConfig.ready()).
    for callback in RECOGNITION_ADDED:
        callback(organisation)
    stamp_bump()  # R4 reads the recognitions
    return recognition


@transaction.atomic
def local_network_set(*, organisation: Organisation, municipalities: Sequence[str]) -> list[str]:
    """Replace the local network with the given NIS codes (all must exist)."""
    codes = sorted({code.strip() for code in municipalities})
    unknown = places.unknown_municipality_codes(codes)
    if unknown:
        raise InvalidInput(
            "municipalities", f"Onbekende NIS-code(s): {', '.join(sorted(unknown))}."
        )
    current = set(
        ServedMunicipality.objects.filter(organisation=organisation).values_list(
            "municipality_id", flat=True
        )
    )
    wanted = set(codes)
    for served in ServedMunicipality.objects.filter(
        organisation=organisation, municipality_id__in=current - wanted
    ):
        served.delete()  # one by one, so that the history records each removal
    for code in sorted(wanted - current):
        ServedMunicipality.objects.create(organisation=organisation, municipality_id=code)
    stamp_bump()  # the local network is an R10 factor
    return codes
