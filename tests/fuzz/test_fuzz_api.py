"""schemathesis against /api/v1/schema/: every operation, as every role, in-process (WSGI).

The first generated case of each operation is sent as every role (a token each), the next
ones each as the next role in turn, against two organisations' records
(tests/security/conftest.py); every response must be no server error and conform to the
schema: documented status code, documented content type, body matching the response schema.
Bounded for CI: ``MAX_EXAMPLES`` cases per operation (env ``FUZZ_MAX_EXAMPLES``), derandomized
so a failure replays.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode, checks
from schemathesis.specs.openapi import checks as openapi_checks

from tests.security.conftest import World

MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "10"))
ROLES = ("anonymous", "applicant_own", "reviewer", "consultant", "esf_officer", "admin")
CHECKS = [
    checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_schema_conformance,
]
SENT: dict[str, int] = {"cases": 0, "requests": 0}
SEEN: set[str] = set()

#: The WSGI app without a second django.setup() (that would reset the logging configuration).
# POST /intake/emails/ takes a raw e-mail: send the generated body as text.
schemathesis.serializer.alias("message/rfc822", "text/plain")
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", WSGIHandler())
# Examples and fuzzing (valid and invalid inputs); the exhaustive coverage phase and the
# stateful phase take far longer than a CI budget of a few minutes.
schema.config.phases.update(phases=["examples", "fuzzing"])
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=MAX_EXAMPLES
)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_api_never_fails_and_keeps_to_its_schema(
    case: Any, world: World, request: pytest.FixtureRequest
) -> None:
    # The first case of an operation goes out as every role; later ones each as the next role,
    # so all roles see every operation and the run stays within a few minutes.
    key = f"{case.method} {case.path}"
    first = key not in SEEN
    SEEN.add(key)
    SENT["cases"] += 1
    request.config.fuzz_counts = {"operations": len(SEEN), **SENT}  # type: ignore[attr-defined]
    roles = ROLES if first else (ROLES[SENT["cases"] % len(ROLES)],)
    for role in roles:
        headers = {"Authorization": f"Token {world.tokens[role]}"} if world.tokens[role] else {}
        response = case.call(headers=headers)
        SENT["requests"] += 1
        case.validate_response(response, checks=CHECKS, headers=headers)
