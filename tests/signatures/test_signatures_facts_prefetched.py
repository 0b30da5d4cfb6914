"""The application detail reads the eID signature facts from its prefetched evidence
(``eid_signature_facts_of``) instead of a query of their own: the same facts, in the same
order, and the same assessment as the query gives (docs/performance.md, Performance II)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from doorstroom.accounts.models import Role, User
from doorstroom.mandates import selectors
from doorstroom.mandates import services as mandates
from doorstroom.mandates.assessment import application_assess
from doorstroom.mandates.models import MandateApplication
from doorstroom.organisations.models import Organisation
from doorstroom.signatures.models import Signature, SignatureCheck
from doorstroom.signatures.selectors import eid_signature_facts, eid_signature_facts_of
from tests.conftest import make_pdf

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _signature(check: SignatureCheck, position: int, *, counts: bool, signatory: Any) -> None:
    Signature.objects.create(
        document=check,
        position=position,
        intact=True,
        coverage="entire_file",
        modified_after_signing=False,
        trusted=True,
        counts=counts,
        signatory=signatory,
    )


def _check(evidence: Any, received_on: date) -> SignatureCheck:
    check, _ = SignatureCheck.objects.update_or_create(
        evidence=evidence,
        defaults={
            "status": "signed",
            "received_on": received_on,
            "checked_at": datetime(2026, 3, 1, tzinfo=UTC),
        },
    )
    return check


def _application(organisation: Organisation) -> MandateApplication:
    application = mandates.application_create(
        organisation=organisation,
        kind="new",
        frameworks=["maatwerk"],
        signatories=[
            mandates.SignatoryInput(name="Jan Peeters"),
            mandates.SignatoryInput(name="An Maes"),
            mandates.SignatoryInput(name="Ilse Wouters"),
        ],
    )
    jan, an, ilse = application.signatories.order_by("position", "id")
    evidence = [
        mandates.evidence_add(
            application=application,
            condition="methodology",
            file=io.BytesIO(make_pdf(padding=i)),
            original_name=f"bewijs-{i}.pdf",
            today=TODAY,
        )
        for i in range(4)
    ]
    # Evidence 0 arrived last but its signatures come first in id order; evidence 3 has no
    # check at all (stored before checks existed).
    late = _check(evidence[0], date(2026, 3, 8))
    early = _check(evidence[1], date(2026, 3, 2))
    same_day = _check(evidence[2], date(2026, 3, 2))
    SignatureCheck.objects.filter(evidence=evidence[3]).delete()
    _signature(late, 1, counts=True, signatory=an)
    _signature(late, 2, counts=False, signatory=ilse)  # does not count
    _signature(early, 1, counts=True, signatory=jan)
    _signature(early, 2, counts=True, signatory=None)  # no listed signatory
    _signature(same_day, 1, counts=True, signatory=ilse)
    _signature(same_day, 2, counts=True, signatory=jan)  # the same person twice
    return application


def test_prefetched_facts_equal_the_query(organisation: Organisation) -> None:
    application = _application(organisation)
    admin = User.objects.create(username="admin-facts", role=Role.ADMIN)
    loaded = selectors.application_detail_for_user(admin).get(pk=application.pk)

    from_query = eid_signature_facts(application.pk)
    assert len(from_query) == 4
    assert eid_signature_facts_of(loaded.evidence.all()) == from_query
    with_facts = application_assess(
        loaded, today=TODAY, eid_signatures=eid_signature_facts_of(loaded.evidence.all())
    )
    assert with_facts == application_assess(loaded, today=TODAY)


def test_a_signatory_renamed_to_nothing_does_not_count(organisation: Organisation) -> None:
    application = _application(organisation)
    application.signatories.filter(name="Ilse Wouters").update(name="")
    admin = User.objects.create(username="admin-facts", role=Role.ADMIN)
    loaded = selectors.application_detail_for_user(admin).get(pk=application.pk)
    facts = eid_signature_facts_of(loaded.evidence.all())
    assert facts == eid_signature_facts(application.pk)
    assert "" not in {fact.signatory for fact in facts}


def test_no_evidence_no_facts(organisation: Organisation) -> None:
    application = mandates.application_create(
        organisation=organisation,
        kind="new",
        frameworks=["maatwerk"],
        signatories=[mandates.SignatoryInput(name="Jan Peeters")],
    )
    assert eid_signature_facts_of(application.evidence.all()) == []
    assert eid_signature_facts(application.pk) == []
