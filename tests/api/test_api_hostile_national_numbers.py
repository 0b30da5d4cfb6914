"""A national number in a URL is refused before any view or log sees it (API.md, T3).

``common/hostile.HostileInputMiddleware`` reads the path and the query string of every request:
a national number (a valid checksum in any usual spelling, or the separated spelling
``yy.mm.dd-nnn.cc`` even when mistyped) answers 400 problem+json ``national_number_in_url``
under /api/ (pointing to the POST search); a page sends a signed-in user back to the same
page without the query string, with a message, and anyone else gets a Dutch 400 page. No log
record of the request holds the number (scanned with ``tests/security/log_scan.py``).
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client

from doorstroom.common.hostile import (
    MaskNationalNumbers,
    contains_national_number,
    mask_national_numbers,
)
from tests.api.hostile import admin, filled, operations, problem
from tests.security.conftest import World
from tests.security.log_scan import find_national_numbers

NUMBER = "85073003328"
SPELLINGS = [NUMBER, "85.07.30-033.28", "850730-033.28", "85 07 30 033 28", "85.07.30-033.29"]
NOT_NUMBERS = ["12345678901", "85.07.30-***.**", str(2**63), "2019-01-01", "0403.170.701"]

GETS = [op for op in operations() if op.method == "GET"]


@pytest.fixture
def records() -> Any:
    """Every log record of every logger while the test runs (the request loggers included)."""
    seen: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record)

    handler = Keep(level=logging.DEBUG)
    loggers = [logging.getLogger(), *(logging.getLogger(n) for n in ("django.server",))]
    for target in loggers:
        target.addHandler(handler)
    yield seen
    for target in loggers:
        target.removeHandler(handler)


def _leaked(records: list[logging.LogRecord]) -> list[str]:
    return [n for r in records for n in find_national_numbers(r.getMessage())]


def _assert_refused(answer: Any) -> None:
    body = problem(answer, 400)
    assert [r["code"] for r in body["reasons"]] == ["national_number_in_url"]
    assert "employees/search" in body["detail"]


@pytest.mark.parametrize("op", GETS, ids=[o.id for o in GETS])
def test_every_api_get_refuses_a_national_number_in_its_query(
    world: World, db: Any, op: Any, records: list[logging.LogRecord]
) -> None:
    client = admin(world)
    url = filled(op.path, world)
    names = [name for name, _, _ in op.query] or ["q"]
    for name in names:
        for spelling in SPELLINGS:
            _assert_refused(client.get(f"{url}?{name}={quote(spelling)}"))
    assert _leaked(records) == []


def test_the_employee_list_search_is_refused_and_never_logged(
    world: World, db: Any, records: list[logging.LogRecord]
) -> None:
    from doorstroom.privacy.models import AccessLog

    before = AccessLog.objects.count()
    client = admin(world)
    for spelling in SPELLINGS:
        _assert_refused(client.get("/api/v1/employees/", {"q": spelling}))
        _assert_refused(client.post(f"/api/v1/employees/?q={quote(spelling)}", {}, format="json"))
    _assert_refused(client.get(f"/api/v1/employees/{NUMBER}/"))
    assert AccessLog.objects.count() == before  # the view never ran
    assert _leaked(records) == []
    assert records, "the request loggers were heard"


@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_other_numbers_pass(world: World, db: Any, value: str) -> None:
    answer = admin(world).get("/api/v1/employees/", {"q": value})
    assert answer.status_code == 200


def test_a_search_page_sends_the_consultant_back_without_the_number(
    world: World, db: Any, records: list[logging.LogRecord]
) -> None:
    from doorstroom.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(pk=world.users["consultant"]))
    answer = client.get(f"/begeleiding/zoeken/?q={quote('85.07.30-033.28')}")
    assert answer.status_code == 302
    assert answer["Location"] == "/begeleiding/zoeken/"
    page = client.get(answer["Location"])
    assert "rijksregisternummer" in page.content.decode().lower()
    assert NUMBER not in page.content.decode()
    assert _leaked(records) == []


def test_an_anonymous_page_request_gets_a_dutch_400(db: Any) -> None:
    answer = Client().get(f"/aanmelden/?next=/x/{NUMBER}/")
    assert answer.status_code == 400
    text = answer.content.decode()
    assert "rijksregisternummer" in text.lower() and NUMBER not in text


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_spelling_is_found_and_masked(spelling: str) -> None:
    text = f"GET /api/v1/employees/?q={spelling} HTTP/1.1"
    assert contains_national_number(text)
    masked = mask_national_numbers(text)
    assert "85.07.30-***.**" in masked and find_national_numbers(masked) == []


@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_other_text_is_left_alone(value: str) -> None:
    assert not contains_national_number(value)
    assert mask_national_numbers(value) == value


def test_the_request_loggers_mask_national_numbers() -> None:
    """The development server logs the whole request line: the filter masks it first."""
    server = logging.getLogger("django.server")
    assert any(isinstance(f, MaskNationalNumbers) for f in server.filters)
    seen: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.getMessage())

    handler = Keep()
    server.addHandler(handler)
    try:
        server.info('"%s" %s %s', f"GET /api/v1/employees/?q={NUMBER} HTTP/1.1", "400", "10")
    finally:
        server.removeHandler(handler)
    assert seen == ['"GET /api/v1/employees/?q=85.07.30-***.** HTTP/1.1" 400 10']
