"""The API docs (/api/v1/docs/, issue 12): Swagger UI from the package (drf-spectacular-sidecar),
not a CDN, under the site's own Content Security Policy; every asset is same-origin and
answers. docs/security.md T19."""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings

from doorstroom.web.middleware import CSP


def references(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]*)"', html)


@pytest.mark.django_db
@override_settings(WHITENOISE_USE_FINDERS=True)  # static files as the demo serves them
def test_api_docs_come_from_our_own_origin_under_the_csp() -> None:
    client = Client()
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == CSP
    assert "unsafe-inline" not in CSP and "unsafe-eval" not in CSP
    html = response.content.decode()
    assert "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "an inline script"
    refs = references(html)
    assert len(refs) >= 5  # favicon, two stylesheets, bundle, preset, start script
    for ref in refs:
        assert ref.startswith("/") and not ref.startswith("//"), ref
        asset = client.get(ref.replace("&amp;", "&"))
        assert asset.status_code == 200, ref
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in refs
    script = client.get("/api/v1/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert script["Content-Security-Policy"] == CSP
    body = script.content.decode()
    assert "SwaggerUIBundle(" in body and '"/api/v1/schema/"' in body
    assert '"validatorUrl": null' in body  # no badge fetched from validator.swagger.io
    assert client.get("/api/v1/schema/").status_code == 200  # what the page loads next
