"""Issue 15: on every page with a form, a refused submission puts one error summary first in
``main`` (web/base.html, ``{% error_summary %}``), above breadcrumbs, headings and sub-forms."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from doorstroom.accounts.models import User
from doorstroom.common import clock
from doorstroom.employees.services import evaluation_create
from doorstroom.esf import services as esf
from doorstroom.organisations.models import Organisation
from tests.conftest import complete_application
from tests.factories import make_partner
from tests.web.test_web_applicant_pages import draft_application, make_employee, make_trajectory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)


class MainChildren(HTMLParser):
    """The element children of <main>, in order: (tag, attributes)."""

    VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # inside main: 1 = a direct child's level
        self.children: list[tuple[str, dict[str, str]]] = []
        self.in_main = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self.in_main = True
            return
        if not self.in_main:
            return
        if self.depth == 0:
            self.children.append((tag, {k: v or "" for k, v in attrs}))
        if tag not in self.VOID:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.in_main = False
        elif self.in_main and tag not in self.VOID:
            self.depth -= 1


def main_children(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = MainChildren()
    parser.feed(html)
    return parser.children


def assert_summary_first(html: str) -> None:
    children = main_children(html)
    assert children, "no <main>"
    _tag, attrs = children[0]
    assert "error-summary" in attrs.get("class", "").split(), children[:3]
    assert html.count('class="error-summary"') == 1


def signed_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


Page = tuple[Client, str, dict[str, Any]]

TRAJECTORY_FORMS = {
    "applicant:activity_add",
    "applicant:internship_add",
    "applicant:suspension_add",
    "applicant:outcome_record",
}


def applicant_page(name: str, c: Client, partner: Organisation) -> Page:
    if name == "applicant:evidence_add":
        return c, reverse(name, args=[draft_application(partner).pk]), {}
    if name == "applicant:application_signatories":
        c.post(reverse("applicant:application_new"), {"kind": "new", "frameworks": "maatwerk"})
        return c, reverse(name), {"name_1": "", "function_1": ""}
    if name in TRAJECTORY_FORMS:
        trajectory = make_trajectory(partner, referred_on=date(2026, 1, 5))
        return c, reverse(name, args=[trajectory.pk]), {}
    if name == "applicant:local_network":
        return c, reverse(name), {"municipalities": "Nergensdorp"}
    return c, reverse(name), {}


def consultant_page(name: str, c: Client, partner: Organisation) -> Page:
    if name == "consultant:search":
        return c, reverse(name), {"national_number": "85073003329"}
    if name == "consultant:employee_new":
        return c, reverse(name), {"given_name": ""}
    worker = make_employee()
    if name == "consultant:evaluation_new":
        return c, reverse(name, args=[worker.pk]), {"evaluated_on": ""}
    evaluation = evaluation_create(
        employee=worker,
        evaluated_on=TODAY,
        needs_support=False,
        package_still_correct=True,
        criteria={
            code: {"favourable": True, "motivation": "Gunstig."}
            for code in ("personal_situation", "employer_continuity", "regional_prospects")
        },
    )
    return c, reverse(name, args=[evaluation.pk]), {"referred_on": ""}


def esf_page(name: str, c: Client, partner: Organisation) -> Page:
    if name == "esf:home":
        return c, reverse(name), {"code": ""}
    call = esf.call_create(
        code="499", title="Doorstroom", opens_on=date(2024, 1, 1), closes_on=date(2030, 1, 1)
    )
    project = esf.project_create(organisation=partner, call=call, submitted_on=TODAY)
    return c, reverse(name, args=[project.pk]), {"approved": ""}


def reviewer_page(name: str, c: Client, partner: Organisation) -> Page:
    if name == "reviewer:receipt_new":
        return c, reverse(name, args=[draft_application(partner).pk]), {"channel": ""}
    application = complete_application(partner, received_on=TODAY)
    return c, reverse(name, args=[application.pk]), {"decided_on": "", "action": "confirm"}


def beheer_page(name: str, c: Client, partner: Organisation) -> Page:
    return c, reverse(name), {}


ROLES: dict[str, tuple[str, Callable[[str, Client, Organisation], Page]]] = {
    "applicant": ("applicant", applicant_page),
    "beheer": ("admin", beheer_page),
    "consultant": ("consultant", consultant_page),
    "esf": ("esf_officer", esf_page),
    "reviewer": ("reviewer", reviewer_page),
}


def form_page(name: str, client: Client, make_user: Callable[..., User]) -> Page:
    """(signed-in client, url, data refused by the form) for one page with a form."""
    if name == "login":
        return client, reverse("login"), {"username": "niemand", "password": "fout"}
    partner = make_partner("Dichtbij Gent vzw", "9000", network=("44021",))
    role, page = ROLES[name.split(":")[0]]
    user = make_user(role, partner) if role == "applicant" else make_user(role)
    return page(name, signed_in(client, user), partner)


PAGES = [
    "applicant:site_add",
    "applicant:local_network",
    "applicant:application_new",
    "applicant:application_signatories",
    "applicant:project_new",
    "applicant:evidence_add",
    "applicant:activity_add",
    "applicant:internship_add",
    "applicant:suspension_add",
    "applicant:outcome_record",
    "beheer:user_new",
    "beheer:organisation_new",
    "beheer:call_new",
    "consultant:employee_new",
    "consultant:evaluation_new",
    "consultant:referral_new",
    "consultant:search",
    "esf:home",
    "esf:project",
    "reviewer:receipt_new",
    "reviewer:decision",
    "login",
]


@pytest.mark.parametrize("name", PAGES)
def test_a_refused_form_puts_the_summary_first_in_main(
    name: str, client: Client, make_user: Callable[..., User]
) -> None:
    c, url, data = form_page(name, client, make_user)
    response = c.post(url, data)
    assert response.status_code in (200, 400, 422), response.status_code
    assert_summary_first(response.content.decode())


def test_a_page_without_errors_has_no_summary(
    client: Client, make_user: Callable[..., User]
) -> None:
    c, url, _ = form_page("applicant:site_add", client, make_user)
    html = c.get(url).content.decode()
    assert "error-summary" not in html
    assert main_children(html)  # the parser found main
