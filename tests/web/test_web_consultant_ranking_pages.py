"""The consultant's ranking shows the first partners and, on request, more (R10)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from doorstroom.common import clock
from doorstroom.employees.models import Evaluation
from doorstroom.organisations.models import Organisation
from doorstroom.referrals.ranking import ranking_for
from doorstroom.referrals.services import referral_create
from tests.transition.test_transition_ranking_queries import bulk_partners
from tests.web import test_web_consultant_pages as pages

# The page tests' fixtures: an employer, an employee, a consultant logged in, an evaluation.
employer, employee, consultant = pages.employer, pages.employee, pages.consultant
web, evaluation = pages.web, pages.evaluation

pytestmark = pytest.mark.django_db


def _ranks(content: str) -> list[int]:
    return [int(n) for n in re.findall(r'<tr id="rang-(\d+)" tabindex="-1">', content)]


def test_first_twenty_then_more_on_request(web: Client, evaluation: Evaluation) -> None:
    bulk_partners(45)
    url = reverse("consultant:ranking", args=[evaluation.pk])
    first = web.get(url)
    content = first.content.decode()
    assert _ranks(content) == list(range(1, 21))
    assert "20 van 45 partners getoond." in content
    more = re.search(r'<a class="button button--secondary" href="([^"]+)"', content)
    assert more is not None
    assert more.group(1).replace("&amp;", "&") == "?toon=40#rang-21"
    assert "Toon meer partners" in content
    second = web.get(url, {"toon": "40"}).content.decode()
    assert _ranks(second) == list(range(1, 41))
    last = web.get(url, {"toon": "60"}).content.decode()
    assert _ranks(last) == list(range(1, 46))
    assert "45 van 45 partners getoond." in last
    assert "Toon meer partners" not in last
    # The rows are the live ranking's, in its order.
    whole = ranking_for(evaluation.employee, on=clock.today())
    names = re.findall(r'<th scope="row">([^<]+)</th>', last)[:45]
    assert names == [p.name for p in whole.eligible]


@pytest.mark.parametrize(("toon", "shown"), [("abc", 20), ("-5", 20), ("0", 20), ("33", 20)])
def test_a_bad_count_shows_the_first_twenty(
    web: Client, evaluation: Evaluation, toon: str, shown: int
) -> None:
    bulk_partners(45)
    url = reverse("consultant:ranking", args=[evaluation.pk])
    response = web.get(url, {"toon": toon})
    assert response.status_code == 200
    assert _ranks(response.content.decode()) == list(range(1, shown + 1))


def test_the_stored_ranking_is_shown_in_steps_too(web: Client, evaluation: Evaluation) -> None:
    bulk_partners(25)
    first = Organisation.objects.get(
        pk=ranking_for(evaluation.employee, on=clock.today()).eligible[0].partner_id
    )
    referral = referral_create(evaluation=evaluation, partner=first, referred_on=clock.today())
    assert len(referral.ranking["eligible"]) == 25  # the whole ranking is stored
    url = reverse("consultant:ranking", args=[evaluation.pk])
    content = web.get(url).content.decode()
    assert _ranks(content) == list(range(1, 21))
    assert "20 van 25 partners getoond." in content
    assert _ranks(web.get(url, {"toon": "40"}).content.decode()) == list(range(1, 26))


def test_in_english(web: Client, evaluation: Evaluation) -> None:
    bulk_partners(21)
    web.post(reverse("set_language"), {"language": "en"})
    content = web.get(reverse("consultant:ranking", args=[evaluation.pk])).content.decode()
    assert "20 of 21 partners shown." in content
    assert "Show more partners" in content
