"""Reads of signature checks: the eID signatures that count for an application (R14)."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, QuerySet

from doorstroom.mandates.models import Evidence
from doorstroom.rules.mandates import EidSignatureFact
from doorstroom.signatures.models import Signature, SignatureCheck


def eid_signature_facts(application_id: int) -> list[EidSignatureFact]:
    """Valid eID signatures of listed signatories in the application's PDFs, in one query."""
    rows = (
        Signature.objects.filter(document__evidence__application_id=application_id, counts=True)
        .values_list("signatory__name", "document__received_on")
        .order_by("document__received_on", "id")
    )
    return [EidSignatureFact(signatory=name, received_on=day) for name, day in rows if name]


def evidence_with_signatures() -> QuerySet[Evidence]:
    """Evidence with its signature check and signatures (two more queries, any number of rows)."""
    return Evidence.objects.select_related("signature_check").prefetch_related(
        Prefetch(
            "signature_check__signatures",
            queryset=Signature.objects.select_related("signatory").order_by("position"),
        )
    )


def evidence_signature_check(evidence: Evidence) -> SignatureCheck | None:
    """The evidence's signature check, or None (evidence stored before checks existed)."""
    try:
        return evidence.signature_check
    except ObjectDoesNotExist:
        return None
