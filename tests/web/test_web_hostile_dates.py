"""Pages and dates out of range: a Dutch form error or a Dutch page, never a 500 (T9, R16).

The ESF monitoring dashboard and its exports refuse a period outside the known dates or longer
than ``rules.dates.PERIOD_MAX_YEARS`` years with a form error; any page whose service meets a
date before the first parameter value (``ParameterNotInForce``) or a date computation past
year 9999 answers a Dutch page (``common/hostile.HostileInputMiddleware.process_exception``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from doorstroom.common.hostile import HostileInputMiddleware
from doorstroom.rules.params import ParameterNotInForce

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client: Client, make_user: Any) -> Client:
    client.force_login(make_user("esf_officer"))
    return client


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("?from=1321-02-06&to=2024-03-31", "from", "Kies een datum van 01-01-2019"),
        ("?from=2018-12-31&to=2024-03-31", "from", "Kies een datum van 01-01-2019"),
        ("?from=2024-01-01&to=9999-12-31", "to", "Kies een datum van 01-01-2019"),
        ("?from=2019-01-01&to=2029-01-01", "to", "hoogstens 10 jaar"),
        ("?from=0001-01-01&to=9999-12-31", "from", "Kies een datum"),
    ],
)
def test_a_period_out_of_range_is_a_dutch_form_error(
    officer: Client, query: str, field: str, message: str
) -> None:
    response = officer.get(reverse("esf:dashboard") + query)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in response.content.decode()
    assert "card__value" not in response.content.decode()
    export = officer.get(reverse("esf:export_csv", args=["per-maand"]) + query)
    assert export.status_code == 400


@pytest.mark.parametrize(
    "query", ["?from=2019-01-01&to=2028-12-31", "?from=9899-01-01&to=9899-12-31"]
)
def test_the_longest_period_and_the_last_year_are_shown(officer: Client, query: str) -> None:
    response = officer.get(reverse("esf:dashboard") + query)
    assert response.status_code == 200
    assert response.context["form"].errors == {}


@pytest.mark.parametrize(
    "exception",
    [
        ParameterNotInForce("x", name="mandate_validity_years", on=date(1321, 2, 6)),
        OverflowError("date value out of range"),
        ValueError("year 10005 is out of range"),
    ],
)
def test_a_page_meeting_a_date_out_of_range_answers_a_dutch_page(
    rf: Any, make_user: Any, exception: Exception
) -> None:
    request = rf.post("/beoordeling/aanvragen/1/beslissing/", {"decided_on": "1321-02-06"})
    request.user = make_user("reviewer")
    middleware = HostileInputMiddleware(lambda r: None)  # type: ignore[arg-type,return-value]
    response = middleware.process_exception(request, exception)
    assert response is not None and response.status_code == 422
    assert "valt buiten het bereik" in response.content.decode()


def test_other_errors_are_left_to_django(rf: Any) -> None:
    middleware = HostileInputMiddleware(lambda r: None)  # type: ignore[arg-type,return-value]
    assert middleware.process_exception(rf.get("/"), ValueError("other")) is None
    assert middleware.process_exception(rf.get("/"), KeyError("x")) is None
