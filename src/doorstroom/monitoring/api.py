"""The monitoring indicators (R5): "De monitoring … gebeurt door ESF Vlaanderen in overleg met
VDAB." Reviewers, consultants and ESF officers see every partner; an applicant sees its own."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from doorstroom.accounts.current import current_user
from doorstroom.accounts.models import Role, User
from doorstroom.common import clock
from doorstroom.common.api.fields import DateField, IdField, check_period
from doorstroom.common.api.permissions import roles
from doorstroom.common.converters import ID_MAX
from doorstroom.monitoring import selectors
from doorstroom.trajectories.models import Trajectory

FRAMEWORKS = ("maatwerk", "lde")


class IndicatorQueryIn(serializers.Serializer):
    """The query string; `from` is a Python keyword, so the field is added in `get_fields`."""

    to = DateField(required=False)
    partner = IdField(required=False)
    province = serializers.RegexField(r"^[0-9]{5}$", required=False)
    framework = serializers.ChoiceField(choices=FRAMEWORKS, required=False)
    # a page past the last is an empty page; beyond a 64-bit integer, 400 like every number
    partner_page = serializers.IntegerField(
        min_value=1, max_value=ID_MAX, required=False, default=1
    )
    partner_page_size = serializers.IntegerField(
        min_value=1,
        max_value=selectors.PARTNER_PAGE_SIZE_MAX,
        required=False,
        default=selectors.PARTNER_PAGE_SIZE,
    )

    def get_fields(self) -> dict[str, serializers.Field]:
        return {"from": DateField(required=False), **super().get_fields()}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        today = clock.today()
        attrs["to"] = attrs.get("to") or today
        attrs["from"] = attrs.get("from") or date(attrs["to"].year, 1, 1)
        if attrs["from"] > attrs["to"]:
            raise serializers.ValidationError(
                {"from": ["'from' valt na 'to' / 'from' is after 'to'."]}
            )
        check_period(attrs["from"], attrs["to"])  # 422 date_out_of_range: at most 10 years
        return attrs


class IndicatorOutcomesOut(serializers.Serializer):
    hired = serializers.IntegerField()
    returned = serializers.IntegerField()
    stopped = serializers.IntegerField()


class IndicatorMetricsOut(serializers.Serializer):
    """One set of indicators; `null` where a metric does not apply (see the selector)."""

    evaluations = serializers.IntegerField(allow_null=True)
    transition_decisions = serializers.IntegerField(allow_null=True)
    referrals = serializers.IntegerField()
    started = serializers.IntegerField()
    active = serializers.IntegerField()
    suspended = serializers.IntegerField()
    outcomes = IndicatorOutcomesOut()
    share_hired = serializers.FloatField(allow_null=True)
    median_duration_days = serializers.FloatField(allow_null=True)
    mandate_decisions = serializers.IntegerField(allow_null=True)
    mandate_decisions_within_target = serializers.IntegerField(allow_null=True)
    share_within_target = serializers.FloatField(allow_null=True)


class PartnerIndicatorsOut(IndicatorMetricsOut):
    partner = serializers.IntegerField()
    partner_name = serializers.CharField()


class ProvinceIndicatorsOut(IndicatorMetricsOut):
    province_code = serializers.CharField(allow_null=True)
    province_name = serializers.CharField(allow_null=True)


class FrameworkIndicatorsOut(IndicatorMetricsOut):
    framework = serializers.CharField()


class IndicatorsOut(serializers.Serializer):
    period = inline_serializer("IndicatorPeriod", fields={"from": DateField(), "to": DateField()})
    filters = inline_serializer(
        "IndicatorFilters",
        fields={
            "partner": serializers.IntegerField(allow_null=True),
            "province": serializers.CharField(allow_null=True),
            "framework": serializers.CharField(allow_null=True),
        },
    )
    totals = IndicatorMetricsOut()
    per_partner_count = serializers.IntegerField(help_text="Partners in the breakdown, all pages.")
    per_partner_next = serializers.URLField(
        allow_null=True, help_text="The next page of `per_partner`, or null."
    )
    per_partner = PartnerIndicatorsOut(many=True)
    per_province = ProvinceIndicatorsOut(many=True)
    per_framework = FrameworkIndicatorsOut(many=True)


def _partner_for(user: User, asked: int | None) -> int | None:
    """An applicant sees only its own organisation; asking for another is a 404."""
    if user.role != Role.APPLICANT:
        return asked
    if asked is not None and asked != user.organisation_id:
        raise Http404
    return user.organisation_id or 0


class IndicatorsApi(GenericAPIView[Trajectory]):
    queryset = Trajectory.objects.none()  # for the schema; reads go through the selector
    permission_classes = [
        roles(read=(Role.REVIEWER, Role.CONSULTANT, Role.ESF_OFFICER, Role.APPLICANT))
    ]
    serializer_class = IndicatorsOut
    pagination_class = None

    @extend_schema(
        responses=IndicatorsOut,
        parameters=[
            OpenApiParameter("from", date, description="Eerste dag (standaard 1 januari)."),
            OpenApiParameter("to", date, description="Laatste dag (standaard vandaag)."),
            OpenApiParameter("partner", {"type": "integer", "minimum": 1}),
            OpenApiParameter("province", str, pattern=r"^[0-9]{5}$"),
            OpenApiParameter("framework", str, enum=list(FRAMEWORKS)),
            OpenApiParameter(
                "partner_page",
                {"type": "integer", "minimum": 1, "default": 1},
                description="Pagina van `per_partner` (op naam van de partner, dan id).",
            ),
            OpenApiParameter(
                "partner_page_size",
                {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": selectors.PARTNER_PAGE_SIZE_MAX,
                    "default": selectors.PARTNER_PAGE_SIZE,
                },
                description="Partners per pagina van `per_partner`.",
            ),
        ],
        description=(
            "Monitoring indicators (R5) for the closed period from..to (default: 1 January of "
            "the current year until today). Counts and rates only, no personal data. The "
            "per-partner breakdown is paged (`partner_page`, `partner_page_size`; sorted by "
            "partner name, then id): `per_partner_count` partners in all, `per_partner_next` "
            "the next page's URL or null."
        ),
    )
    def get(self, request: Request) -> Response:
        params = IndicatorQueryIn(data=request.query_params)
        params.is_valid(raise_exception=True)
        values = params.validated_data
        page = selectors.PartnerPage(values["partner_page"], values["partner_page_size"])
        result = selectors.indicators(
            selectors.IndicatorFilter(
                date_from=values["from"],
                date_to=values["to"],
                partner_id=_partner_for(current_user(request), values.get("partner")),
                province_code=values.get("province"),
                framework=values.get("framework"),
            ),
            page,
        )
        result["per_partner_next"] = (
            replace_query_param(request.build_absolute_uri(), "partner_page", page.number + 1)
            if page.number * (page.size or 0) < result["per_partner_count"]
            else None
        )
        return Response(IndicatorsOut(result).data)
