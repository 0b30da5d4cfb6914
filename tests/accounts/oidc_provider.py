"""A real OpenID provider on 127.0.0.1 for the sign-on tests (oidc-provider-mock, a Flask app
on werkzeug's server in a thread), with a hook to alter its token answers (tampering)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import oidc_provider_mock
import requests
import werkzeug.serving

TokenHook = Callable[[dict[str, Any]], dict[str, Any]]


class _TokenRewriter:
    """WSGI middleware: passes everything through, but lets a test rewrite /oauth2/token JSON."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.hook: TokenHook | None = None

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        if self.hook is None or environ.get("PATH_INFO") != "/oauth2/token":
            return self.app(environ, start_response)  # type: ignore[no-any-return]
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured.update(status=status, headers=headers)
            return lambda data: None

        body = json.loads(b"".join(self.app(environ, capture)))
        data = json.dumps(self.hook(body)).encode()
        headers = [(k, v) for k, v in captured["headers"] if k.lower() != "content-length"]
        start_response(captured["status"], [*headers, ("Content-Length", str(len(data)))])
        return [data]


@dataclass
class Provider:
    url: str
    rewriter: _TokenRewriter

    def set_user(self, sub: str, claims: dict[str, Any]) -> None:
        response = requests.put(f"{self.url}/users/{sub}", json=claims, timeout=10)
        assert response.status_code == 204, response.text

    def authorize(self, location: str, sub: str) -> str:
        """Submit the provider's sign-in form for ``sub``; the redirect back to us."""
        response = requests.post(location, data={"sub": sub}, allow_redirects=False, timeout=10)
        assert response.status_code == 302, response.text
        return str(response.headers["Location"])


@contextmanager
def running_provider(token_max_age: timedelta = timedelta(hours=1)) -> Iterator[Provider]:
    rewriter = _TokenRewriter(
        oidc_provider_mock.app(require_nonce=True, access_token_max_age=token_max_age)
    )
    server = werkzeug.serving.make_server("127.0.0.1", 0, rewriter, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield Provider(f"http://127.0.0.1:{server.server_port}", rewriter)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def provider_settings(url: str, key: str, **overrides: Any) -> dict[str, Any]:
    """One entry of settings.OIDC_PROVIDERS, as config/settings.py builds it from OIDC_<KEY>_*."""
    return {
        "key": key,
        "label": f"Aanmelden met {key.upper()}",
        "issuer": url,
        "client_id": f"doorstroom-{key}",
        "client_secret": "secret-" + key,
        "scopes": "openid email profile",
        "sign_algo": "RS256",
        "role_claim": "groups",
        "roles": {},
        "organisation_claim": "",
        **overrides,
    }
