"""organisation_update and esf call_update: corrections with the same checks as creation."""

from __future__ import annotations

from datetime import date

import pytest

from doorstroom.common.errors import DomainError, InvalidInput, StateConflict
from doorstroom.esf.models import Call
from doorstroom.esf.services import call_create, call_update
from doorstroom.organisations.models import Organisation
from doorstroom.organisations.services import organisation_update

pytestmark = pytest.mark.django_db

VALID = {
    "enterprise_number": "BE 0403 170 701",
    "name": " Jobkracht Gent ",
    "postal_code": "9050",
    "street": "Kouter 2",
    "email": "gent@jobkracht.be",
}


def test_an_organisation_is_corrected(organisation: Organisation) -> None:
    organisation_update(organisation=organisation, **VALID)
    organisation.refresh_from_db()
    assert (organisation.enterprise_number, organisation.name, organisation.postal_code) == (
        "0403170701",
        "Jobkracht Gent",
        "9050",
    )


@pytest.mark.parametrize(
    ("change", "error", "field"),
    [
        ({"enterprise_number": "0403.170.702"}, InvalidInput, "enterprise_number"),
        ({"enterprise_number": "0403.091.220"}, StateConflict, "enterprise_number"),
        ({"postal_code": "0000"}, InvalidInput, "postal_code"),
        ({"current_participant": True}, InvalidInput, "current_participant_motivation"),
    ],
)
def test_a_bad_correction_changes_nothing(
    organisation: Organisation,
    other_organisation: Organisation,
    change: dict[str, object],
    error: type[DomainError],
    field: str,
) -> None:
    with pytest.raises(error) as refused:
        organisation_update(organisation=organisation, **{**VALID, **change})  # type: ignore[arg-type]
    assert field in refused.value.errors
    organisation.refresh_from_db()
    assert (organisation.name, organisation.postal_code) == ("Jobkracht Gent vzw", "9000")


def test_an_organisation_keeps_its_own_number(organisation: Organisation) -> None:
    organisation_update(organisation=organisation, **{**VALID, "enterprise_number": "0403170701"})
    assert Organisation.objects.get(pk=organisation.pk).name == "Jobkracht Gent"


def _call() -> Call:
    return call_create(
        code="432", title="Doorstroom", opens_on=date(2024, 1, 1), closes_on=date(2024, 12, 31)
    )


def test_a_call_is_corrected() -> None:
    call = call_update(
        call=_call(),
        code=" 432b ",
        title="Doorstroom 2025",
        opens_on=date(2025, 1, 1),
        closes_on=date(2025, 1, 1),
    )
    call.refresh_from_db()
    assert (call.code, call.title, call.opens_on, call.closes_on) == (
        "432b",
        "Doorstroom 2025",
        date(2025, 1, 1),
        date(2025, 1, 1),
    )


@pytest.mark.parametrize(
    ("code", "closes_on", "field"),
    [("432", date(2024, 12, 31), "closes_on"), ("500", date(2025, 1, 1), "code")],
)
def test_a_bad_call_correction_changes_nothing(code: str, closes_on: date, field: str) -> None:
    call = _call()
    call_create(code="500", title="Andere", opens_on=date(2024, 1, 1), closes_on=date(2024, 2, 1))
    with pytest.raises(DomainError) as refused:
        call_update(
            call=call, code=code, title="Nieuw", opens_on=date(2025, 1, 1), closes_on=closes_on
        )
    assert field in refused.value.errors
    call.refresh_from_db()
    assert (call.code, call.title) == ("432", "Doorstroom")
