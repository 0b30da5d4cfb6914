"""The signatures of an evidence PDF as the API shows them (added fields only, API.md v1)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from doorstroom.common.api.serializers import PlannedOutput
from doorstroom.signatures.models import Signature
from doorstroom.signatures.selectors import Checked, evidence_signature_check


class SignatureReasonOut(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class SignatureOut(PlannedOutput, serializers.ModelSerializer[Signature]):
    """Rendered with fields built once per class (``PlannedOutput``): the application detail
    renders one list of these per evidence, and DRF rebuilt the fields for each."""

    signer = serializers.CharField()
    signatory = serializers.CharField(source="signatory.name", allow_null=True, default=None)
    reason = serializers.SerializerMethodField()

    class Meta:
        model = Signature
        fields = [
            "signer",
            "given_name",
            "surname",
            "issuer",
            "signed_at",
            "timestamped",
            "intact",
            "coverage",
            "modified_after_signing",
            "trusted",
            "signatory",
            "counts",
            "reason",
        ]

    @extend_schema_field(SignatureReasonOut(allow_null=True))
    def get_reason(self, signature: Signature) -> dict[str, str] | None:
        if not signature.reason:
            return None
        return {"code": signature.reason, "message": signature.reason_text}


class SignatureCheckOut(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=["signed", "unsigned", "unreadable", "not_checked"],
        help_text="not_checked: stored before signatures were checked.",
    )
    reason = SignatureReasonOut(allow_null=True)


def signature_status(evidence: Checked) -> dict[str, Any]:
    check = evidence_signature_check(evidence)
    if check is None:
        return {"status": "not_checked", "reason": None}
    code = check.reason_code
    return {
        "status": check.status,
        "reason": {"code": code, "message": check.reason_text} if code else None,
    }


def signatures_out(evidence: Checked) -> list[dict[str, Any]]:
    check = evidence_signature_check(evidence)
    if check is None:
        return []
    return list(SignatureOut(check.signatures.all(), many=True).data)
