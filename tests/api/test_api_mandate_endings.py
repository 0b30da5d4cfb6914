"""The four endings of a dossier through the public API (R15), R3 bis and R13 per framework.

Inadmissibility (niet-ontvankelijk), withdrawal (intrekking), a mandate's start date (R3 bis)
and expertise judged per framework (R13). The clock is pinned in every test.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import time_machine
from rest_framework.test import APIClient

from doorstroom.letters.models import Letter
from doorstroom.mandates.models import Decision, Mandate, MandateApplication
from doorstroom.organisations.models import Organisation
from tests.conftest import ALL_MET

pytestmark = pytest.mark.django_db

SUBJECT = "Aanvraag mandaat doorstroombegeleiding"
TODAY = date(2025, 6, 15)
BASE = "/api/v1/mandate-applications"


@pytest.fixture(autouse=True)
def _pinned_clock() -> Iterator[None]:
    with time_machine.travel("2025-06-15 10:00:00+02:00", tick=False):
        yield


def codes(reasons: list[dict[str, Any]]) -> list[str]:
    return [r["code"] for r in reasons]


def make_org(reviewer: APIClient, *, recognised: bool, number: str = "0417.497.106") -> int:
    response = reviewer.post(
        "/api/v1/organisations/",
        {
            "enterprise_number": number,
            "name": f"Partner {number}",
            "postal_code": "2000",
            "street": "Meir 1",
            "email": "info@partner.be",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    org_id: int = response.json()["id"]
    if recognised:
        added = reviewer.post(
            f"/api/v1/organisations/{org_id}/recognitions/",
            {"label_number": "L-1", "registration_number": "R-1", "valid_from": "2019-01-01"},
            format="json",
        )
        assert added.status_code == 201, added.content
    return org_id


def make_application(
    client: APIClient,
    org_id: int,
    *,
    frameworks: tuple[str, ...] = ("maatwerk",),
    kind: str = "new",
    renews: int | None = None,
) -> int:
    body: dict[str, Any] = {
        "organisation": org_id,
        "kind": kind,
        "frameworks": list(frameworks),
        "signatories": [{"name": "Els Peeters", "function": "bestuurder"}],
    }
    if renews is not None:
        body["renews"] = renews
    response = client.post(f"{BASE}/", body, format="json")
    assert response.status_code == 201, response.content
    app_id: int = response.json()["id"]
    return app_id


def receive(reviewer: APIClient, app_id: int, on: str, *, eid: bool = True) -> None:
    response = reviewer.post(
        f"{BASE}/{app_id}/receipts/",
        {
            "channel": "email",
            "received_on": on,
            "subject": SUBJECT,
            "eid_signed_by": ["Els Peeters"] if eid else [],
        },
        format="json",
    )
    assert response.status_code == 201, response.content


def complete(
    reviewer: APIClient,
    *,
    recognised: bool = True,
    received_on: str = "2025-01-10",
    frameworks: tuple[str, ...] = ("maatwerk",),
    number: str = "0417.497.106",
) -> int:
    app_id = make_application(
        reviewer, make_org(reviewer, recognised=recognised, number=number), frameworks=frameworks
    )
    receive(reviewer, app_id, received_on)
    return app_id


def detail(client: APIClient, app_id: int) -> dict[str, Any]:
    response = client.get(f"{BASE}/{app_id}/")
    assert response.status_code == 200, response.content
    body: dict[str, Any] = response.json()
    return body


def inadmissible(
    reviewer: APIClient, app_id: int, on: str, motivation: str = "Geen erkenning."
) -> Any:
    return reviewer.post(
        f"{BASE}/{app_id}/inadmissibility/",
        {"decided_on": on, "motivation": motivation},
        format="json",
    )


def withdraw(client: APIClient, app_id: int, on: str, **extra: Any) -> Any:
    return client.post(f"{BASE}/{app_id}/withdrawal/", {"withdrawn_on": on, **extra}, format="json")


def decide(reviewer: APIClient, app_id: int, on: str, **extra: Any) -> Any:
    body = {"decided_on": on, "conditions": ALL_MET, **extra}
    return reviewer.post(f"{BASE}/{app_id}/decision/", body, format="json")


# --- inadmissibility ------------------------------------------------------------------------


def test_complete_dossier_without_recognition_is_declared_inadmissible_and_closed(
    reviewer: APIClient,
) -> None:
    app_id = complete(reviewer, recognised=False)
    before = detail(reviewer, app_id)
    assert before["status"] == "overdue"  # complete 2025-01-10, due 2025-03-10, today 06-15
    assert before["overdue"] is True
    assert decide(reviewer, app_id, "2025-06-01").status_code == 422  # the old dead end

    response = inadmissible(reviewer, app_id, "2025-06-01", "Geen DWSE-erkenning bij ontvangst.")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "inadmissible"
    assert codes(body["reasons"]) == ["recognition_missing"]
    assert body["reasons"][0]["rule"] == "R1"
    assert body["motivation"] == "Geen DWSE-erkenning bij ontvangst."

    after = detail(reviewer, app_id)
    assert after["status"] == "inadmissible"
    assert after["overdue"] is False
    assert after["decision"]["outcome"] == "inadmissible"
    stored = Decision.objects.get(application_id=app_id)
    names = {p["name"] for p in stored.trace["inadmissibility"]["parameters"]}
    assert "transitional_period_end" in names  # R16: the values used are kept
    assert stored.trace["parameters"][0]["name"] == "decision_target_months"
    letter = Letter.objects.get(application_id=app_id, kind="inadmissibility")
    assert letter.content["motivation"] == "Geen DWSE-erkenning bij ontvangst."
    assert any("DWSE" in r for r in letter.content["reasons"])
    assert MandateApplication.objects.get(pk=app_id).overdue_since is None


def test_after_inadmissibility_every_further_ending_is_409(
    reviewer: APIClient, api_for: Any
) -> None:
    app_id = complete(reviewer, recognised=False)
    assert inadmissible(reviewer, app_id, "2025-06-01").status_code == 201
    for response in (
        inadmissible(reviewer, app_id, "2025-06-02"),
        decide(reviewer, app_id, "2025-06-02"),
        withdraw(reviewer, app_id, "2025-06-02"),
    ):
        assert response.status_code == 409, response.content
        assert codes(response.json()["reasons"]) == ["state_conflict"]
    assert Decision.objects.filter(application_id=app_id).count() == 1
    assert detail(reviewer, app_id)["status"] == "inadmissible"


def test_an_admissible_complete_dossier_is_not_inadmissible(reviewer: APIClient) -> None:
    app_id = complete(reviewer, recognised=True)
    response = inadmissible(reviewer, app_id, "2025-06-01")
    assert response.status_code == 422
    assert codes(response.json()["reasons"]) == ["not_inadmissible"]
    assert response.json()["reasons"][0]["rule"] == "R15"
    assert not Decision.objects.exists()
    assert detail(reviewer, app_id)["status"] == "overdue"


def test_an_incomplete_dossier_is_inadmissible_on_its_r14_reasons(reviewer: APIClient) -> None:
    app_id = make_application(reviewer, make_org(reviewer, recognised=True))
    receive(reviewer, app_id, "2025-01-10", eid=False)  # no eID: the paper original is missing
    response = inadmissible(reviewer, app_id, "2025-06-01", "Origineel nooit ontvangen.")
    assert response.status_code == 201, response.content
    assert codes(response.json()["reasons"]) == ["paper_original_missing"]
    assert response.json()["reasons"][0]["rule"] == "R14"


def test_a_draft_cannot_be_declared_inadmissible(reviewer: APIClient) -> None:
    app_id = make_application(reviewer, make_org(reviewer, recognised=False))
    response = inadmissible(reviewer, app_id, "2025-06-01")
    assert response.status_code == 409
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("decided_on", "status", "code"),
    [
        ("2025-01-09", 400, None),  # the day before the receipt
        ("2025-01-10", 201, None),  # the day of the receipt
        ("2025-06-15", 201, None),  # today
        ("2025-06-16", 400, None),  # tomorrow
    ],
)
def test_inadmissibility_date_between_receipt_and_today(
    reviewer: APIClient, decided_on: str, status: int, code: str | None
) -> None:
    app_id = complete(reviewer, recognised=False)
    response = inadmissible(reviewer, app_id, decided_on)
    assert response.status_code == status, response.content
    if status == 400:
        assert "decided_on" in response.json()["errors"]
        assert not Decision.objects.exists()


@pytest.mark.parametrize(("decided_on", "status"), [("2018-12-31", 422), ("2019-01-01", 201)])
def test_inadmissibility_before_the_systems_first_day_is_out_of_range(
    reviewer: APIClient, decided_on: str, status: int
) -> None:
    # A non-recognised organisation whose dossier arrived on the system's first day.
    app_id = complete(reviewer, recognised=False, received_on="2019-01-01")
    response = inadmissible(reviewer, app_id, decided_on)
    assert response.status_code == status, response.content
    if status == 422:
        assert codes(response.json()["reasons"]) == ["date_out_of_range"]


def test_inadmissibility_needs_a_motivation_and_a_reviewer(
    reviewer: APIClient, api_for: Any, organisation: Organisation
) -> None:
    app_id = complete(reviewer, recognised=False)
    blank = inadmissible(reviewer, app_id, "2025-06-01", motivation="  ")
    assert blank.status_code == 400
    missing = reviewer.post(
        f"{BASE}/{app_id}/inadmissibility/", {"decided_on": "2025-06-01"}, format="json"
    )
    assert missing.status_code == 400
    assert "motivation" in missing.json()["errors"]
    bad_date = inadmissible(reviewer, app_id, "2025-02-30")
    assert bad_date.status_code == 400
    assert (
        api_for("consultant")
        .post(
            f"{BASE}/{app_id}/inadmissibility/",
            {"decided_on": "2025-06-01", "motivation": "x"},
            format="json",
        )
        .status_code
        == 403
    )
    assert not Decision.objects.exists()


def test_an_applicant_may_not_declare_its_own_dossier_inadmissible(
    reviewer: APIClient, api_for: Any
) -> None:
    app_id = complete(reviewer, recognised=False)
    org = Organisation.objects.get(applications__pk=app_id)
    applicant = api_for("applicant", org)
    assert inadmissible(applicant, app_id, "2025-06-01").status_code == 403


# --- withdrawal -----------------------------------------------------------------------------


def test_the_applicant_withdraws_an_overdue_dossier_and_it_is_closed(
    reviewer: APIClient, api_for: Any
) -> None:
    app_id = complete(reviewer, recognised=True)
    assert detail(reviewer, app_id)["overdue"] is True
    applicant = api_for("applicant", Organisation.objects.get(applications__pk=app_id))
    response = withdraw(applicant, app_id, "2025-06-10", reason="We stoppen met de activiteit.")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "withdrawn"
    assert body["reason"] == "We stoppen met de activiteit."
    after = detail(applicant, app_id)
    assert (after["status"], after["overdue"]) == ("withdrawn", False)
    for response in (
        withdraw(applicant, app_id, "2025-06-11"),
        decide(reviewer, app_id, "2025-06-11"),
        inadmissible(reviewer, app_id, "2025-06-11"),
    ):
        assert response.status_code == 409, response.content
    assert not Mandate.objects.exists()


def test_a_reviewer_may_withdraw_without_reason_and_a_draft_can_be_withdrawn(
    reviewer: APIClient,
) -> None:
    app_id = make_application(reviewer, make_org(reviewer, recognised=True))
    response = withdraw(reviewer, app_id, "2025-06-15")
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "withdrawn"
    assert response.json()["reason"] == ""
    assert detail(reviewer, app_id)["status"] == "withdrawn"
    # A withdrawn dossier takes no more receipts.
    late = reviewer.post(
        f"{BASE}/{app_id}/receipts/",
        {"channel": "email", "received_on": "2025-06-15", "subject": SUBJECT},
        format="json",
    )
    assert late.status_code == 409


@pytest.mark.parametrize(
    ("withdrawn_on", "status"),
    [
        ("2018-12-31", 422),  # before the system's first day
        ("2025-01-09", 400),  # the day before the receipt
        ("2025-01-10", 201),  # the day of the receipt
        ("2025-06-15", 201),  # today
        ("2025-06-16", 400),  # tomorrow
    ],
)
def test_withdrawal_dates(reviewer: APIClient, withdrawn_on: str, status: int) -> None:
    app_id = complete(reviewer, recognised=True)
    response = withdraw(reviewer, app_id, withdrawn_on)
    assert response.status_code == status, response.content
    if status == 422:
        assert codes(response.json()["reasons"]) == ["date_out_of_range"]
    if status != 201:
        assert not Decision.objects.exists()


def test_withdrawal_of_a_draft_on_the_systems_first_day_both_sides(reviewer: APIClient) -> None:
    app_id = make_application(reviewer, make_org(reviewer, recognised=True))
    assert withdraw(reviewer, app_id, "2018-12-31").status_code == 422
    assert withdraw(reviewer, app_id, "2019-01-01").status_code == 201


def test_withdrawal_access(reviewer: APIClient, api_for: Any, other_organisation: Any) -> None:
    app_id = complete(reviewer, recognised=True)
    stranger = api_for("applicant", other_organisation)
    assert withdraw(stranger, app_id, "2025-06-10").status_code == 404
    assert withdraw(api_for("consultant"), app_id, "2025-06-10").status_code == 403
    assert withdraw(reviewer, app_id, "not-a-date").status_code == 400
    assert reviewer.post(f"{BASE}/{app_id}/withdrawal/", {}, format="json").status_code == 400
    assert not Decision.objects.exists()


def test_list_filters_on_the_new_statuses(reviewer: APIClient) -> None:
    gone = make_application(reviewer, make_org(reviewer, recognised=True))
    withdraw(reviewer, gone, "2025-06-15")
    rows = reviewer.get(f"{BASE}/?status=withdrawn").json()["results"]
    assert [r["id"] for r in rows] == [gone]
    assert reviewer.get(f"{BASE}/?status=inadmissible").json()["results"] == []


# --- R15 trace ------------------------------------------------------------------------------


def test_the_detail_shows_the_decision_target_in_force_on_completion(
    reviewer: APIClient,
) -> None:
    app_id = complete(reviewer, recognised=True, received_on="2025-01-10")
    target = detail(reviewer, app_id)["decision_target"]
    assert target["months"] == 2
    assert target["in_force_from"] == "2019-01-01"
    assert "2 maanden" in target["reference"]
    stored = MandateApplication.objects.get(pk=app_id).decision_target
    assert (stored["name"], stored["value"]) == ("decision_target_months", 2)
    draft = make_application(reviewer, Organisation.objects.get(applications__pk=app_id).pk)
    assert detail(reviewer, draft)["decision_target"] is None


# --- R3 bis ---------------------------------------------------------------------------------


def test_a_new_mandate_starts_on_its_decision_date(reviewer: APIClient) -> None:
    app_id = complete(reviewer)
    wrong = decide(reviewer, app_id, "2025-03-03", starts_on="2025-04-01")
    assert wrong.status_code == 422
    assert codes(wrong.json()["reasons"]) == ["start_date_invalid"]
    assert wrong.json()["reasons"][0]["rule"] == "R3 bis"
    earlier = decide(reviewer, app_id, "2025-03-03", starts_on="2025-03-02")
    assert earlier.status_code == 422
    assert not Decision.objects.exists()
    same = decide(reviewer, app_id, "2025-03-03", starts_on="2025-03-03")
    assert same.status_code == 201, same.content
    assert same.json()["mandate"]["valid_from"] == "2025-03-03"


def _renewal(reviewer: APIClient) -> int:
    """A mandate decided 2019-03-01 (last day 2025-02-28) and its renewal, complete 2024-12-02."""
    org_id = make_org(reviewer, recognised=True)
    first = make_application(reviewer, org_id)
    receive(reviewer, first, "2019-02-01")
    granted = decide(reviewer, first, "2019-03-01")
    assert granted.status_code == 201, granted.content
    mandate = granted.json()["mandate"]
    assert mandate["valid_until"] == "2025-02-28"
    renewal = make_application(reviewer, org_id, kind="renewal", renews=mandate["id"])
    receive(reviewer, renewal, "2024-12-02")
    return renewal


@pytest.mark.parametrize(
    ("decided_on", "starts_on"),
    [
        ("2024-12-20", "2025-03-01"),  # previous mandate runs: the day after its last day
        ("2025-02-28", "2025-03-01"),  # its last day: still runs
        ("2025-03-01", "2025-03-01"),  # the day after: ended, starts on the decision date
        ("2025-03-10", "2025-03-10"),  # later: on the decision date
    ],
)
def test_a_renewal_starts_the_day_after_the_previous_mandate_or_on_its_decision_date(
    reviewer: APIClient, decided_on: str, starts_on: str
) -> None:
    renewal = _renewal(reviewer)
    response = decide(reviewer, renewal, decided_on)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["starts_on"] == starts_on
    assert body["mandate"]["valid_from"] == starts_on
    trace = Decision.objects.get(application_id=renewal).trace["mandate_start"]
    assert (trace["rule"], trace["previous_valid_until"]) == ("R3 bis", "2025-02-28")


def test_a_renewal_decided_while_the_previous_runs_may_not_start_on_the_decision_date(
    reviewer: APIClient,
) -> None:
    renewal = _renewal(reviewer)
    response = decide(reviewer, renewal, "2025-02-28", starts_on="2025-02-28")
    assert response.status_code == 422
    reason = response.json()["reasons"][0]
    assert reason["code"] == "start_date_invalid"
    assert reason["params"]["expected_starts_on"] == "2025-03-01"
    ok = decide(reviewer, renewal, "2025-02-28", starts_on="2025-03-01")
    assert ok.status_code == 201, ok.content


# --- R13 expertise per framework ------------------------------------------------------------


def _per_framework(maatwerk: bool, lde: bool) -> dict[str, Any]:
    return {
        **ALL_MET,
        "expertise": {
            "maatwerk": {"met": maatwerk, "motivation": "Twintig jaar maatwerkbegeleiding."},
            "lde": {"met": lde, "motivation": "Geen ervaring met werkzoekenden in LDE."},
        },
    }


def test_partial_approval_covers_only_the_framework_whose_expertise_is_met(
    reviewer: APIClient,
) -> None:
    app_id = complete(reviewer, frameworks=("maatwerk", "lde"))
    response = decide(reviewer, app_id, "2025-03-03", conditions=_per_framework(True, False))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["outcome"] == "approved"
    assert body["mandate"]["frameworks"] == ["maatwerk"]
    not_granted = [r for r in body["reasons"] if r["code"] == "framework_not_granted"]
    assert [r["params"]["framework"] for r in not_granted] == ["lde"]
    assert not_granted[0]["blocking"] is False
    assert body["conditions"]["expertise"]["lde"]["met"] is False
    assert body["conditions"]["expertise"]["maatwerk"]["met"] is True
    mandates = reviewer.get("/api/v1/mandates/").json()["results"]
    assert mandates[0]["frameworks"] == ["maatwerk"]
    letter = Letter.objects.get(application_id=app_id, kind="decision")
    assert (
        letter.content["frameworks_not_granted"] == ["lokale diensteneconomie"]
        or (letter.content["frameworks_not_granted"])
    )
    assert letter.content["not_granted_reasons"]


def test_no_framework_with_expertise_met_is_a_rejection(reviewer: APIClient) -> None:
    app_id = complete(reviewer, frameworks=("maatwerk", "lde"))
    response = decide(reviewer, app_id, "2025-03-03", conditions=_per_framework(False, False))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["outcome"] == "rejected"
    assert body["mandate"] is None
    assert "condition_not_met" in codes(body["reasons"])


def test_one_expertise_judgement_still_covers_both_frameworks(reviewer: APIClient) -> None:
    app_id = complete(reviewer, frameworks=("maatwerk", "lde"))
    response = decide(reviewer, app_id, "2025-03-03")
    assert response.status_code == 201, response.content
    assert response.json()["mandate"]["frameworks"] == ["lde", "maatwerk"]
    assert response.json()["conditions"]["expertise"]["met"] is True


@pytest.mark.parametrize(
    "expertise",
    [
        {"maatwerk": {"met": True, "motivation": "x"}},  # lde asked but not judged
        {"maatwerk": {"met": True, "motivation": "x"}, "bogus": {"met": True}},  # unknown key
        {"lde": {"met": True}},  # no motivation
        "yes",  # not an object
    ],
)
def test_malformed_per_framework_expertise_is_400(reviewer: APIClient, expertise: Any) -> None:
    app_id = complete(reviewer, frameworks=("maatwerk", "lde"))
    response = decide(
        reviewer, app_id, "2025-03-03", conditions={**ALL_MET, "expertise": expertise}
    )
    assert response.status_code == 400, response.content
    assert not Decision.objects.exists()


def test_per_framework_expertise_for_a_framework_not_asked_is_400(reviewer: APIClient) -> None:
    app_id = complete(reviewer, frameworks=("maatwerk",))
    response = decide(reviewer, app_id, "2025-03-03", conditions=_per_framework(True, True))
    assert response.status_code == 400
    per_framework_elsewhere = {
        **ALL_MET,
        "facilities": {"maatwerk": {"met": True, "motivation": "x"}},
    }
    response = decide(reviewer, app_id, "2025-03-03", conditions=per_framework_elsewhere)
    assert response.status_code == 400
    assert not Decision.objects.exists()


# --- the clock after an ending ----------------------------------------------------------------


def test_tick_leaves_a_closed_dossier_alone(reviewer: APIClient) -> None:
    from doorstroom.mandates.scheduled import mandates_tick

    closed = complete(reviewer, recognised=False)
    assert inadmissible(reviewer, closed, "2025-03-01").status_code == 201
    gone = complete(reviewer, recognised=True, number="0403.170.701")
    assert withdraw(reviewer, gone, "2025-03-01").status_code == 201
    report = mandates_tick(today=TODAY)
    assert report.overdue_marked == []
    assert detail(reviewer, closed)["status"] == "inadmissible"
    assert detail(reviewer, gone)["status"] == "withdrawn"


def test_a_withdrawn_renewal_does_not_silence_the_renewal_reminder(reviewer: APIClient) -> None:
    from doorstroom.mandates.scheduled import mandates_tick

    renewal = _renewal(reviewer)  # the mandate it renews ends 2025-02-28
    assert withdraw(reviewer, renewal, "2024-12-05").status_code == 201
    report = mandates_tick(today=date(2024, 12, 10))  # inside the reminder lead time
    assert len(report.renewal_reminders) == 1
