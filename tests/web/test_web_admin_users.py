"""The administrator's start page and user pages (/beheer/, /beheer/gebruikers/): lists with
search and paging, a user's page, create and edit through the accounts services, the API key
revoked; every refused write a Dutch error and no change; other roles 403."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from doorstroom.accounts.models import User
from doorstroom.accounts.services import token_create, user_create
from doorstroom.organisations.models import Organisation

pytestmark = pytest.mark.django_db

OTHER_ROLES = ["applicant", "reviewer", "consultant", "esf_officer"]


@pytest.fixture
def admin_user(db: Any) -> User:
    return user_create(username="beheerder", role="admin")


@pytest.fixture
def admin(client: Client, admin_user: User) -> Client:
    client.force_login(admin_user)
    return client


def errors(response: Any) -> str:
    """The error summary's text: the form's errors as the user reads them."""
    form = response.context["form"]
    return " ".join(str(e) for field in form.errors.values() for e in field)


def test_the_administrator_lands_on_the_beheer_page(admin: Client) -> None:
    assert admin.get("/")["Location"] == "/beheer/"
    page = admin.get("/beheer/").content.decode()
    for url in ("/beheer/gebruikers/", "/beheer/organisaties/", "/beheer/oproepen/"):
        assert f'href="{url}"' in page
    assert 'href="/beheer/registers/"' in page and 'href="/admin/"' in page
    assert "<h1>Beheer</h1>" in page


def test_the_pages_speak_english_through_the_switch(admin: Client) -> None:
    admin.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = admin.get("/beheer/gebruikers/").content.decode()
    assert "Users and roles" in page and "New user" in page


def test_the_list_searches_filters_and_pages(admin: Client, organisation: Organisation) -> None:
    for n in range(30):
        user_create(username=f"consulent{n:02}", role="consultant")
    user_create(username="partner", role="applicant", organisation_id=organisation.pk)
    page = admin.get("/beheer/gebruikers/", {"rol": "consultant"})
    assert page.context["page_obj"].paginator.count == 30
    second = admin.get("/beheer/gebruikers/", {"rol": "consultant", "page": 2})
    assert [u.username for u in second.context["rows"]] == [f"consulent{n}" for n in range(25, 30)]
    assert "rol=consultant&amp;page=1" in second.content.decode()
    found = admin.get("/beheer/gebruikers/", {"q": "Jobkracht"})
    assert [u.username for u in found.context["rows"]] == ["partner"]
    assert (
        admin.get("/beheer/gebruikers/", {"rol": "baas"}).context["page_obj"].paginator.count == 32
    )


def test_a_user_is_created_without_a_password(admin: Client, organisation: Organisation) -> None:
    response = admin.post(
        "/beheer/gebruikers/nieuw/",
        {"username": "an.peeters", "role": "applicant", "organisation": organisation.pk},
    )
    user = User.objects.get(username="an.peeters")
    assert response["Location"] == f"/beheer/gebruikers/{user.pk}/"
    assert (user.role, user.organisation_id) == ("applicant", organisation.pk)
    assert not user.has_usable_password()
    page = admin.get(response["Location"]).content.decode()
    assert "De gebruiker is aangemaakt." in page
    assert "pbkdf2" not in page and "password" not in page.lower()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"role": "reviewer"}, "Vul de gebruikersnaam in."),
        ({"username": "an peeters", "role": "reviewer"}, "Gebruik alleen letters, cijfers"),
        ({"username": "beheerder", "role": "reviewer"}, "Gebruiker 'beheerder' bestaat al."),
        ({"username": "nieuw"}, "Kies een rol."),
        ({"username": "nieuw", "role": "baas"}, "Kies een rol uit de lijst."),
        ({"username": "nieuw", "role": "applicant"}, "Een aanvrager hoort bij een organisatie."),
        (
            {"username": "nieuw", "role": "applicant", "organisation": 999999},
            "Kies een organisatie",
        ),
        ({"username": "nieuw", "role": "reviewer", "email": "geen-adres"}, "geldig e-mailadres"),
    ],
)
def test_a_bad_new_user_is_refused(admin: Client, data: dict[str, Any], message: str) -> None:
    before = User.objects.count()
    response = admin.post("/beheer/gebruikers/nieuw/", data)
    assert response.status_code == 200
    assert message in errors(response)
    assert 'class="error-summary"' in response.content.decode()
    assert User.objects.count() == before


def test_a_user_is_changed_and_blocked(admin: Client, organisation: Organisation) -> None:
    user = user_create(username="bert", role="applicant", organisation_id=organisation.pk)
    token_create(username="bert")
    edit = f"/beheer/gebruikers/{user.pk}/wijzigen/"
    assert admin.get(edit).context["form"].initial["organisation"] == organisation.pk
    response = admin.post(edit, {"role": "consultant", "email": "bert@vdab.be"})
    assert response["Location"] == f"/beheer/gebruikers/{user.pk}/"
    user.refresh_from_db()
    assert (user.role, user.organisation_id, user.email, user.is_active) == (
        "consultant",
        None,
        "bert@vdab.be",
        False,
    )
    assert not Token.objects.filter(user=user).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"role": "reviewer", "organisation": "own", "is_active": "on"}, "Alleen een aanvrager"),
        ({"role": "applicant", "is_active": "on"}, "Een aanvrager hoort bij een organisatie."),
        ({"role": "", "is_active": "on"}, "Kies een rol."),
    ],
)
def test_a_bad_change_is_refused(
    admin: Client, organisation: Organisation, data: dict[str, Any], message: str
) -> None:
    user = user_create(username="cis", role="reviewer")
    if data.get("organisation") == "own":
        data = {**data, "organisation": organisation.pk}
    response = admin.post(f"/beheer/gebruikers/{user.pk}/wijzigen/", data)
    assert message in errors(response)
    user.refresh_from_db()
    assert (user.role, user.organisation_id, user.is_active) == ("reviewer", None, True)


def test_the_last_administrator_cannot_block_himself(admin: Client, admin_user: User) -> None:
    response = admin.post(f"/beheer/gebruikers/{admin_user.pk}/wijzigen/", {"role": "admin"})
    assert "laatste actieve functioneel beheerder" in errors(response)
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_the_api_key_is_revoked(admin: Client) -> None:
    user = user_create(username="dirk", role="consultant")
    token_create(username="dirk")
    page = admin.get(f"/beheer/gebruikers/{user.pk}/").content.decode()
    assert "API-sleutel intrekken" in page
    assert Token.objects.get(user=user).key not in page  # the key itself is never shown
    response = admin.post(f"/beheer/gebruikers/{user.pk}/sleutel-intrekken/", follow=True)
    assert "De API-sleutel is ingetrokken." in response.content.decode()
    assert not Token.objects.filter(user=user).exists()
    again = admin.post(f"/beheer/gebruikers/{user.pk}/sleutel-intrekken/", follow=True)
    assert "Deze gebruiker had geen API-sleutel." in again.content.decode()
    assert admin.get(f"/beheer/gebruikers/{user.pk}/sleutel-intrekken/").status_code == 405


def test_an_unknown_user_is_not_found(admin: Client) -> None:
    assert admin.get("/beheer/gebruikers/999999/").status_code == 404
    assert admin.get("/beheer/gebruikers/999999/wijzigen/").status_code == 404


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_may_not_manage_users(
    client: Client,
    make_user: Callable[..., User],
    organisation: Organisation,
    admin_user: User,
    role: str,
) -> None:
    victim = user_create(username="els", role="reviewer")
    token_create(username="els")
    client.force_login(make_user(role, organisation if role == "applicant" else None))
    for name in ("beheer:home", "beheer:users", "beheer:user_new"):
        assert client.get(reverse(name)).status_code == 403
    for name in ("beheer:user", "beheer:user_edit"):
        assert client.get(reverse(name, args=[victim.pk])).status_code == 403
    assert (
        client.post("/beheer/gebruikers/nieuw/", {"username": "x", "role": "admin"}).status_code
        == 403
    )
    assert (
        client.post(
            f"/beheer/gebruikers/{victim.pk}/wijzigen/", {"role": "admin", "is_active": "on"}
        ).status_code
        == 403
    )
    assert client.post(f"/beheer/gebruikers/{victim.pk}/sleutel-intrekken/").status_code == 403
    victim.refresh_from_db()
    assert victim.role == "reviewer" and Token.objects.filter(user=victim).exists()
    assert not User.objects.filter(username="x").exists()
