"""Single sign-on with OpenID Connect, for one or more identity providers at once.

VDAB staff and partner staff may sign in through different providers (VDAB's own, the Flemish
government's access management for partners), so each provider of ``settings.OIDC_PROVIDERS``
has its button on the login page and its own client id, secret, scopes and claim mapping.
mozilla-django-oidc does the protocol (authorization code flow with PKCE and a nonce, the token
exchange, the signature check against the provider's JWKS); this module only chooses the
provider per request and turns claims into a role:

- the role comes from the provider's role claim (``groups`` by default) through its mapping;
  a person whose claims map to no role, or to several, is refused and logged; nobody gets a
  role by default;
- an applicant's organisation comes from an enterprise-number claim; an unknown number is
  refused (an applicant belongs to exactly one organisation);
- the claims are the truth at every sign-in: a changed group changes the role.

The ID token must carry this provider as ``iss`` and this client in ``aud``, and must not have
expired; anything else is refused, never a server error.

A way into the pages, like the login page that shows its buttons (`web/login.py`): it sits in
web/, above the accounts it signs in and the organisations it maps the claim onto
(docs/architecture.md *Layers*).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from doorstroom.accounts.models import Role, User
from doorstroom.common.identifiers import enterprise_number_compact
from doorstroom.organisations.models import Organisation

logger = logging.getLogger("doorstroom.web.oidc")

#: The session key mapping each pending sign-in's state to its provider (two tabs, two providers).
_STATES = "oidc_state_providers"
_PROVIDER = "oidc_provider"
_REFUSAL = "oidc_refusal"


@dataclass(frozen=True)
class Provider:
    key: str
    label: str
    issuer: str
    client_id: str
    client_secret: str
    scopes: str = "openid email profile"
    sign_algo: str = "RS256"
    role_claim: str = "groups"
    roles: dict[str, str] = field(default_factory=dict)
    organisation_claim: str = ""

    @property
    def endpoints(self) -> dict[str, str]:
        return discovery(self.issuer)


def providers() -> list[Provider]:
    configs: dict[str, dict[str, Any]] = settings.OIDC_PROVIDERS
    return [Provider(**config) for config in configs.values()]


def provider(key: str) -> Provider:
    config: dict[str, Any] | None = settings.OIDC_PROVIDERS.get(key)
    if config is None:
        raise Http404(key)
    return Provider(**config)


@lru_cache(maxsize=16)
def discovery(issuer: str) -> dict[str, str]:
    """The provider's endpoints from its discovery document (fetched once per process)."""
    response = requests.get(
        f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT
    )
    response.raise_for_status()
    document: dict[str, str] = response.json()
    if document.get("issuer", "").rstrip("/") != issuer:
        raise SuspiciousOperation("The discovery document names another issuer.")
    return document


# Claims → role and organisation ---------------------------------------------------------------


class Refused(Exception):
    """The person is known to the provider but may not use doorstroom (a Dutch reason)."""


def _claim_values(claims: dict[str, Any], name: str) -> list[str]:
    value = claims.get(name)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(item) for item in value]
    return [str(value)]


def role_from_claims(config: Provider, claims: dict[str, Any]) -> str:
    """The one role the provider's mapping gives these claims; refused when none or several."""
    roles = {
        config.roles[value]
        for value in _claim_values(claims, config.role_claim)
        if value in config.roles
    }
    roles &= set(Role.values)
    if len(roles) != 1:
        raise Refused(
            "Uw account geeft geen toegang tot doorstroom: er hoort geen rol bij."
            if not roles
            else "Uw account heeft meer dan één rol in doorstroom; vraag uw beheerder er één."
        )
    return roles.pop()


def organisation_from_claims(config: Provider, claims: dict[str, Any]) -> int | None:
    values = _claim_values(claims, config.organisation_claim) if config.organisation_claim else []
    numbers = {enterprise_number_compact(value) for value in values} - {None}
    if len(numbers) != 1:
        return None
    organisation = Organisation.objects.filter(enterprise_number=numbers.pop()).first()
    return organisation.pk if organisation else None


# The backend --------------------------------------------------------------------------------


class ProviderBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, configured per request by the provider of the sign-in."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The parent reads one provider's settings here; ours are chosen in authenticate().
        self.UserModel = get_user_model()
        self.config: Provider | None = None

    def get_settings(self, attr: str, *args: Any) -> Any:
        if attr == "OIDC_RP_SCOPES" and self.config:
            return self.config.scopes
        return import_from_settings(attr, *args)

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Any:
        if request is None or "code" not in request.GET:
            return None  # a password sign-in, or an API token: not ours
        key = request.session.get(_STATES, {}).get(request.GET.get("state", ""))
        if key is None or key not in settings.OIDC_PROVIDERS:
            return None
        config = provider(key)
        endpoints = config.endpoints
        self.config = config
        self.OIDC_OP_TOKEN_ENDPOINT = endpoints["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = endpoints["userinfo_endpoint"]
        self.OIDC_OP_JWKS_ENDPOINT = endpoints["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = config.client_id
        self.OIDC_RP_CLIENT_SECRET = config.client_secret
        self.OIDC_RP_SIGN_ALGO = config.sign_algo
        self.OIDC_RP_IDP_SIGN_KEY = None
        user = super().authenticate(request, **kwargs)
        if user is not None:
            request.session[_PROVIDER] = key
        return user

    def retrieve_matching_jwk(self, token: Any) -> Any:
        """The provider's signing key: the one named by the token's ``kid``, or, for a provider
        that names none, its only key for this algorithm. A JWKS that cannot be read refuses."""
        try:
            header = jwt.get_unverified_header(token)
            response = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            keys = [
                key
                for key in response.json().get("keys", [])
                if key.get("alg", header.get("alg")) == header.get("alg")
                and key.get("use", "sig") == "sig"
            ]
        except (jwt.InvalidTokenError, requests.RequestException, ValueError) as exc:
            raise SuspiciousOperation(f"Signing key unavailable: {type(exc).__name__}") from exc
        if "kid" in header:
            keys = [key for key in keys if key.get("kid") == header["kid"]]
        if len(keys) != 1:
            raise SuspiciousOperation("No single signing key matches the ID token.")
        return jwt.PyJWK(keys[0])

    def _verify_jws(self, payload: Any, key: Any) -> dict[str, Any]:
        """Signature, issuer, audience and expiry: any failure is a refusal, not a 500."""
        assert self.config is not None  # noqa: S101 - set by authenticate()
        try:
            header = jwt.get_unverified_header(payload)
            if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
                raise SuspiciousOperation("Unexpected signing algorithm.")
            claims: dict[str, Any] = jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.config.client_id,
                issuer=self.config.issuer,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
                leeway=30,
            )
        except jwt.InvalidTokenError as exc:
            raise SuspiciousOperation(f"ID token refused: {type(exc).__name__}") from exc
        return claims

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        assert self.config is not None  # noqa: S101
        return User.objects.filter(
            identity_provider=self.config.key, identity_subject=str(claims["sub"])
        )

    def _role_and_organisation(self, claims: dict[str, Any]) -> tuple[str, int | None]:
        assert self.config is not None  # noqa: S101
        role = role_from_claims(self.config, claims)
        organisation = organisation_from_claims(self.config, claims)
        if role == Role.APPLICANT and organisation is None:
            raise Refused(
                "Uw account hoort bij geen organisatie die doorstroom kent. Vraag de Dienst "
                "samenwerking om uw organisatie te registreren."
            )
        return role, organisation if role == Role.APPLICANT else None

    def create_user(self, claims: dict[str, Any]) -> User:
        assert self.config is not None  # noqa: S101
        role, organisation = self._role_and_organisation(claims)
        with transaction.atomic():
            user = User(
                username=f"{self.config.key}:{claims['sub']}"[:150],
                email=str(claims.get("email", ""))[:254],
                first_name=str(claims.get("given_name", ""))[:150],
                last_name=str(claims.get("family_name", ""))[:150],
                role=role,
                organisation_id=organisation,
                identity_provider=self.config.key,
                identity_subject=str(claims["sub"]),
                is_staff=role == Role.ADMIN,
                is_superuser=role == Role.ADMIN,
            )
            user.set_unusable_password()
            user.save()
        logger.info("single sign-on: new user %s (%s) via %s", user.pk, role, self.config.key)
        return user

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        """The claims are the truth at every sign-in: role and organisation follow them."""
        role, organisation = self._role_and_organisation(claims)
        if (user.role, user.organisation_id) != (role, organisation):
            user.role, user.organisation_id = role, organisation
            user.is_staff = user.is_superuser = role == Role.ADMIN
            user.save(update_fields=["role", "organisation", "is_staff", "is_superuser"])
        return user

    def get_or_create_user(self, access_token: str, id_token: str, payload: Any) -> Any:
        try:
            return super().get_or_create_user(access_token, id_token, payload)
        except Refused as refusal:
            assert self.config is not None  # noqa: S101
            logger.warning(
                "single sign-on refused via %s for subject %s: %s",
                self.config.key,
                payload.get("sub", "?"),
                refusal,
            )
            self.request.session[_REFUSAL] = str(refusal)
            return None


# The views ----------------------------------------------------------------------------------


class ProviderStartView(OIDCAuthenticationRequestView):
    """``/aanmelden/oidc/<provider>/``: to the provider's sign-in page (PKCE, nonce, state)."""

    def __init__(self, **kwargs: Any) -> None:
        View.__init__(self, **kwargs)  # the parent would read one global provider here

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.config = provider(kwargs["provider"])

    def get_settings(self, attr: str, *args: Any) -> Any:
        if attr == "OIDC_RP_SCOPES":
            return self.config.scopes
        return import_from_settings(attr, *args)

    def get(self, request: HttpRequest, provider: str = "") -> HttpResponse:
        try:
            self.OIDC_OP_AUTH_ENDPOINT = self.config.endpoints["authorization_endpoint"]
        except (requests.RequestException, ValueError, KeyError, SuspiciousOperation):
            logger.warning("single sign-on: provider %s unreachable", self.config.key)
            return _refused(request, "De aanmeldingsdienst is nu niet bereikbaar.", status=503)
        self.OIDC_RP_CLIENT_ID = self.config.client_id
        response = super().get(request)
        states = request.session["oidc_states"]
        pending = {s: k for s, k in request.session.get(_STATES, {}).items() if s in states}
        request.session[_STATES] = {**pending, **{s: self.config.key for s in states}}
        request.session.pop(_REFUSAL, None)
        return response


class ProviderCallbackView(OIDCAuthenticationCallbackView):
    """``/aanmelden/oidc/terug/``: a forged, tampered or expired answer is a refusal page."""

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            return super().get(request)
        except (SuspiciousOperation, requests.RequestException, ValueError) as exc:
            # A forged state, a refused code, a provider answering garbage: never a 500.
            logger.warning("single sign-on refused: %s", type(exc).__name__)
            return _refused(request, "De aanmelding kon niet worden bevestigd. Probeer opnieuw.")


def _refused(request: HttpRequest, reason: str, status: int = 403) -> HttpResponse:
    return render(
        request,
        "registration/refused.html",
        {"reason": reason, "providers": providers()},
        status=status,
    )


def refused(request: HttpRequest) -> HttpResponse:
    """Where a refused sign-in lands: the reason in Dutch and the way back."""
    reason = request.session.pop(_REFUSAL, "") or "De aanmelding is niet gelukt."
    return _refused(request, reason)


def provider_logout_url(request: HttpRequest) -> str:
    """After our logout: the provider's own logout when the user came from one."""
    key = request.session.get(_PROVIDER)
    after = request.build_absolute_uri(settings.LOGOUT_REDIRECT_URL)
    if not key or key not in settings.OIDC_PROVIDERS:
        return str(settings.LOGOUT_REDIRECT_URL)
    try:
        end_session = provider(key).endpoints.get("end_session_endpoint")
    except (requests.RequestException, ValueError, SuspiciousOperation):
        end_session = None
    if not end_session:
        return str(settings.LOGOUT_REDIRECT_URL)
    params = {"post_logout_redirect_uri": after, "client_id": provider(key).client_id}
    if request.session.get("oidc_id_token"):
        params["id_token_hint"] = request.session["oidc_id_token"]
    return f"{end_session}?{urlencode(params)}"


def start_url(key: str) -> str:
    return reverse("oidc_start", kwargs={"provider": key})
