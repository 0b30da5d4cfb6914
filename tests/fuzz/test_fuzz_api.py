"""schemathesis per operation: the examples, coverage and fuzzing phases, as every role.

Each operation is one test; its cases come from the schema's examples, from the coverage phase
(every boundary and every violation of each constraint the schema states) and from fuzzing
(``MAX_EXAMPLES`` valid and invalid inputs, derandomized so a failure replays). The first case
of each phase of an operation goes out as every role (a token each), the next ones each as the
next role in turn, against two organisations' records (tests/security/conftest.py); every
other case has its valid path ids and body references pointed at the records that exist
(harness.with_records), so it gets past the 404 into the services. Every
response must be no server error and keep to the schema: documented status code, documented
content type, body matching the response schema (harness.CHECKS).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from tests.fuzz import harness
from tests.security.conftest import World

SEEN: set[tuple[str, str]] = set()


@pytest.mark.django_db
@harness.schema.parametrize()
@settings(
    max_examples=harness.MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_api_never_fails_and_keeps_to_its_schema(case: Any, world: World) -> None:
    phase = harness.phase_of(case)
    key = (case.operation.label, phase)
    first = key not in SEEN
    SEEN.add(key)
    harness.OPERATIONS.add(key[0])
    harness.CASES[phase] += 1
    roles = harness.ROLES if first else (harness.ROLES[harness.CASES[phase] % len(harness.ROLES)],)
    if harness.CASES[phase] % 2:
        harness.with_records(case, world)
    for role in roles:
        harness.send(case, world, role)
