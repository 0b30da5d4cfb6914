"""The administrator's ESF call pages (/beheer/oproepen/): list with search and paging, a call's
page with its proposals, create and correct through the esf services; each refused write a
Dutch error and no change; other roles 403."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client

from doorstroom.accounts.models import User
from doorstroom.accounts.services import user_create
from doorstroom.esf import services as esf
from doorstroom.esf.models import Call
from doorstroom.organisations.models import Organisation

pytestmark = pytest.mark.django_db

OTHER_ROLES = ["applicant", "reviewer", "consultant", "esf_officer"]
NEW = {
    "code": "433",
    "title": "Doorstroom 2028",
    "opens_on": "2028-01-01",
    "closes_on": "2028-12-31",
}


@pytest.fixture
def admin(client: Client) -> Client:
    client.force_login(user_create(username="beheerder", role="admin"))
    return client


@pytest.fixture
def call(db: Any) -> Call:
    return esf.call_create(
        code="432", title="Doorstroom", opens_on=date(2024, 1, 1), closes_on=date(2024, 12, 31)
    )


def errors(response: Any) -> str:
    form = response.context["form"]
    return " ".join(str(e) for field in form.errors.values() for e in field)


def test_the_list_searches_and_pages(admin: Client, call: Call) -> None:
    start = date(2000, 1, 1)
    for n in range(25):
        opens = start + timedelta(days=n)
        esf.call_create(code=f"C{n:02}", title="Oud", opens_on=opens, closes_on=opens)
    page = admin.get("/beheer/oproepen/")
    assert page.context["page_obj"].paginator.count == 26
    assert page.context["rows"][0].code == "432"  # the newest first
    assert [c.code for c in admin.get("/beheer/oproepen/", {"page": 2}).context["rows"]] == ["C00"]
    assert [
        c.code for c in admin.get("/beheer/oproepen/", {"q": "doorstroom"}).context["rows"]
    ] == ["432"]


def test_the_call_page_shows_its_proposals(
    admin: Client, call: Call, organisation: Organisation
) -> None:
    esf.project_create(organisation=organisation, call=call, submitted_on=date(2024, 2, 1))
    page = admin.get(f"/beheer/oproepen/{call.pk}/").content.decode()
    assert "Oproep 432" in page and "Jobkracht Gent vzw" in page and "1 februari 2024" in page
    assert admin.get("/beheer/oproepen/999999/").status_code == 404


def test_a_call_is_created(admin: Client) -> None:
    response = admin.post("/beheer/oproepen/nieuw/", NEW)
    call = Call.objects.get(code="433")
    assert response["Location"] == f"/beheer/oproepen/{call.pk}/"
    assert (call.opens_on, call.closes_on) == (date(2028, 1, 1), date(2028, 12, 31))


def test_a_call_of_one_day_is_accepted(admin: Client) -> None:
    admin.post("/beheer/oproepen/nieuw/", {**NEW, "closes_on": "2028-01-01"})
    assert Call.objects.filter(code="433").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"code": ""}, "Vul de code van de oproep in."),
        ({"title": ""}, "Vul de titel in."),
        ({"opens_on": ""}, "Vul de datum in waarop de oproep opent."),
        ({"closes_on": ""}, "Vul de datum in waarop de oproep sluit."),
        ({"closes_on": "2027-12-31"}, "De oproep kan niet sluiten vóór hij opent."),
        ({"opens_on": "1 januari"}, "Vul bij ‘Opent op’ een geldige datum in"),
        ({"code": "432"}, "Deze code is al in gebruik."),
    ],
)
def test_a_bad_call_is_refused(
    admin: Client, call: Call, change: dict[str, str], message: str
) -> None:
    response = admin.post("/beheer/oproepen/nieuw/", {**NEW, **change})
    assert message in errors(response)
    assert Call.objects.count() == 1


def test_a_call_is_corrected(admin: Client, call: Call) -> None:
    url = f"/beheer/oproepen/{call.pk}/wijzigen/"
    assert admin.get(url).context["form"].initial["code"] == "432"
    assert admin.post(url, {**NEW, "code": "432"})["Location"] == f"/beheer/oproepen/{call.pk}/"
    call.refresh_from_db()
    assert (call.code, call.title, call.opens_on) == ("432", "Doorstroom 2028", date(2028, 1, 1))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"code": "500"}, "Deze code is al in gebruik."),
        ({"closes_on": "2027-12-31"}, "De oproep kan niet sluiten vóór hij opent."),
    ],
)
def test_a_bad_correction_changes_nothing(
    admin: Client, call: Call, change: dict[str, str], message: str
) -> None:
    esf.call_create(
        code="500", title="Ander", opens_on=date(2024, 1, 1), closes_on=date(2024, 2, 1)
    )
    response = admin.post(f"/beheer/oproepen/{call.pk}/wijzigen/", {**NEW, **change})
    assert message in errors(response)
    call.refresh_from_db()
    assert (call.code, call.title) == ("432", "Doorstroom")


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_may_not_manage_calls(
    client: Client,
    make_user: Callable[..., User],
    organisation: Organisation,
    call: Call,
    role: str,
) -> None:
    client.force_login(make_user(role, organisation if role == "applicant" else None))
    for url in ("/beheer/oproepen/", "/beheer/oproepen/nieuw/", f"/beheer/oproepen/{call.pk}/"):
        assert client.get(url).status_code == 403, url
    assert client.get(f"/beheer/oproepen/{call.pk}/wijzigen/").status_code == 403
    assert client.post("/beheer/oproepen/nieuw/", NEW).status_code == 403
    assert client.post(f"/beheer/oproepen/{call.pk}/wijzigen/", NEW).status_code == 403
    call.refresh_from_db()
    assert call.title == "Doorstroom" and Call.objects.count() == 1
