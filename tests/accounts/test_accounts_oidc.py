"""Single sign-on against a real OpenID provider on 127.0.0.1 (oidc-provider-mock).

The provider's sign-in form is submitted with `requests`; doorstroom is driven through Django's
test client (tests/browser/test_browser_sso.py does the same in Chromium).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from django.test import Client, override_settings

from doorstroom.accounts.models import User
from doorstroom.organisations.models import Organisation
from doorstroom.web import oidc
from tests.accounts.oidc_provider import Provider, provider_settings, running_provider

pytestmark = pytest.mark.django_db

VDAB_ROLES = {"doorstroom-beoordelaars": "reviewer", "doorstroom-trajectbegeleiders": "consultant"}


@pytest.fixture
def idp() -> Iterator[Provider]:
    oidc.discovery.cache_clear()
    with running_provider() as provider:
        yield provider
    oidc.discovery.cache_clear()


@pytest.fixture
def sso(idp: Provider, settings: Any) -> Provider:
    settings.OIDC_PROVIDERS = {
        "vdab": provider_settings(idp.url, "vdab", roles=VDAB_ROLES),
        "partners": provider_settings(
            idp.url,
            "partners",
            roles={"partner-medewerker": "applicant"},
            organisation_claim="enterprise_number",
        ),
    }
    return idp


def sign_in(client: Client, idp: Provider, key: str, sub: str) -> Any:
    start = client.get(f"/aanmelden/oidc/{key}/")
    assert start.status_code == 302
    back = idp.authorize(start["Location"], sub)
    assert back.startswith("http://testserver/aanmelden/oidc/terug/?")
    return client.get(back.removeprefix("http://testserver"))


def test_the_authorization_request_uses_pkce_state_and_nonce(client: Client, sso: Provider) -> None:
    query = parse_qs(urlsplit(client.get("/aanmelden/oidc/vdab/")["Location"]).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert query["client_id"] == ["doorstroom-vdab"]
    assert query["state"] and query["nonce"]
    assert query["scope"] == ["openid email profile"]


def test_a_group_claim_becomes_the_role(client: Client, sso: Provider) -> None:
    sso.set_user(
        "an-1",
        {
            "groups": ["doorstroom-beoordelaars", "alle-medewerkers"],
            "email": "an@vdab.be",
            "given_name": "An",
        },
    )
    response = sign_in(client, sso, "vdab", "an-1")
    assert response.status_code == 302 and response["Location"] == "/"
    user = User.objects.get(identity_provider="vdab", identity_subject="an-1")
    assert (user.role, user.email, user.first_name) == ("reviewer", "an@vdab.be", "An")
    assert not user.has_usable_password()
    assert client.get("/").url == "/beoordeling/"


def test_the_claims_are_the_truth_at_every_sign_in(client: Client, sso: Provider) -> None:
    sso.set_user("bert", {"groups": ["doorstroom-beoordelaars"]})
    sign_in(client, sso, "vdab", "bert")
    client.logout()
    sso.set_user("bert", {"groups": ["doorstroom-trajectbegeleiders"]})
    sign_in(client, sso, "vdab", "bert")
    assert User.objects.get(identity_subject="bert").role == "consultant"
    assert User.objects.filter(identity_subject="bert").count() == 1


def test_a_partner_gets_the_organisation_of_its_enterprise_number(
    client: Client, sso: Provider, organisation: Organisation
) -> None:
    sso.set_user("carla", {"groups": "partner-medewerker", "enterprise_number": "BE0403170701"})
    sign_in(client, sso, "partners", "carla")
    user = User.objects.get(identity_provider="partners", identity_subject="carla")
    assert (user.role, user.organisation_id) == ("applicant", organisation.pk)
    assert client.get("/").url == "/partner/"


def test_the_same_subject_at_two_providers_is_two_people(
    client: Client, sso: Provider, organisation: Organisation
) -> None:
    sso.set_user(
        "x",
        {
            "groups": ["doorstroom-beoordelaars", "partner-medewerker"],
            "enterprise_number": "0403.170.701",
        },
    )
    sign_in(client, sso, "vdab", "x")
    client.logout()
    sign_in(client, sso, "partners", "x")
    assert sorted(
        User.objects.filter(identity_subject="x").values_list("identity_provider", "role")
    ) == [("partners", "applicant"), ("vdab", "reviewer")]


@pytest.mark.parametrize(
    ("key", "claims", "reason"),
    [
        ("vdab", {"groups": ["alle-medewerkers"]}, "er hoort geen rol bij"),
        ("vdab", {}, "er hoort geen rol bij"),
        ("vdab", {"groups": list(VDAB_ROLES)}, "meer dan één rol"),
        ("partners", {"groups": ["partner-medewerker"]}, "geen organisatie"),
        (
            "partners",
            {"groups": ["partner-medewerker"], "enterprise_number": "0202.239.951"},
            "geen organisatie",
        ),
    ],
)
def test_claims_that_map_to_no_role_are_refused_and_logged(
    client: Client,
    sso: Provider,
    organisation: Organisation,
    caplog: Any,
    key: str,
    claims: dict[str, Any],
    reason: str,
) -> None:
    sso.set_user("dirk", claims)
    with caplog.at_level(logging.WARNING, logger="doorstroom.web.oidc"):
        response = sign_in(client, sso, key, "dirk")
    assert response["Location"] == "/aanmelden/geweigerd/"
    page = client.get("/aanmelden/geweigerd/")
    assert page.status_code == 403
    assert reason in page.content.decode()
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(identity_subject="dirk").exists()
    assert any("refused" in r.getMessage() and "dirk" in r.getMessage() for r in caplog.records)


def test_a_tampered_id_token_is_refused(client: Client, sso: Provider) -> None:
    sso.set_user("eva", {"groups": ["doorstroom-beoordelaars"]})

    def tamper(body: dict[str, Any]) -> dict[str, Any]:
        header, _payload, signature = body["id_token"].split(".")
        claims = jwt.decode(body["id_token"], options={"verify_signature": False})
        claims["sub"] = "someone-else"
        forged = jwt.encode(claims, "not-the-key", algorithm="HS256").split(".")[1]
        return {**body, "id_token": f"{header}.{forged}.{signature}"}

    sso.rewriter.hook = tamper
    response = sign_in(client, sso, "vdab", "eva")
    assert response.status_code == 403
    assert "kon niet worden bevestigd" in response.content.decode()
    assert not User.objects.exists()


def _signed_by_the_provider(claims: dict[str, Any]) -> str:
    """A token the provider itself signs (its own key), for claims it would not issue us."""
    from oidc_provider_mock._storage import storage

    key = storage.jwk.get_private_key()
    return jwt.encode(claims, key, algorithm="RS256")


@pytest.mark.parametrize(
    "change",
    [{"aud": "another-app"}, {"iss": "http://127.0.0.1:1"}, {"exp": 1_000_000_000}],
    ids=["audience", "issuer", "expired"],
)
def test_a_genuine_token_with_wrong_claims_is_refused(
    client: Client, sso: Provider, change: dict[str, Any]
) -> None:
    """Signed by the provider, but for another client, by another issuer, or expired."""
    sso.set_user("fien", {"groups": ["doorstroom-beoordelaars"]})

    def resign(body: dict[str, Any]) -> dict[str, Any]:
        claims = jwt.decode(body["id_token"], options={"verify_signature": False})
        return {**body, "id_token": _signed_by_the_provider({**claims, **change})}

    sso.rewriter.hook = resign
    response = sign_in(client, sso, "vdab", "fien")
    assert response.status_code == 403
    assert not User.objects.exists()


def test_the_provider_refusing_the_code_is_a_refusal_page(client: Client, sso: Provider) -> None:
    """The code was issued to another client: the token endpoint answers 400."""
    sso.set_user("fien", {"groups": ["doorstroom-beoordelaars"]})
    start = client.get("/aanmelden/oidc/vdab/")
    location = start["Location"].replace("client_id=doorstroom-vdab", "client_id=other-app")
    response = client.get(sso.authorize(location, "fien").removeprefix("http://testserver"))
    assert response.status_code == 403
    assert "kon niet worden bevestigd" in response.content.decode()
    assert not User.objects.exists()


def test_an_expired_id_token_is_refused(client: Client, settings: Any) -> None:
    oidc.discovery.cache_clear()
    with running_provider(token_max_age=timedelta(minutes=-5)) as idp:
        settings.OIDC_PROVIDERS = {"vdab": provider_settings(idp.url, "vdab", roles=VDAB_ROLES)}
        idp.set_user("gert", {"groups": ["doorstroom-beoordelaars"]})
        response = sign_in(client, idp, "vdab", "gert")
    oidc.discovery.cache_clear()
    assert response.status_code == 403
    assert not User.objects.exists()


def test_a_callback_without_a_pending_sign_in_does_nothing(client: Client, sso: Provider) -> None:
    response = client.get("/aanmelden/oidc/terug/?code=abc&state=forged")
    assert response.status_code in (302, 403)
    assert "_auth_user_id" not in client.session


def test_an_unknown_provider_is_404_and_an_unreachable_one_a_clear_page(
    client: Client, settings: Any
) -> None:
    assert client.get("/aanmelden/oidc/nergens/").status_code == 404
    oidc.discovery.cache_clear()
    settings.OIDC_PROVIDERS = {"weg": provider_settings("http://127.0.0.1:9", "weg")}
    response = client.get("/aanmelden/oidc/weg/")
    assert response.status_code == 503
    assert "niet bereikbaar" in response.content.decode()


def test_logout_ends_the_session_here_and_at_the_provider(client: Client, sso: Provider) -> None:
    sso.set_user("hans", {"groups": ["doorstroom-beoordelaars"]})
    sign_in(client, sso, "vdab", "hans")
    response = client.post("/afmelden/")
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert f"{target.scheme}://{target.netloc}" == sso.url
    query = parse_qs(target.query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/aanmelden/"]
    assert query["id_token_hint"]
    assert "_auth_user_id" not in client.session


def test_login_page_offers_each_provider(client: Client, sso: Provider) -> None:
    page = client.get("/aanmelden/").content.decode()
    assert 'href="/aanmelden/oidc/vdab/"' in page and "Aanmelden met VDAB" in page
    assert 'href="/aanmelden/oidc/partners/"' in page
    assert 'name="password"' in page


@override_settings(PASSWORD_LOGIN=False)
def test_password_login_can_be_switched_off(client: Client, sso: Provider, make_user: Any) -> None:
    user = make_user("reviewer")
    user.set_password("een-lang-Wachtwoord-2026")
    user.save()
    page = client.get("/aanmelden/").content.decode()
    assert 'name="password"' not in page and "/aanmelden/oidc/vdab/" in page
    response = client.post(
        "/aanmelden/", {"username": user.username, "password": "een-lang-Wachtwoord-2026"}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_password_login_still_works_beside_the_providers(
    client: Client, sso: Provider, make_user: Any
) -> None:
    user = make_user("reviewer")
    user.set_password("een-lang-Wachtwoord-2026")
    user.save()
    response = client.post(
        "/aanmelden/", {"username": user.username, "password": "een-lang-Wachtwoord-2026"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
