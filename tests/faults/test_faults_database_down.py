"""The database unreachable: a 503 (problem+json under /api/, a Dutch page elsewhere) with
Retry-After instead of a 500, and the app recovers by itself when the database returns."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import DatabaseError, OperationalError, connection
from django.test import Client
from rest_framework.test import APIClient

from doorstroom.accounts.services import token_create
from tests.faults.live import Server, copy_test_database, drop_database, request, server_env


@pytest.fixture
def database_down(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], None]]:
    """Call to make every new query fail as a refused connection does; call the result back."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise OperationalError('connection to server at "db" failed: Connection refused')

    def down() -> None:
        from doorstroom.accounts.authentication import TOKENS

        monkeypatch.setattr(connection, "ensure_connection", refuse)
        TOKENS.clear()  # as after the cache's few seconds: the token lookup needs the database

    yield down
    monkeypatch.undo()


def assert_api_503(response: Any) -> None:
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == "30"
    body = json.loads(response.content)
    assert body["status"] == 503
    assert body["type"].endswith("/service-unavailable")
    assert body["title"] == "Service Unavailable"
    assert "databank" in body["detail"] and "database" in body["detail"]


@pytest.mark.django_db
def test_api_answers_503_then_recovers(
    reviewer: APIClient, database_down: Callable[[], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert reviewer.get("/api/v1/mandate-applications/").status_code == 200
    database_down()
    assert_api_503(reviewer.get("/api/v1/mandate-applications/"))  # token lookup fails
    assert_api_503(reviewer.post("/api/v1/organisations/", {}, format="json"))
    monkeypatch.undo()  # the database is back
    assert reviewer.get("/api/v1/mandate-applications/").status_code == 200


@pytest.mark.django_db
def test_pages_answer_a_dutch_503_then_recover(
    client: Client,
    make_user: Callable[..., Any],
    database_down: Callable[[], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client.force_login(make_user("reviewer"))
    assert client.get("/beoordeling/").status_code == 200
    database_down()
    response = client.get("/beoordeling/")  # the session lookup fails
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Tijdelijk niet beschikbaar" in page
    assert 'lang="nl-BE"' in page
    assert "Content-Security-Policy" in response
    monkeypatch.undo()
    assert client.get("/beoordeling/").status_code == 200


def test_an_error_raised_outside_a_view_is_a_503_too(rf: Any) -> None:
    """handler500 sees what a middleware raised (e.g. saving the session)."""
    from doorstroom.config.urls import handler500

    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = handler500(rf.get("/api/v1/mandates/"))
    assert_api_503(response)
    try:
        raise ValueError("a defect")
    except ValueError:
        assert handler500(rf.get("/api/v1/mandates/")).status_code == 500


def take_away(database_url: str) -> Callable[[], None]:
    """Make the real database unreachable; return the function that brings it back."""
    if database_url.startswith("sqlite"):
        directory = Path(database_url.removeprefix("sqlite:///")).parent
        away = directory.with_name("away")
        directory.rename(away)  # "unable to open database file"
        return lambda: away.rename(directory)
    name = database_url.rsplit("/", 1)[1]
    with connection._nodb_cursor() as cursor:
        for _ in range(20):  # kill the server's open connections, then hide the database
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                [name],
            )
            try:
                cursor.execute(f'ALTER DATABASE "{name}" RENAME TO "{name}_away"')
                break
            except DatabaseError:  # a worker reconnected meanwhile: try again
                time.sleep(0.2)

    def back() -> None:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'ALTER DATABASE "{name}_away" RENAME TO "{name}"')

    return back


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_server_survives_the_database_going_away_and_coming_back(
    make_user: Callable[..., Any], tmp_path: Path
) -> None:
    token = token_create(username=make_user("reviewer").username).key
    database_url = copy_test_database(tmp_path)
    server = Server(server_env(database_url, tmp_path), tmp_path / "server.log")
    api = server.url + "/api/v1/mandate-applications/"
    try:
        server.start()
        assert request("GET", api, token=token)[0] == 200
        bring_back = take_away(database_url)
        for _ in range(6):  # every worker, whatever connection it held
            status, headers, body = request("GET", api, token=token)
            assert status == 503, body
            assert headers["Content-Type"] == "application/problem+json"
            assert headers["Retry-After"] == "30"
            assert json.loads(body)["status"] == 503
        assert request("GET", server.url + "/healthz")[0] == 503
        bring_back()
        for _ in range(6):  # no restart: the next requests connect afresh
            assert request("GET", api, token=token)[0] == 200
        assert request("GET", server.url + "/healthz")[0] == 200
    finally:
        server.stop()
        drop_database(database_url)
