"""The hot output serializers render with fields built once per class (PlannedOutput): the JSON
must be byte for byte what DRF's own field-by-field rendering gives, for every record of the
demo data (API.md has outside clients)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.db.models import Model, QuerySet
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIRequestFactory

from doorstroom.accounts.models import User
from doorstroom.common.api.serializers import PlannedOutput
from doorstroom.employees import api as employees_api
from doorstroom.employees import selectors as employees
from doorstroom.mandates import api as mandates_api
from doorstroom.mandates import selectors as mandates
from doorstroom.mandates import services as mandate_services
from doorstroom.mandates.models import (
    CLOSED_STATUSES,
    Decision,
    Evidence,
    MandateApplication,
    Receipt,
)
from doorstroom.operations.demo import demo_load
from doorstroom.rules.codes import CONDITIONS
from doorstroom.trajectories import api as trajectories_api
from doorstroom.trajectories import selectors as trajectories
from doorstroom.trajectories.models import Activity, Internship, Outcome, Suspension
from tests import pinned_clock
from tests.conftest import make_pdf

pytestmark = pytest.mark.django_db


def cases(admin: User) -> list[tuple[type[serializers.BaseSerializer[Any]], QuerySet[Any]]]:
    return [
        (mandates_api.ApplicationOut, mandates.application_list_rows_for_user(admin)),
        (mandates_api.ApplicationDetailOut, mandates.application_detail_for_user(admin)),
        (mandates_api.MandateOut, mandates.mandate_list_rows_for_user(admin)),
        (mandates_api.DecisionOut, Decision.objects.select_related("application__mandate")),
        (mandates_api.EvidenceOut, Evidence.objects.all()),
        (mandates_api.ReceiptOut, Receipt.objects.all()),
        (employees_api.EmployeeOut, employees.employee_rows(employees.employee_search(admin))),
        (employees_api.EmployeeDetailOut, employees.employee_detail_for_user(admin)),
        (trajectories_api.TrajectoryOut, trajectories.trajectory_list_rows_for_user(admin)),
        (trajectories_api.TrajectoryDetailOut, trajectories.trajectory_detail_for_user(admin)),
        (trajectories_api.ActivityOut, Activity.objects.all()),
        (trajectories_api.InternshipOut, Internship.objects.all()),
        (trajectories_api.SuspensionOut, Suspension.objects.all()),
        (trajectories_api.OutcomeOut, Outcome.objects.all()),
    ]


def demo_with_evidence() -> MandateApplication:
    """The demo data and, as it has no evidence, one PDF per condition on its first open
    application (returned)."""
    demo_load(today=date(2026, 11, 1))
    application = (
        MandateApplication.objects.exclude(status__in=CLOSED_STATUSES).order_by("pk").first()
    )
    assert application is not None
    for code in CONDITIONS:
        mandate_services.evidence_add(
            application=application,
            condition=code,
            file=io.BytesIO(make_pdf()),
            original_name=f"{code}.pdf",
        )
    return application


@pinned_clock.on("2026-11-01")  # the demo's day: its services check their dates against today
def test_planned_rendering_is_drfs_rendering(make_user: Any) -> None:
    demo_with_evidence()
    admin = make_user("admin")
    request = APIRequestFactory().get("/api/v1/")
    request.LANGUAGE_CODE = "nl-be"  # type: ignore[attr-defined]
    renderer = JSONRenderer()
    seen = 0
    for cls, queryset in cases(admin):
        assert issubclass(cls, PlannedOutput)
        records: list[Model] = list(queryset.order_by("pk"))
        assert records, f"the demo has no {cls.__name__} records to compare"
        for record in records:
            planned = cls(record, context={"request": request})
            drf = cls(record, context={"request": request})
            mine = PlannedOutput.to_representation(planned, record)  # type: ignore[arg-type]
            theirs = serializers.Serializer.to_representation(drf, record)  # type: ignore[arg-type]
            assert renderer.render(mine) == renderer.render(theirs), (cls.__name__, record.pk)
            seen += 1
    assert seen > 100


@pinned_clock.on("2026-11-01")
def test_signatures_render_as_drf(make_user: Any) -> None:
    """``SignatureOut`` (one list per evidence in the application detail) renders planned as DRF
    does: with and without a signatory, with a reason, a signing time and empty names."""
    from datetime import UTC, datetime

    from doorstroom.signatures.models import Signature, SignatureCheck
    from doorstroom.signatures.serializers import SignatureOut, signatures_out

    application = demo_with_evidence()
    evidence = application.evidence.order_by("pk").first()
    assert evidence is not None
    check, _ = SignatureCheck.objects.update_or_create(
        evidence=evidence,
        defaults={
            "status": "signed",
            "received_on": date(2026, 10, 30),
            "checked_at": datetime(2026, 10, 30, tzinfo=UTC),
        },
    )
    signatory = application.signatories.order_by("pk").first()
    common = {"intact": True, "coverage": "entire_file", "modified_after_signing": False}
    Signature.objects.create(
        document=check,
        position=1,
        common_name="Jan Peeters (Signature)",
        given_name="Jan",
        surname="Peeters",
        issuer="Citizen CA",
        signed_at=datetime(2026, 10, 29, 9, 30, tzinfo=UTC),
        timestamped=True,
        trusted=True,
        counts=True,
        signatory=signatory,
        **common,
    )
    untrusted = {"trusted": False, "counts": False, "reason": "signature_untrusted"}
    Signature.objects.create(document=check, position=2, **untrusted, **common)
    Signature.objects.create(document=check, position=3, trusted=True, counts=False, **common)
    renderer = JSONRenderer()
    signatures = list(Signature.objects.select_related("signatory").order_by("position"))
    assert len(signatures) == 3
    for signature in signatures:
        mine = PlannedOutput.to_representation(SignatureOut(), signature)  # type: ignore[arg-type]
        theirs = serializers.Serializer.to_representation(SignatureOut(), signature)  # type: ignore[arg-type]
        assert renderer.render(mine) == renderer.render(theirs), signature.position
    evidence = mandates.evidence_with_signatures().get(pk=evidence.pk)
    assert [s["signer"] for s in signatures_out(evidence)] == [
        serializers.Serializer.to_representation(SignatureOut(), s)["signer"]  # type: ignore[arg-type]
        for s in signatures
    ]
