"""Every page with hostile query values: never a 500 (docs/security.md, T9).

Each page of the authorization matrix, opened by a role that may, with integers beyond the
database's range, dates out of range and junk in the query parameters the pages read.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from doorstroom.accounts.models import User
from tests.security import conftest as security
from tests.security.authz_matrix import PAGES, Op
from tests.security.conftest import OWN, World
from tests.security.test_security_authz_api import fill

world = security.world  # the authorization matrix's records (a module-scoped fixture)

OPENED = [op for op in PAGES if not op.public and op.method == "GET"]
HOSTILE = {
    "page": "9" * 5000,
    "mandaat": str(10**30),
    "partner": str(2**63),
    "organisation": "-" + str(10**30),
    "status": "<script>",
    "sort": "x" * 500,
    "from": "1321-02-06",
    "to": "9999-12-31",
    "on": "0001-01-01",
    "start": "9999-12-31",
    "stand": "\x00",
    "voorwaarde": "../../etc/passwd",
    "q": "%" * 50,
}


@pytest.mark.parametrize("op", OPENED, ids=[o.path for o in OPENED])
def test_a_page_with_hostile_query_values_never_fails(world: World, db: Any, op: Op) -> None:
    role = next(
        (r for r in ("applicant_own", "reviewer", "consultant", "esf_officer") if op.allows(r)),
        "admin",
    )
    client = Client()
    client.force_login(User.objects.get(pk=world.users[role]))
    response = client.get(fill(op.path, world.orgs[OWN].ids, op.record), HOSTILE)
    assert response.status_code < 500, (op.path, role, response.status_code)
