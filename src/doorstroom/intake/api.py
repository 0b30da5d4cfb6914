"""POST /intake/emails/: a raw message (message/rfc822) enters the intake (R14)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.parsers import BaseParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from doorstroom.accounts.current import current_user
from doorstroom.accounts.models import Role
from doorstroom.common.api.permissions import roles
from doorstroom.common.uploads import UploadLimit, schema_responses
from doorstroom.intake import services
from doorstroom.intake.models import IncomingEmail, IntakeStatus

DEFAULT_MAX_BYTES = 64 * 1024 * 1024


class MessageTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "Het bericht is te groot."
    default_code = "message_too_large"


class RawMessageParser(BaseParser):
    """The request body is one e-mail message, passed on as bytes."""

    media_type = "message/rfc822"

    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:  # bytes: the one message, untouched
        limit = int(getattr(settings, "INTAKE_MAX_BYTES", DEFAULT_MAX_BYTES))
        data = stream.read(limit + 1) if stream is not None else b""
        if len(data) > limit:
            raise MessageTooLarge()
        return bytes(data)


class AttachmentOut(serializers.Serializer):
    name = serializers.CharField()
    stored = serializers.BooleanField()
    reason = serializers.CharField(allow_blank=True)


class IntakeEmailOut(serializers.Serializer):
    id = serializers.IntegerField()
    message_id = serializers.CharField()
    status = serializers.ChoiceField(choices=IntakeStatus.choices)
    reason = serializers.CharField(allow_blank=True)
    application = serializers.IntegerField(allow_null=True)
    subject_ok = serializers.BooleanField(allow_null=True)
    attachments = AttachmentOut(many=True)


def intake_email_out(email: IncomingEmail) -> dict[str, Any]:
    return {
        "id": email.pk,
        "message_id": email.message_id,
        "status": email.status,
        "reason": email.reason,
        "application": email.application_id,
        "subject_ok": email.subject_ok,
        "attachments": [
            {
                "name": a.get("name", ""),
                "stored": bool(a.get("stored")),
                "reason": a.get("reason", ""),
            }
            for a in email.attachments or []
        ],
    }


class IntakeEmailApi(APIView):
    permission_classes = [roles(Role.REVIEWER)]
    parser_classes = [RawMessageParser]
    # Refused by Content-Length before the body is read; the parser stops at the same limit.
    upload_limit = UploadLimit(
        "INTAKE_MAX_BYTES", DEFAULT_MAX_BYTES, multipart=False, field="", what="message"
    )

    @extend_schema(
        request={"message/rfc822": OpenApiTypes.BINARY},
        responses={201: IntakeEmailOut, 200: IntakeEmailOut, **schema_responses()},
        description=(
            "Store one raw e-mail message and register it as the digital dossier of the "
            "application it names (reference, enterprise number or sender). 200 when the "
            "Message-ID was received before (the stored result, unchanged)."
        ),
    )
    def post(self, request: Request) -> Response:
        raw = request.data if isinstance(request.data, bytes) else b""
        email, created = services.email_ingest_new_or_seen(
            raw=raw, received_by=current_user(request)
        )
        return Response(
            intake_email_out(email),
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
