"""The pages' shared helpers (one for each concern): a service's error on a form
(web/form_errors.py), one page of a list (web/paging.py), the page's language
(web/language.py), a logged read (privacy/reads.py) and the API's scoped lookup of a record a
body names (common/api/lookup.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from rest_framework import serializers
from rest_framework.test import APIClient

from doorstroom.accounts.models import User
from doorstroom.common.api.lookup import referenced_or_400
from doorstroom.common.errors import InvalidInput, RuleViolation, StateConflict
from doorstroom.employees.models import Employee
from doorstroom.mandates.services import SignatoryInput, application_create
from doorstroom.organisations.models import Organisation
from doorstroom.organisations.selectors import organisation_list_for_user
from doorstroom.privacy.models import AccessLog
from doorstroom.privacy.reads import access_log_for_request
from doorstroom.rules.outcome import Reason
from doorstroom.web.form_errors import service_error_show
from doorstroom.web.language import code_label, is_english, language
from doorstroom.web.paging import page_of
from tests.transition.conftest import employee, employer  # noqa: F401 (fixtures)


class StartForm(forms.Form):
    starts_on = forms.CharField(required=False)
    motivation = forms.CharField(required=False)


def bound_form() -> StartForm:
    form = StartForm({})
    assert form.is_valid()
    return form


def rule_reason(code: str, nl: str = "Regel blokkeert.", en: str = "A rule blocks.") -> Reason:
    return Reason(code=code, rule="R13", message_nl=nl, message_en=en, blocking=True)


# --- service_error_show ---------------------------------------------------------------------


def test_invalid_input_lands_on_its_field_and_lists_no_reasons() -> None:
    form = bound_form()
    reasons = service_error_show(form, InvalidInput("starts_on", "Geen geldige datum."))
    assert form.errors == {"starts_on": ["Geen geldige datum."]}
    assert reasons == []


def test_an_error_on_a_field_the_form_lacks_goes_on_top() -> None:
    form = bound_form()
    service_error_show(form, InvalidInput("elsewhere", "Onbekend veld."))
    assert form.non_field_errors() == ["Onbekend veld."]


def test_an_alias_maps_the_services_key_to_the_forms_field() -> None:
    form = bound_form()
    exc = InvalidInput("conditions.results", "Motiveer dit.")
    service_error_show(form, exc, aliases={"conditions.results": "motivation"})
    assert form.errors == {"motivation": ["Motiveer dit."]}


def test_a_rule_violation_with_reasons_puts_its_detail_on_top_and_returns_the_reasons() -> None:
    form = bound_form()
    first, second = rule_reason("condition_not_met"), rule_reason("start_before_decision")
    exc = RuleViolation("De beslissing kan niet.", reasons=[first, second])
    reasons = service_error_show(form, exc)
    assert form.non_field_errors() == ["De beslissing kan niet."]
    assert reasons == [first, second]


def test_a_rule_reason_mapped_to_a_field_is_shown_there_and_not_returned() -> None:
    form = bound_form()
    on_field = rule_reason("start_date_in_past", "Start ligt in het verleden.")
    other = rule_reason("condition_not_met")
    exc = RuleViolation("Niet toegelaten.", reasons=[on_field, other])
    reasons = service_error_show(form, exc, reason_fields={"start_date_in_past": "starts_on"})
    assert form.errors == {"starts_on": ["Start ligt in het verleden."]}
    assert reasons == [other]


def test_a_mapped_rule_reason_is_shown_in_the_pages_language() -> None:
    form = bound_form()
    exc = RuleViolation("x", reasons=[rule_reason("start_date_in_past", "NL tekst", "EN text")])
    with translation.override("en"):
        service_error_show(form, exc, reason_fields={"start_date_in_past": "starts_on"})
    assert form.errors == {"starts_on": ["EN text"]}


def test_a_rule_violation_with_field_errors_keeps_them_on_the_field() -> None:
    form = bound_form()
    exc = RuleViolation("Buiten bereik.", reasons=[rule_reason("date_out_of_range")])
    exc.errors = {"starts_on": ["Buiten bereik."]}
    reasons = service_error_show(form, exc)
    assert form.errors == {"starts_on": ["Buiten bereik."]}
    assert [r.code for r in reasons] == ["date_out_of_range"]


def test_a_conflict_shows_its_detail_once_and_lists_no_reasons() -> None:
    form = bound_form()
    reasons = service_error_show(form, StateConflict("Al beslist."))
    assert form.non_field_errors() == ["Al beslist."]
    assert reasons == []


# --- page_of ----------------------------------------------------------------------------------


def test_page_of_takes_its_own_parameter_and_keeps_the_others() -> None:
    request = RequestFactory().get("/lijst/", {"trajecten": "2", "status": "open", "page": "3"})
    page = page_of(request, list(range(50)), per_page=20, param="trajecten")
    assert page.number == 2
    assert list(page) == list(range(20, 40))
    assert page.prev_link == "?trajecten=1&status=open&page=3"  # type: ignore[attr-defined]
    assert page.next_link == "?trajecten=3&status=open&page=3"  # type: ignore[attr-defined]


@pytest.mark.parametrize(("asked", "number"), [("", 1), ("x", 1), ("0", 3), ("99", 3), ("3", 3)])
def test_page_of_answers_a_bad_page_number_with_a_page(asked: str, number: int) -> None:
    request = RequestFactory().get("/lijst/", {"page": asked})
    page = page_of(request, list(range(45)))
    assert page.number == number
    assert (page.prev_link == "") == (number == 1)  # type: ignore[attr-defined]
    assert (page.next_link == "") == (number == 3)  # type: ignore[attr-defined]


# --- language ---------------------------------------------------------------------------------


def test_language_is_dutch_first_and_english_on_request() -> None:
    labels_nl, labels_en = {"maatwerk": "maatwerkbedrijf"}, {"maatwerk": "custom employer"}
    with translation.override("nl"):
        assert (is_english(), language()) == (False, "nl")
        assert code_label("maatwerk", labels_nl, labels_en) == "maatwerkbedrijf"
    with translation.override("en"):
        assert (is_english(), language()) == (True, "en")
        assert code_label("maatwerk", labels_nl, labels_en) == "custom employer"
        assert code_label("unknown", labels_nl, labels_en) == "unknown"


# --- access_log_for_request -------------------------------------------------------------------


def test_a_read_is_logged_with_the_requests_user_and_path(
    make_user: Any,
    employee: Employee,  # noqa: F811 (the fixture imported above)
) -> None:
    person = employee
    request = RequestFactory().get("/consulent/werknemers/1/")
    request.user = make_user("consultant")
    assert access_log_for_request(request, [person.pk, person.pk], "employee_detail") == 1
    row = AccessLog.objects.get()
    assert (row.user_id, row.employee_id, row.purpose, row.path) == (
        request.user.pk,
        person.pk,
        "employee_detail",
        "/consulent/werknemers/1/",
    )
    assert access_log_for_request(request, [], "employee_search") == 0
    assert AccessLog.objects.count() == 1


# --- scoped lookups ---------------------------------------------------------------------------


def test_referenced_or_400_finds_a_record_the_user_may_see(
    make_user: Any, organisation: Organisation
) -> None:
    user: User = make_user("applicant", organisation)
    found = referenced_or_400(
        organisation_list_for_user(user), organisation.pk, field="organisation", message="?"
    )
    assert found == organisation


def test_referenced_or_400_answers_another_organisations_record_as_unknown(
    make_user: Any, organisation: Organisation, other_organisation: Organisation
) -> None:
    user: User = make_user("applicant", organisation)
    with pytest.raises(serializers.ValidationError) as raised:
        referenced_or_400(
            organisation_list_for_user(user),
            other_organisation.pk,
            field="organisation",
            message="Onbekende organisatie.",
        )
    assert raised.value.detail == {"organisation": ["Onbekende organisatie."]}


def test_the_api_refuses_another_organisations_record_in_a_body(
    applicant: APIClient, other_organisation: Organisation
) -> None:
    payload = {
        "organisation": other_organisation.pk,
        "kind": "new",
        "frameworks": ["maatwerk"],
        "signatories": [{"name": "Els Peeters"}],
    }
    response = applicant.post("/api/v1/mandate-applications/", payload, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "organisation": [f"Onbekende organisatie {other_organisation.pk}."]
    }


def test_a_page_answers_another_organisations_record_with_404(
    make_user: Any, organisation: Organisation, other_organisation: Organisation
) -> None:
    theirs = application_create(
        organisation=other_organisation,
        kind="new",
        frameworks=["maatwerk"],
        signatories=[SignatoryInput(name="Els Peeters")],
    )
    ours = application_create(
        organisation=organisation,
        kind="new",
        frameworks=["maatwerk"],
        signatories=[SignatoryInput(name="Jan Claes")],
    )
    client = Client()
    client.force_login(make_user("applicant", organisation))
    assert client.get(reverse("applicant:application", args=[ours.pk])).status_code == 200
    assert client.get(reverse("applicant:application", args=[theirs.pk])).status_code == 404
