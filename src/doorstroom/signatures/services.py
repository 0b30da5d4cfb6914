"""Store the signature check of an evidence PDF; match each valid signer to a signatory.

Called by mandates.services.evidence_add in its transaction (uploads through the API, the
pages and the e-mail intake all pass there), and by mandates.services.signatures_recheck (the
``signatures_check`` command) after the trust roots changed; mandates sits above this app, so
it hands in the evidence's id and its application's signatories. The PDF is checked before any
row is written (``validation.inspect_pdf`` never raises), so an unreadable PDF is recorded as
such instead of failing the upload. This app never calls back into mandates' services.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.utils import timezone

from doorstroom.signatures import reasons
from doorstroom.signatures.models import Signature, SignatureCheck
from doorstroom.signatures.names import match_signatory
from doorstroom.signatures.validation import DocumentFinding


def signature_check_record(
    *,
    evidence_id: int,
    signatories: Mapping[str, int],
    finding: DocumentFinding,
    received_on: date,
) -> SignatureCheck:
    """Replace the evidence's check with this finding; return it with its signatures.

    ``signatories``: the names of the application's signatories, each with its id."""
    SignatureCheck.objects.filter(evidence_id=evidence_id).delete()
    check = SignatureCheck.objects.create(
        evidence_id=evidence_id,
        status=finding.status,
        received_on=received_on,
        detail=finding.detail[:200],
        trust_roots=list(finding.trust_roots),
        checked_at=timezone.now(),
    )
    for position, signature in enumerate(finding.signatures):
        problem = signature.problem
        matched = match_signatory(signature.subject, list(signatories)) if not problem else None
        if not problem and matched is None:
            problem = reasons.NOT_A_SIGNATORY
        Signature.objects.create(
            document=check,
            position=position,
            field_name=signature.field_name[:200],
            common_name=signature.common_name[:300],
            given_name=signature.given_name[:300],
            surname=signature.surname[:300],
            issuer=signature.issuer[:300],
            signed_at=signature.signed_at,
            timestamped=signature.timestamped,
            intact=signature.intact,
            coverage=signature.coverage,
            modified_after_signing=signature.modified_after_signing,
            trusted=signature.trusted,
            trust_problem=signature.trust_problem[:60],
            signatory_id=signatories.get(matched) if matched else None,
            counts=not problem,
            reason=problem,
        )
    return check


def signature_check_counts(check: SignatureCheck) -> bool:
    """Whether at least one signature on the check counts (valid, trusted, of a signatory)."""
    return check.signatures.filter(counts=True).exists()
