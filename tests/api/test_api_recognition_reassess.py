"""A recognition added after the receipt makes the pending application admissible (R1): the
recognition's service calls mandates back through `organisations.services.RECOGNITION_ADDED`,
which `MandatesConfig.ready()` fills (docs/architecture.md *Layers*)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from doorstroom.mandates.models import MandateApplication
from doorstroom.mandates.services import recognitions_changed
from doorstroom.organisations.services import RECOGNITION_ADDED
from tests import pinned_clock
from tests.api.test_api_mandate_lifecycle import SUBJECT, create_application, create_org, receipt

pytestmark = [pytest.mark.django_db, pinned_clock.on("2026-03-02")]


def test_mandates_registered_its_callback_once() -> None:
    assert RECOGNITION_ADDED.count(recognitions_changed) == 1


def test_a_later_recognition_reassesses_the_received_application(reviewer: APIClient) -> None:
    org = create_org(reviewer)
    app = create_application(reviewer, org["id"], ["Els Peeters"])
    response = receipt(
        reviewer,
        app["id"],
        channel="email",
        received_on="2026-01-12",
        subject=SUBJECT,
        eid_signed_by=["Els Peeters"],
    )
    assert response.status_code == 201, response.content
    url = f"/api/v1/mandate-applications/{app['id']}/"
    before = reviewer.get(url).json()["admissibility"]
    assert before["admissible"] is False
    assert "recognition_missing" in [r["code"] for r in before["reasons"]]
    assert MandateApplication.objects.get(pk=app["id"]).admissible is False

    response = reviewer.post(
        f"/api/v1/organisations/{org['id']}/recognitions/",
        {"label_number": "L-1", "registration_number": "R-1", "valid_from": "2020-01-01"},
        format="json",
    )
    assert response.status_code == 201, response.content
    after = reviewer.get(url).json()["admissibility"]
    assert "recognition_missing" not in [r["code"] for r in after["reasons"]]
    # stored, not only shown: the callback reassessed and saved the application
    assert MandateApplication.objects.get(pk=app["id"]).admissible is True
