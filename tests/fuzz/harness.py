"""What the fuzz tests share: the schema under test, the roles, the checks and the tally.

schemathesis loads /api/v1/schema/ from the WSGI app in-process and runs all four of its
phases: ``examples`` (the schema's examples), ``coverage`` (every boundary and every violation
of each constraint the schema states, one case each), ``fuzzing`` (random valid and invalid
inputs) and ``stateful`` (chains of calls that follow the links between operations). Every
response must pass the four checks below. The tally counts what each phase and role sent, and
the session prints it (conftest.py) so a run can be quoted.
"""

from __future__ import annotations

import os
from collections import Counter
from typing import Any

import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from schemathesis import GenerationMode, checks
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi import checks as openapi_checks

from tests.security.conftest import OWN, World

#: Fuzzing cases per operation (the coverage phase has no such limit: it derives its cases from
#: the schema's constraints), and stateful scenarios per role. ``make fuzz`` asks for more.
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "10"))
#: "admin" and every role of the API (an applicant of the partner that owns the records).
ROLES = ("anonymous", "applicant_own", "reviewer", "consultant", "esf_officer", "admin")
CHECKS = [
    checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_schema_conformance,
]

#: phase -> cases generated; (phase, role) -> requests sent; the operations seen.
CASES: Counter[str] = Counter()
REQUESTS: Counter[tuple[str, str]] = Counter()
OPERATIONS: set[str] = set()

# POST /intake/emails/ takes a raw e-mail: send the generated body as text.
schemathesis.serializer.alias("message/rfc822", "text/plain")
#: The WSGI app without a second django.setup() (that would reset the logging configuration).
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", WSGIHandler())
schema.config.phases.update(phases=["examples", "coverage", "fuzzing", "stateful"])
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=MAX_EXAMPLES
)


#: The record behind each path's ``{id}`` (and ``{evidence_id}``), and behind the body fields
#: that refer to a record: random ids find nothing, so half the valid cases of an operation
#: name the own partner's records instead and reach the services behind the 404.
PATH_RECORDS = {
    "/api/v1/organisations/": "organisation",
    "/api/v1/mandate-applications/": "application",
    "/api/v1/letters/": "letter",
    "/api/v1/mandates/": "mandate",
    "/api/v1/esf/calls/": "call",
    "/api/v1/esf/projects/": "project",
    "/api/v1/employees/": "employee",
    "/api/v1/evaluations/": "evaluation",
    "/api/v1/referrals/": "referral",
    "/api/v1/trajectories/": "trajectory",
}
BODY_RECORDS = {
    "organisation": "organisation",
    "partner": "organisation",
    "employer": "organisation",
    "renews": "mandate",
    "call": "call",
    "employee": "employee",
    "evaluation": "evaluation",
    "referral": "referral",
}


def _positive(case: Any, location: ParameterLocation) -> bool:
    info = case.meta.components.get(location) if case.meta is not None else None
    return info is not None and info.mode is GenerationMode.POSITIVE


def with_records(case: Any, world: World) -> None:
    """Point the valid path ids and body references of ``case`` at existing records."""
    ids = world.orgs[OWN].ids
    if case.path_parameters and _positive(case, ParameterLocation.PATH):
        record = next((r for p, r in PATH_RECORDS.items() if case.path.startswith(p)), None)
        if record and "id" in case.path_parameters:
            case.path_parameters["id"] = ids[record]
        if "evidence_id" in case.path_parameters:
            case.path_parameters["evidence_id"] = ids["evidence"]
    if isinstance(case.body, dict) and _positive(case, ParameterLocation.BODY):
        for field, record in BODY_RECORDS.items():
            if isinstance(case.body.get(field), int):
                case.body[field] = ids[record]


def headers_for(world: World, role: str) -> dict[str, str]:
    token = world.tokens[role]
    return {"Authorization": f"Token {token}"} if token else {}


def phase_of(case: Any) -> str:
    return case.meta.phase.name.value if case.meta is not None else "explicit"


def send(case: Any, world: World, role: str) -> None:
    """Send ``case`` as ``role`` and check the answer; count the request."""
    phase = phase_of(case)
    headers = headers_for(world, role)
    REQUESTS[phase, role] += 1
    response = case.call(headers=headers)
    case.validate_response(response, checks=CHECKS, headers=headers)


def summary() -> list[str]:
    """Lines for the end of the session: cases per phase, requests per phase and role."""
    if not CASES:
        return []
    lines = [
        f"schemathesis: {len(OPERATIONS)} operations, {sum(CASES.values())} cases, "
        f"{sum(REQUESTS.values())} requests (FUZZ_MAX_EXAMPLES={MAX_EXAMPLES})"
    ]
    for phase in ("examples", "coverage", "fuzzing", "stateful", "explicit"):
        if not CASES[phase]:
            continue
        requests = sum(n for (p, _), n in REQUESTS.items() if p == phase)
        per_role = ", ".join(f"{role} {REQUESTS[phase, role]}" for role in ROLES)
        lines.append(f"  {phase}: {CASES[phase]} cases, {requests} requests ({per_role})")
    return lines
