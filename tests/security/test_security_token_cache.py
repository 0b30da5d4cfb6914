"""The API token lookup is kept per process, and a revoked or changed token or user is
refused (or seen changed) at once in the process that made the change."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from doorstroom.accounts.authentication import TOKENS, TokenCache
from doorstroom.accounts.models import Role, User
from doorstroom.accounts.services import token_create

pytestmark = pytest.mark.django_db

URL = "/api/v1/mandate-applications/"


def _client(key: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


@pytest.fixture
def reviewer(make_user: Any) -> tuple[User, str]:
    user: User = make_user("reviewer")
    return user, token_create(username=user.username).key


def _queries(api: APIClient) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert api.get(URL).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def test_the_cache_saves_the_token_query(reviewer: tuple[User, str]) -> None:
    _user, key = reviewer
    api = _client(key)
    TOKENS.clear()
    cold = _queries(api)
    warm = _queries(api)
    assert any("authtoken_token" in q for q in cold)
    assert not any("authtoken_token" in q for q in warm)
    assert len(warm) == len(cold) - 1


def test_a_revoked_token_is_refused_at_once(reviewer: tuple[User, str]) -> None:
    user, key = reviewer
    api = _client(key)
    assert api.get(URL).status_code == 200
    Token.objects.get(key=key).delete()  # revoked in the admin
    assert api.get(URL).status_code == 401
    renewed = token_create(username=user.username).key
    assert renewed != key
    assert _client(renewed).get(URL).status_code == 200
    assert api.get(URL).status_code == 401


def test_a_deactivated_user_is_refused_at_once(reviewer: tuple[User, str]) -> None:
    user, key = reviewer
    api = _client(key)
    assert api.get(URL).status_code == 200
    user.is_active = False
    user.save()
    assert api.get(URL).status_code == 401


def test_a_changed_role_counts_at_once(reviewer: tuple[User, str]) -> None:
    user, key = reviewer
    api = _client(key)
    assert api.get(URL).status_code == 200
    user.role = Role.CONSULTANT
    user.save()
    assert api.get(URL).status_code == 403


def test_a_deleted_user_is_refused_at_once(reviewer: tuple[User, str]) -> None:
    user, key = reviewer
    api = _client(key)
    assert api.get(URL).status_code == 200
    user.delete()
    assert api.get(URL).status_code == 401


def test_an_unknown_token_is_refused(db: Any) -> None:
    assert _client("0" * 40).get(URL).status_code == 401


@override_settings(API_TOKEN_CACHE_SECONDS=0)
def test_without_the_cache_every_request_looks_up(reviewer: tuple[User, str]) -> None:
    _user, key = reviewer
    api = _client(key)
    assert any("authtoken_token" in q for q in _queries(api))
    assert any("authtoken_token" in q for q in _queries(api))


def test_entries_expire_and_the_oldest_go_first() -> None:
    cache = TokenCache(max_entries=2)
    token = Token(key="a")
    cache.put("a", "user-a", token, until=10.0, generation=cache.generation)
    assert cache.get("a", 9.9) == ("user-a", token)
    assert cache.get("a", 10.0) is None  # expired
    for key in ("b", "c", "d"):
        cache.put(key, key, token, until=10.0, generation=cache.generation)
    assert cache.get("b", 0.0) is None
    assert cache.get("d", 0.0) == ("d", token)


def test_a_lookup_that_ran_across_a_revocation_is_not_kept() -> None:
    cache = TokenCache()
    generation = cache.generation
    cache.clear()  # a token revoked while the lookup ran
    cache.put("a", "user-a", Token(key="a"), until=10.0, generation=generation)
    assert cache.get("a", 0.0) is None


def test_each_request_gets_its_own_user_object(reviewer: tuple[User, str]) -> None:
    from doorstroom.accounts.authentication import CachedTokenAuthentication

    _user, key = reviewer
    first, _ = CachedTokenAuthentication().authenticate_credentials(key)
    second, _ = CachedTokenAuthentication().authenticate_credentials(key)
    assert first == second
    assert first is not second
