"""Uploads are refused by size before the body is read whole (common/uploads.py).

By Content-Length before a byte is read (the body stream here explodes when touched), and by
`LimitedUploadHandler` while a multipart body streams in; a chunked body without a length is
refused too. API: problem+json; pages: a Dutch page.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadhandler import StopUpload
from django.test import Client
from django.test.client import FakePayload, encode_multipart
from django.urls import reverse
from rest_framework.test import APIClient

from doorstroom.accounts.models import User
from doorstroom.common.uploads import MULTIPART_ROOM, LimitedUploadHandler
from doorstroom.intake.models import IncomingEmail
from doorstroom.mandates.models import Evidence, MandateApplication
from doorstroom.organisations.models import Organisation
from tests.conftest import make_pdf
from tests.web.test_web_applicant_pages import draft_application

pytestmark = pytest.mark.django_db

LIMIT = 10_000
BOUNDARY = "GRENS"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"


class UntouchableBody(io.RawIOBase):
    """A request body that fails the test when anything reads it."""

    def read(self, size: int = -1) -> bytes:
        raise AssertionError("the body was read")

    readline = read


class CountingPayload(FakePayload):
    """The test client's body, counting what the server read of it."""

    def __init__(self, content: bytes) -> None:
        super().__init__(content)
        self.taken = 0

    def read(self, size: int = -1) -> bytes:
        data = super().read(size)
        self.taken += len(data)
        return data


@pytest.fixture(autouse=True)
def _limits(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EVIDENCE_MAX_BYTES = LIMIT
    settings.INTAKE_MAX_BYTES = LIMIT


@pytest.fixture
def application(organisation: Organisation) -> MandateApplication:
    return draft_application(organisation)


@pytest.fixture
def staff(client: Client, make_user: Callable[..., User], organisation: Organisation) -> Client:
    client.force_login(make_user("applicant", organisation))
    return client


def api_url(application: MandateApplication) -> str:
    return f"/api/v1/mandate-applications/{application.pk}/evidence/"


def page_url(application: MandateApplication) -> str:
    return reverse("applicant:evidence_add", args=[application.pk])


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["detail"]
    return body


def multipart(file_bytes: bytes, **fields: str) -> bytes:
    from django.core.files.uploadedfile import SimpleUploadedFile

    data: dict[str, Any] = {
        "condition": "results",
        "file": SimpleUploadedFile("groot.pdf", file_bytes, "application/pdf"),
        **fields,
    }
    return encode_multipart(BOUNDARY, data)


# --- Content-Length above the limit: nothing is read --------------------------------------------


def test_api_refuses_a_declared_size_above_the_limit_unread(
    applicant: APIClient, application: MandateApplication
) -> None:
    response = applicant.generic(
        "POST",
        api_url(application),
        b"",
        content_type=MULTIPART,  # the API client's way
        CONTENT_TYPE=MULTIPART,  # the page client's way (it leaves it out for an empty body)
        CONTENT_LENGTH=str(LIMIT + MULTIPART_ROOM + 1),
        **{"wsgi.input": UntouchableBody()},
    )
    body = problem(response, 413)
    assert body["errors"]["file"] == [body["detail"]]
    assert "te groot" in body["detail"] and "9 kB" in body["detail"]
    assert not Evidence.objects.exists()


def test_api_within_the_declared_limit_still_works(
    applicant: APIClient, application: MandateApplication
) -> None:
    pdf = make_pdf()
    assert len(pdf) < LIMIT
    response = applicant.generic(
        "POST", api_url(application), multipart(pdf), content_type=MULTIPART
    )
    assert response.status_code == 201, response.content
    assert Evidence.objects.count() == 1


def test_page_refuses_a_declared_size_above_the_limit_unread(
    staff: Client, application: MandateApplication
) -> None:
    response = staff.generic(
        "POST",
        page_url(application),
        b"",
        content_type=MULTIPART,  # the API client's way
        CONTENT_TYPE=MULTIPART,  # the page client's way (it leaves it out for an empty body)
        CONTENT_LENGTH=str(LIMIT + MULTIPART_ROOM + 1),
        **{"wsgi.input": UntouchableBody()},
    )
    assert response.status_code == 413
    html = response.content.decode()
    assert "Upload geweigerd" in html
    assert "Het bestand is te groot: hoogstens 9 kB." in html
    assert f'href="{page_url(application)}"' in html
    assert not Evidence.objects.exists()


def test_anonymous_large_upload_is_refused_before_anything_else(
    client: Client, application: MandateApplication
) -> None:
    response = client.generic(
        "POST",
        page_url(application),
        b"",
        content_type=MULTIPART,  # the API client's way
        CONTENT_TYPE=MULTIPART,  # the page client's way (it leaves it out for an empty body)
        CONTENT_LENGTH=str(10**12),
        **{"wsgi.input": UntouchableBody()},
    )
    assert response.status_code == 413


def test_intake_refuses_a_declared_size_above_the_limit_unread(reviewer: APIClient) -> None:
    response = reviewer.generic(
        "POST",
        "/api/v1/intake/emails/",
        b"",
        content_type="message/rfc822",
        CONTENT_LENGTH=str(LIMIT + 1),
        **{"wsgi.input": UntouchableBody()},
    )
    body = problem(response, 413)
    assert "Het bericht is te groot" in body["detail"]
    assert "errors" not in body
    assert not IncomingEmail.objects.exists()


def test_intake_parser_stops_at_the_limit_too(reviewer: APIClient) -> None:
    """Defence in depth: a body that passed the middleware is still read only to the limit."""
    response = reviewer.post(
        "/api/v1/intake/emails/", b"x" * (LIMIT + 1), content_type="message/rfc822"
    )
    problem(response, 413)


# --- chunked: no length, nothing read ----------------------------------------------------------


@pytest.mark.parametrize("where", ["api", "page", "intake"])
def test_chunked_body_without_length_is_refused_unread(
    where: str,
    applicant: APIClient,
    reviewer: APIClient,
    staff: Client,
    application: MandateApplication,
) -> None:
    client: Any
    client, url, content_type = {
        "api": (applicant, api_url(application), MULTIPART),
        "page": (staff, page_url(application), MULTIPART),
        "intake": (reviewer, "/api/v1/intake/emails/", "message/rfc822"),
    }[where]
    response = client.generic(
        "POST",
        url,
        b"",
        content_type=content_type,
        CONTENT_TYPE=content_type,
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": UntouchableBody()},
    )
    assert response.status_code == 411
    if where == "page":
        assert "De grootte van de upload is niet opgegeven" in response.content.decode()
    else:
        problem(response, 411)


# --- mid-stream: the file part passes the limit ------------------------------------------------


@pytest.mark.parametrize("where", ["api", "page"])
def test_file_above_the_limit_stops_the_upload_mid_stream(
    where: str, applicant: APIClient, staff: Client, application: MandateApplication
) -> None:
    client: Any = applicant if where == "api" else staff
    url = api_url(application) if where == "api" else page_url(application)
    body = multipart(make_pdf(padding=70_000))  # more than one 64 KiB chunk
    assert LIMIT + MULTIPART_ROOM > len(body) > 64 * 1024  # passes the Content-Length check
    payload = CountingPayload(body)
    response = client.generic(
        "POST",
        url,
        b"",
        content_type=MULTIPART,  # the API client's way
        CONTENT_TYPE=MULTIPART,  # the page client's way (it leaves it out for an empty body)
        CONTENT_LENGTH=str(len(body)),
        **{"wsgi.input": payload},
    )
    assert response.status_code == 413
    if where == "api":
        assert "te groot" in problem(response, 413)["errors"]["file"][0]
    else:
        assert "Het bestand is te groot" in response.content.decode()
    assert payload.taken < len(body)  # the rest of the body was never read
    assert not Evidence.objects.exists()


def test_handler_raises_stop_upload_once_the_limit_is_passed() -> None:
    handler = LimitedUploadHandler(100)
    assert handler.receive_data_chunk(b"a" * 60, 0) == b"a" * 60
    assert handler.receive_data_chunk(b"a" * 40, 60) == b"a" * 40
    with pytest.raises(StopUpload) as stopped:
        handler.receive_data_chunk(b"a", 100)
    assert stopped.value.connection_reset
    assert handler.exceeded


def test_other_fields_above_the_memory_limit_are_refused(
    applicant: APIClient, application: MandateApplication, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = multipart(make_pdf(), description="x" * 5000)
    response = applicant.generic("POST", api_url(application), body, content_type=MULTIPART)
    problem(response, 413)


def test_broken_multipart_is_a_400_problem(
    applicant: APIClient, application: MandateApplication
) -> None:
    response = applicant.generic(
        "POST",
        api_url(application),
        b'--GRENS\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0x!\r\n--GRENS--\r\n",
        content_type=MULTIPART,
    )
    problem(response, 400)
    response = applicant.generic(
        "POST", api_url(application), b"x", content_type="multipart/form-data; boundary=\u00e9"
    )
    assert response.status_code == 400


def test_reads_are_not_limited(applicant: APIClient, application: MandateApplication) -> None:
    assert applicant.get(api_url(application)).status_code == 200


def test_page_refusal_in_english(staff: Client, application: MandateApplication) -> None:
    from django.conf import settings

    staff.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = staff.generic(
        "POST",
        page_url(application),
        b"",
        CONTENT_TYPE=MULTIPART,
        CONTENT_LENGTH=str(LIMIT + MULTIPART_ROOM + 1),
        **{"wsgi.input": UntouchableBody()},
    )
    assert response.status_code == 413
    html = response.content.decode()
    assert "Upload refused" in html and "The file is too large: at most 9 kB." in html
