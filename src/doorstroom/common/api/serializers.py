"""Small output helpers shared by the API modules."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rest_framework import serializers
from rest_framework.request import Request

from doorstroom.rules.outcome import Outcome, Reason


def language(request: Request | None) -> str:
    code = getattr(request, "LANGUAGE_CODE", "nl") if request is not None else "nl"
    return "en" if str(code).startswith("en") else "nl"


def reasons_out(reasons: Iterable[Reason], request: Request | None) -> list[dict[str, Any]]:
    lang = language(request)
    return [r.as_dict(lang) for r in reasons]


def outcome_reasons(outcome: Outcome | None, request: Request | None) -> list[dict[str, Any]]:
    return reasons_out(outcome.reasons, request) if outcome else []


class ReasonSerializer(serializers.Serializer):
    """The shape of one reason in every outcome (for the OpenAPI document)."""

    code = serializers.CharField()
    rule = serializers.CharField()
    message = serializers.CharField()
    message_nl = serializers.CharField()
    message_en = serializers.CharField()
    blocking = serializers.BooleanField()
    params = serializers.DictField()
