# ruff: noqa: F811  (the fixtures are imported from the consultant page tests)
"""The consultant's home as a short work queue, and the ranking as a new user reads it: each
factor labelled once, scores with their scale, the same distance as the referral form."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from doorstroom.common import clock
from doorstroom.employees.models import Employee
from doorstroom.employees.services import PackageInput, employee_create
from doorstroom.organisations import services as organisations
from tests import factories
from tests.factories import enterprise_number
from tests.web.test_web_consultant_pages import (  # noqa: F401 (fixtures)
    consultant,
    employee,
    employer,
    evaluation,
    partners,
    web,
)

pytestmark = pytest.mark.django_db

NUMBERS = iter(range(6_400_001, 6_499_999))
SEQUENCE = iter(range(101, 999))


def national_number() -> str:
    """A valid number of someone born on 30 July 1985, a new one per call."""
    return factories.national_number(next(SEQUENCE))


def ending_on(days: int, name: str) -> Employee:
    """An employee whose package (five years from hiring) ends ``days`` from today."""
    today = clock.today()
    employer = organisations.organisation_create(
        enterprise_number=enterprise_number(next(NUMBERS)),
        name=f"Werkgever {name}",
        postal_code="8000",
    )
    hired = date(today.year - 5, today.month, 1) + timedelta(days=days + today.day - 1)
    return employee_create(
        national_number=national_number(),
        given_name=name,
        family_name="Test",
        postal_code="8000",
        employer=employer,
        framework="maatwerk",
        target_group="work_disability",
        hired_on=hired,
        package=PackageInput(wage_premium_percent=60, guidance_level="medium"),
    )


def test_home_is_a_short_queue_with_counts(web: Client, evaluation: Any) -> None:
    response = web.get(reverse("consultant:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<table") == 0  # lists, not long tables
    assert 'href="#te-verwijzen"' in html and 'href="#evaluatie-nodig"' in html
    assert response.context["to_refer"].paginator.per_page == 5


def test_an_ended_package_is_not_said_to_run_out(web: Client) -> None:
    soon = ending_on(30, "Binnenkort")
    html = web.get(reverse("consultant:home")).content.decode()
    section = html.split('id="evaluatie-nodig"')[1]
    row = section.split(f">{soon.given_name} Test</a>")[1].split("</li>")[0]
    assert "pakket loopt af op" in row and "verlopen" not in row


def test_a_package_ended_yesterday_says_expired(web: Client) -> None:
    gone = ending_on(-1, "Verlopen")
    html = web.get(reverse("consultant:home")).content.decode()
    section = html.split('id="evaluatie-nodig"')[1]
    if gone.given_name not in section:
        pytest.skip("the due list does not reach back this far")
    row = section.split(f">{gone.given_name} Test</a>")[1].split("</li>")[0]
    assert "pakket verlopen op" in row and "loopt af" not in row


def test_ranking_labels_each_factor_once_and_shows_the_scale(
    web: Client,
    evaluation: Any,
    partners: Any,
) -> None:
    html = web.get(reverse("consultant:ranking", args=[evaluation.pk])).content.decode()
    assert "Ervaring:</strong> Ervaring:" not in html
    assert "Ervaring: Ervaring" not in re.sub(r"<[^>]+>", "", html)
    assert "Score (0 tot 1)" in html
    assert re.search(r"\d,\d{3} van 1", html)


def test_ranking_and_referral_form_show_the_same_distance(
    web: Client,
    evaluation: Any,
    partners: Any,
) -> None:
    ranking = web.get(reverse("consultant:ranking", args=[evaluation.pk]))
    form = web.get(reverse("consultant:referral_new", args=[evaluation.pk]))
    labels = dict(form.context["form"].fields["partner"].choices)
    for p in ranking.context["ranking"]["eligible"]:
        km = p["distance_shown"]
        assert km is not None
        text = f"{km:.1f}".replace(".", ",")
        assert f"{text} km" in ranking.content.decode()
        assert f"{text} km" in labels[p["partner"]]
        assert f"op {text} km" in p["factor_explanations"]["proximity"]


def test_ranking_reads_as_a_list_on_a_phone(
    web: Client,
    evaluation: Any,
    partners: Any,
) -> None:
    html = web.get(reverse("consultant:ranking", args=[evaluation.pk])).content.decode()
    assert 'data-label="Score"' in html and 'data-label="Afstand"' in html
    assert "style=" not in html


def test_the_work_queue_and_ranking_in_english(web: Client, evaluation: Any, partners: Any) -> None:
    web.cookies["django_language"] = "en"
    home = web.get(reverse("consultant:home")).content.decode()
    assert "Choose a partner: transition decided, not referred yet" in home
    ranking = web.get(reverse("consultant:ranking", args=[evaluation.pk])).content.decode()
    assert "Score (0 to 1)" in ranking and "out of 1" in ranking


@pytest.mark.parametrize(
    ("shift", "says", "never"), [(0, "loopt af", "verlopen"), (-1, "verlopen", "loopt af")]
)
def test_the_title_matches_the_row_on_both_sides_of_the_last_day(
    web: Client, shift: int, says: str, never: str
) -> None:
    """A package whose last day is today still runs out ("loopt af"); one that ended yesterday
    has expired ("verlopen"): the day after the boundary, never before."""
    from doorstroom.employees.models import SupportPackage

    person = ending_on(30, "Grens")
    SupportPackage.objects.filter(employee=person).update(
        valid_until=clock.today() + timedelta(days=shift)
    )
    html = web.get(reverse("consultant:home")).content.decode()
    section = html.split('id="evaluatie-nodig"')[1]
    row = section.split(f">{person.given_name} Test</a>")[1].split("</li>")[0]
    assert f"pakket {says} op" in row and f"pakket {never} op" not in row
