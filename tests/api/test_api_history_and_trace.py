"""Every domain model keeps its history; every decision keeps the trace it was made with."""

from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps
from rest_framework.test import APIClient

from doorstroom.mandates import services as mandates
from doorstroom.mandates.models import Decision
from doorstroom.organisations.models import Organisation
from tests.conftest import ALL_MET, complete_application

DOMAIN_APPS = ["organisations", "mandates", "esf"]
#: Derived, recomputable rows in those apps (docs/architecture.md, "A new model"): the
#: partner facts' stamp counts the writes that change the ranking's cached facts; the
#: partners' experience counts are recounted from the outcomes (`experience.rebuild`).
DERIVED = {"PartnerFactsStamp", "PartnerExperience"}


def test_every_domain_model_has_history() -> None:
    for label in DOMAIN_APPS:
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical") or model.__name__ in DERIVED:
                continue
            assert hasattr(model, "history"), f"{model.__name__} keeps no history"


@pytest.mark.django_db
def test_decision_stores_reasons_and_parameters(organisation: Organisation) -> None:
    app = complete_application(organisation, received_on=date(2024, 2, 1), frameworks=("lde",))
    decision = mandates.decision_create(
        application=app, decided_on=date(2024, 2, 29), starts_on=None, conditions=ALL_MET
    )
    trace = Decision.objects.get(pk=decision.pk).trace
    names = {p["name"] for p in trace["mandate_period"]["parameters"]}
    assert "mandate_validity_years" in names
    assert trace["mandate_period"]["valid_until"] == "2030-02-27"  # R3: 29 Feb → 28 Feb − 1
    assert trace["assessment"]["admissibility"]["allowed"] is True
    assert app.history.count() >= 2  # created, then reassessed


@pytest.mark.django_db
def test_unknown_filter_values_are_400(reviewer: APIClient) -> None:
    for url in [
        "/api/v1/mandate-applications/?status=bogus",
        "/api/v1/mandate-applications/?organisation=x",
        "/api/v1/mandates/?active_on=2021-02-30",
    ]:
        response = reviewer.get(url)
        assert response.status_code == 400, url
        assert response["Content-Type"] == "application/problem+json"
