"""Reads of signature checks: the eID signatures that count for an application (R14)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from django.core.exceptions import ObjectDoesNotExist

from doorstroom.rules.mandates import EidSignatureFact
from doorstroom.signatures.models import Signature, SignatureCheck


class Checked(Protocol):
    """A document this app checks (`mandates.Evidence`, which sits above signatures/): its
    check through the one-to-one `SignatureCheck.evidence` declares."""

    @property
    def signature_check(self) -> SignatureCheck: ...


def eid_signature_facts(application_id: int) -> list[EidSignatureFact]:
    """Valid eID signatures of listed signatories in the application's PDFs, in one query."""
    rows = (
        Signature.objects.filter(document__evidence__application_id=application_id, counts=True)
        .values_list("signatory__name", "document__received_on")
        .order_by("document__received_on", "id")
    )
    return [EidSignatureFact(signatory=name, received_on=day) for name, day in rows if name]


def eid_signature_facts_of(evidence: Iterable[Checked]) -> list[EidSignatureFact]:
    """:func:`eid_signature_facts` from an application's evidence as the detail loads it
    (check and signatures with their signatory prefetched, ``mandates.selectors.
    evidence_with_signatures``): the same facts in the same order, without a query."""
    rows = []
    for item in evidence:
        check = evidence_signature_check(item)
        if check is None:
            continue
        for signature in check.signatures.all():
            if signature.counts and signature.signatory is not None and signature.signatory.name:
                rows.append((check.received_on, signature.pk, signature.signatory.name))
    rows.sort(key=lambda row: (row[0], row[1]))
    return [EidSignatureFact(signatory=name, received_on=day) for day, _, name in rows]


def evidence_signature_check(evidence: Checked) -> SignatureCheck | None:
    """The evidence's signature check, or None (evidence stored before checks existed)."""
    try:
        return evidence.signature_check
    except ObjectDoesNotExist:
        return None
