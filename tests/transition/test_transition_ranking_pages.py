"""GET /evaluations/{id}/ranking/ answers a page of eligible partners in rank order (R10),
their count, the ineligible partners with their reason codes (R4), and a link to the next page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from doorstroom.common import clock
from doorstroom.employees.models import Employee, Evaluation
from doorstroom.employees.services import evaluation_create
from doorstroom.referrals.ranking import ranking_for
from tests.factories import make_partner
from tests.transition.test_transition_ranking_queries import BUDGET, BUDGET_WARM, bulk_partners

pytestmark = pytest.mark.django_db

FAVOURABLE = {
    c: {"favourable": True, "motivation": "ok"}
    for c in ("personal_situation", "employer_continuity", "regional_prospects")
}


def _evaluation(employee: Employee) -> Evaluation:
    return evaluation_create(
        employee=employee,
        evaluated_on=clock.today() - timedelta(days=1),
        needs_support=False,
        package_still_correct=True,
        criteria=FAVOURABLE,
    )


@pytest.fixture
def evaluation(employee: Employee) -> Evaluation:
    bulk_partners(45)
    return _evaluation(employee)


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_pages_follow_the_whole_ranking(api_for: Any, evaluation: Evaluation) -> None:
    consultant = api_for("consultant")
    url: str | None = f"/api/v1/evaluations/{evaluation.pk}/ranking/"
    pages = []
    while url is not None:
        response = consultant.get(url)
        assert response.status_code == 200, response.content
        pages.append(response.json())
        url = pages[-1]["next"]
    assert [len(p["eligible"]) for p in pages] == [20, 20, 5]
    assert [p["page"] for p in pages] == [1, 2, 3]
    assert all(p["eligible_count"] == 45 and p["page_size"] == 20 for p in pages)
    assert pages[0]["previous"] is None
    assert _query(pages[2]["previous"])["page"] == ["2"]
    shown = [row for p in pages for row in p["eligible"]]
    whole = ranking_for(evaluation.employee, on=clock.today())
    assert [(r["partner"], r["rank"], r["score"]) for r in shown] == [
        (p.partner_id, p.rank, p.score) for p in whole.eligible
    ]
    assert all(r["explanation"].startswith(f"Plaats {r['rank']} ") for r in shown)
    # The link keeps the day and the page size, so every page is of the same ranking.
    link = _query(pages[0]["next"])
    assert link["on"] == [clock.today().isoformat()]
    assert link["page_size"] == ["20"]
    assert link["page"] == ["2"]


def test_page_size_and_day(api_for: Any, evaluation: Evaluation) -> None:
    consultant = api_for("consultant")
    on = clock.today().isoformat()
    base = f"/api/v1/evaluations/{evaluation.pk}/ranking/"
    body = consultant.get(f"{base}?page_size=7&page=2&on={on}").json()
    assert [r["rank"] for r in body["eligible"]] == list(range(8, 15))
    assert body["on"] == on
    assert _query(body["next"])["page"] == ["3"]
    whole = consultant.get(f"{base}?page_size=200").json()
    assert len(whole["eligible"]) == 45
    assert whole["next"] is None
    beyond = consultant.get(f"{base}?page=9").json()
    assert beyond["eligible"] == []
    assert beyond["eligible_count"] == 45
    assert beyond["next"] is None


@pytest.mark.parametrize(
    "query",
    [
        "page_size=0",
        "page_size=201",
        "page_size=-1",
        "page_size=abc",
        "page=0",
        "page=-2",
        "page=x",
        "page=99999999999999999999",
        "on=2026-13-01",
    ],
)
def test_bad_paging_is_400(api_for: Any, evaluation: Evaluation, query: str) -> None:
    response = api_for("consultant").get(f"/api/v1/evaluations/{evaluation.pk}/ranking/?{query}")
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/problem+json")


def test_ineligible_partners_are_a_compact_list_of_reason_codes(
    api_for: Any, employee: Employee
) -> None:
    near = make_partner("Dichtbij vzw", "9000")
    no_esf = make_partner("Zonder ESF vzw", "9000", esf_project=False)
    body = api_for("consultant").get(f"/api/v1/evaluations/{_evaluation(employee).pk}/ranking/")
    body = body.json()
    assert [p["partner"] for p in body["eligible"]] == [near.pk]
    assert body["eligible_count"] == 1
    assert body["next"] is None
    assert body["ineligible"] == [
        {
            "partner": no_esf.pk,
            "partner_name": "Zonder ESF vzw",
            "reasons": [
                {
                    "code": "esf_project_required",
                    "rule": "R4",
                    "message": body["ineligible"][0]["reasons"][0]["message"],
                    "params": {"on": clock.today().isoformat()},
                }
            ],
        }
    ]
    assert body["ineligible"][0]["reasons"][0]["message"]


def test_the_ineligible_answer_follows_the_facts_and_the_language(
    api_for: Any, employee: Employee
) -> None:
    """The ineligible partners' answer is kept per process for a day's list and a language
    (referrals.api._ineligible_out): a new fact or another language answers anew."""
    make_partner("Dichtbij vzw", "9000")
    make_partner("Zonder ESF vzw", "9000", esf_project=False)
    consultant = api_for("consultant")
    url = f"/api/v1/evaluations/{_evaluation(employee).pk}/ranking/"
    first = consultant.get(url).json()["ineligible"]
    assert consultant.get(f"{url}?page=2").json()["ineligible"] == first
    english = consultant.get(url, HTTP_ACCEPT_LANGUAGE="en").json()["ineligible"]
    assert [p["partner"] for p in english] == [p["partner"] for p in first]
    assert english[0]["reasons"][0]["message"] != first[0]["reasons"][0]["message"]
    later = make_partner("Later zonder ESF vzw", "2000", esf_project=False)
    again = consultant.get(url).json()["ineligible"]
    assert [p["partner"] for p in again] == [p["partner"] for p in first] + [later.pk]
    assert again[0] == first[0]


@pytest.mark.parametrize("partners", [5, 500])
@pytest.mark.parametrize("page", [1, 2])
def test_a_page_costs_the_same_queries_whatever_the_partners(
    api_for: Any,
    employee: Employee,
    django_assert_max_num_queries: Any,
    partners: int,
    page: int,
) -> None:
    bulk_partners(partners)
    evaluation = _evaluation(employee)
    consultant = api_for("consultant")
    url = f"/api/v1/evaluations/{evaluation.pk}/ranking/?page={page}&page_size=3"
    with django_assert_max_num_queries(BUDGET):
        response = consultant.get(url)
    assert response.status_code == 200
    assert response.json()["eligible_count"] == partners
    with django_assert_max_num_queries(BUDGET_WARM):
        again = consultant.get(url)
    assert again.json() == response.json()
