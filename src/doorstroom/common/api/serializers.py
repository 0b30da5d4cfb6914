"""Small output helpers shared by the API modules."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rest_framework import serializers
from rest_framework.fields import Field, SkipField
from rest_framework.relations import PKOnlyObject
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


class PlannedOutput:
    """Serializer mixin for hot output shapes: the readable fields are built once per class.

    DRF builds a serializer's fields every time one is instantiated; a ``ModelSerializer``
    introspects its model to do so (≈ 2–3 ms per class per request in the profiles of
    docs/performance.md, "Lists and details near their floor"), and the detail shapes
    instantiate several nested ones. This mixin keeps one unbound prototype per class and
    renders each row with the prototype's fields, in DRF's own order and with DRF's own
    ``get_attribute`` / ``to_representation`` per field, so the output is the same JSON.

    Method fields are called on the serializer actually rendering (``self``), so request
    context and per-response caches keep working at the top level. Use it only on output
    serializers whose fields do not depend on the context or the instance (no dynamic
    ``get_fields``), and whose nested serializers do not read ``self.context``: nested ones
    run on the shared prototype.
    """

    def to_representation(self, instance: Any) -> dict[str, Any]:
        ret: dict[str, Any] = {}
        for name, field, method in _plan(type(self)):
            if method is not None:
                ret[name] = getattr(self, method)(instance)
                continue
            try:
                attribute = field.get_attribute(instance)
            except SkipField:
                continue
            check_for_none = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
            ret[name] = None if check_for_none is None else field.to_representation(attribute)
        return ret


_Step = tuple[str, Field, str | None]
_PLANS: dict[type, tuple[_Step, ...]] = {}


def _plan(cls: type) -> tuple[_Step, ...]:
    """The readable fields of ``cls`` in order: (name, prototype field, method name or None).

    Built on first use per class (a race only builds it twice); never per request.
    """
    plan = _PLANS.get(cls)
    if plan is None:
        prototype = cls()
        plan = tuple(
            (
                field.field_name,
                field,
                field.method_name if isinstance(field, serializers.SerializerMethodField) else None,
            )
            for field in prototype._readable_fields
        )
        _PLANS[cls] = plan
    return plan
