"""schemathesis' stateful phase: chains of calls that follow the links between operations.

drf-spectacular writes no OpenAPI links; schemathesis infers them (its dependency analysis:
a list's or a create's ``id`` feeds the ``{id}`` of the operations on that record), so a
scenario reads a role's records from a list and then acts on them (GET /trajectories/ → POST
/trajectories/{id}/suspensions/, POST /esf/calls/ → GET /esf/calls/{id}/, …). One run per
role, ``MAX_EXAMPLES`` scenarios of at most ``STEPS`` calls each, derandomized, each rolled back
at its end; every answer passes the same checks as the other phases (harness.CHECKS).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings

from tests.fuzz import harness
from tests.security.conftest import World

STEPS = 6
BaseMachine: Any = harness.schema.as_state_machine()


def machine_for(world: World, role: str) -> Any:
    headers = harness.headers_for(world, role)

    class Machine(BaseMachine):  # type: ignore[misc,valid-type]
        # Each scenario runs in a savepoint that is rolled back: the next one (and Hypothesis
        # replaying one) starts from the same records, so its draws depend on nothing else.
        def setup(self) -> None:
            self.scenario = transaction.atomic()
            self.scenario.__enter__()

        def teardown(self) -> None:
            transaction.set_rollback(True)
            self.scenario.__exit__(None, None, None)

        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": headers}

        def before_call(self, case: Any) -> None:
            harness.OPERATIONS.add(f"{case.method} {case.path}")
            harness.CASES["stateful"] += 1
            harness.REQUESTS["stateful", role] += 1

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            case.validate_response(response, checks=harness.CHECKS, headers=headers)

    return Machine


@pytest.mark.django_db
@pytest.mark.parametrize("role", harness.ROLES)
def test_api_scenarios_keep_to_the_schema(role: str, world: World) -> None:
    machine_for(world, role).run(
        settings=settings(
            max_examples=harness.MAX_EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
    )
