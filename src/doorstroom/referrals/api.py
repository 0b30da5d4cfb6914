"""API for referrals: the live ranking of an evaluation's partners (R4, R10) and the consultant's
choice of partner, with the ranking as it was shown."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from doorstroom.accounts.current import current_user
from doorstroom.accounts.models import Role
from doorstroom.common import clock
from doorstroom.common.api.fields import DateField, IdField
from doorstroom.common.api.lookup import referenced_or_400
from doorstroom.common.api.permissions import roles
from doorstroom.common.api.serializers import ReasonSerializer, language
from doorstroom.employees.models import Evaluation
from doorstroom.employees.selectors import evaluation_list_for_user
from doorstroom.organisations.selectors import organisation_list_for_user
from doorstroom.privacy.reads import access_log_for_request
from doorstroom.referrals import selectors, services
from doorstroom.referrals.models import Referral
from doorstroom.referrals.ranking import ranking_page_for
from doorstroom.rules.referrals import RankingPage

#: Eligible partners per page of the ranking, by default and at most (`?page_size=`).
RANKING_PAGE_SIZE = 20
RANKING_MAX_PAGE_SIZE = 200


class RankingIn(serializers.Serializer):
    on = DateField(required=False)
    page = IdField(required=False, default=1)  # any page (past the last: none eligible)
    page_size = serializers.IntegerField(
        min_value=1, max_value=RANKING_MAX_PAGE_SIZE, required=False, default=RANKING_PAGE_SIZE
    )


class FactorsOut(serializers.Serializer):
    distance_km = serializers.FloatField(allow_null=True)
    local_network = serializers.CharField()
    experience = serializers.FloatField()


class RankedOut(serializers.Serializer):
    partner = serializers.IntegerField()
    partner_name = serializers.CharField()
    rank = serializers.IntegerField()
    score = serializers.FloatField()
    factors = FactorsOut()
    explanation = serializers.CharField()
    factor_explanations = serializers.DictField(child=serializers.CharField())
    current_load = serializers.IntegerField()


class IneligibleOut(serializers.Serializer):
    partner = serializers.IntegerField()
    partner_name = serializers.CharField()
    reasons = ReasonSerializer(many=True)


class RankingOut(serializers.Serializer):
    """A whole ranking, as stored with a referral."""

    on = DateField()
    eligible = RankedOut(many=True)
    ineligible = IneligibleOut(many=True)


class ReasonCodeOut(serializers.Serializer):
    code = serializers.CharField()
    rule = serializers.CharField()
    message = serializers.CharField()
    params = serializers.DictField()


class IneligibleCompactOut(serializers.Serializer):
    partner = serializers.IntegerField()
    partner_name = serializers.CharField()
    reasons = ReasonCodeOut(many=True)


class RankingPageOut(serializers.Serializer):
    """One page of the live ranking: the eligible partners in rank order, their count, every
    ineligible partner with its reason codes, and the link to the next page."""

    on = serializers.DateField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    eligible = RankedOut(many=True)
    eligible_count = serializers.IntegerField()
    ineligible = IneligibleCompactOut(many=True)
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)


class ReferralOut(serializers.ModelSerializer[Referral]):
    partner_name = serializers.CharField(source="partner.name")
    employee_name = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = [
            "id",
            "evaluation",
            "employee",
            "employee_name",
            "partner",
            "partner_name",
            "referred_on",
            "due_on",
            "chosen_rank",
            "override_reason",
        ]

    def get_employee_name(self, referral: Referral) -> str:
        return f"{referral.employee.given_name} {referral.employee.family_name}"


class ReferralDetailOut(ReferralOut):
    ranking = serializers.SerializerMethodField()

    class Meta(ReferralOut.Meta):
        fields = [*ReferralOut.Meta.fields, "ranking"]

    @extend_schema(responses=RankingOut)
    def get_ranking(self, referral: Referral) -> dict[str, Any]:
        return ranking_out(referral.ranking, language(self.context.get("request")))


class ReferralIn(serializers.Serializer):
    evaluation = IdField()
    partner = IdField()
    referred_on = DateField()
    override_reason = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, default=""
    )


class ReferralListCreateApi(GenericAPIView[Referral]):
    permission_classes = [roles(Role.CONSULTANT, read=(Role.APPLICANT,))]
    serializer_class = ReferralOut
    queryset = Referral.objects.none()

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.referral_list_for_user(current_user(self.request))

    @extend_schema(responses=ReferralOut(many=True))
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        access_log_for_request(request, [r.employee_id for r in page or []], "referral_list")
        return self.get_paginated_response(ReferralOut(page, many=True).data)

    @extend_schema(request=ReferralIn, responses={201: ReferralDetailOut})
    def post(self, request: Request) -> Response:
        data = ReferralIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user = current_user(request)
        evaluation = referenced_or_400(
            evaluation_list_for_user(user),
            values["evaluation"],
            field="evaluation",
            message="Onbekende evaluatie.",
        )
        partner = referenced_or_400(
            organisation_list_for_user(user),
            values["partner"],
            field="partner",
            message="Onbekende partner.",
        )
        referral = services.referral_create(
            evaluation=evaluation,
            partner=partner,
            referred_on=values["referred_on"],
            override_reason=values["override_reason"],
            consultant=user,
        )
        return Response(
            ReferralDetailOut(referral, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class ReferralDetailApi(GenericAPIView[Referral]):
    permission_classes = [roles(Role.CONSULTANT, read=(Role.APPLICANT,))]
    serializer_class = ReferralDetailOut
    queryset = Referral.objects.none()

    @extend_schema(responses=ReferralDetailOut)
    def get(self, request: Request, id: int) -> Response:
        referral = get_object_or_404(selectors.referral_list_for_user(current_user(request)), pk=id)
        access_log_for_request(request, [referral.employee_id], "referral_detail")
        return Response(ReferralDetailOut(referral, context={"request": request}).data)


# --- the live ranking of an evaluation (R4, R10) -------------------------------------


def _ranked_out(p: dict[str, Any], lang: str) -> dict[str, Any]:
    return {
        "partner": p["partner_id"],
        "partner_name": p["name"],
        "rank": p["rank"],
        "score": p["score"],
        "factors": {
            "distance_km": p["distance_km"],
            "local_network": p["local_network"],
            "experience": p["experience"],
        },
        "explanation": p["explanation_nl"],
        "factor_explanations": {
            f["name"]: f.get(f"explanation_{lang}", f.get("explanation_nl", ""))
            for f in p["factors"]
        },
        "current_load": p["current_load"],
    }


def ranking_out(trace: dict[str, Any], lang: str = "nl") -> dict[str, Any]:
    """The stored ranking trace in the API's shape (a referral's whole ranking)."""
    ineligible = [
        {
            "partner": p["partner_id"],
            "partner_name": p["name"],
            "reasons": [
                {**r, "message": r.get(f"message_{lang}", r.get("message", ""))}
                for r in p["reasons"]
            ],
        }
        for p in trace["ineligible"]
    ]
    return {
        "on": trace["on"],
        "eligible": [_ranked_out(p, lang) for p in trace["eligible"]],
        "ineligible": ineligible,
    }


#: The ineligible partners as answered, per list of them and language. A day's list is one
#: object for every ranking on that day and framework while the partner facts hold (kept by
#: `rules.referrals.Candidates` in this process's cache), and formatting its few hundred
#: reasons was a third of a page's time at scale 100 (docs/performance.md). Keyed by the
#: list's id, with the list kept beside the answer so that the id cannot be reused meanwhile.
_INELIGIBLE_OUT: dict[tuple[int, str], tuple[object, list[dict[str, Any]]]] = {}
_INELIGIBLE_OUT_MAX = 32


def _ineligible_out(page: RankingPage, lang: str) -> list[dict[str, Any]]:
    kept = _INELIGIBLE_OUT.get((id(page.ineligible), lang))
    if kept is not None and kept[0] is page.ineligible:
        return kept[1]
    found = [
        {
            "partner": p.partner_id,
            "partner_name": p.name,
            "reasons": [
                {
                    "code": r.code,
                    "rule": r.rule,
                    "message": r.message(lang),
                    "params": r.as_dict(lang)["params"],
                }
                for r in p.reasons
            ],
        }
        for p in page.ineligible
    ]
    if len(_INELIGIBLE_OUT) >= _INELIGIBLE_OUT_MAX:
        _INELIGIBLE_OUT.clear()
    _INELIGIBLE_OUT[(id(page.ineligible), lang)] = (page.ineligible, found)
    return found


def ranking_page_out(page: RankingPage, lang: str = "nl") -> dict[str, Any]:
    """A page of the live ranking: the page's eligible partners as in `ranking_out`, their
    count, and the ineligible partners with their reason codes only (code, rule, message in
    ``lang``, params; the same answer object for the same list of them, never changed)."""
    return {
        "on": page.on,
        "eligible": [_ranked_out(p.as_dict(), lang) for p in page.eligible],
        "eligible_count": page.eligible_count,
        "ineligible": _ineligible_out(page, lang),
    }


class RankingApi(GenericAPIView[Evaluation]):
    """The eligible partners ranked on proximity, local network and experience (R10), a page
    at a time (the first by default); the ineligible ones with their reasons (R4)."""

    permission_classes = [roles(Role.CONSULTANT)]
    serializer_class = RankingPageOut
    queryset = Evaluation.objects.none()

    @extend_schema(
        responses=RankingPageOut,
        parameters=[
            OpenApiParameter("on", date, required=False, description="Day of the ranking"),
            OpenApiParameter("page", int, required=False, description="Page, from 1"),
            OpenApiParameter(
                "page_size",
                int,
                required=False,
                description=f"Eligible partners per page, 1…{RANKING_MAX_PAGE_SIZE} "
                f"(default {RANKING_PAGE_SIZE})",
            ),
        ],
    )
    def get(self, request: Request, id: int) -> Response:
        evaluation = get_object_or_404(
            evaluation_list_for_user(current_user(request)).select_related(
                "employee__municipality"
            ),
            pk=id,
        )
        params = RankingIn(data=request.query_params)
        params.is_valid(raise_exception=True)
        on = params.validated_data.get("on") or clock.today()
        number, size = params.validated_data["page"], params.validated_data["page_size"]
        page = ranking_page_for(evaluation.employee, on=on, start=(number - 1) * size, size=size)
        access_log_for_request(request, [evaluation.employee_id], "ranking")
        body = ranking_page_out(page, language(request))
        # The links keep the day, so every page is of the same ranking.
        url = replace_query_param(request.build_absolute_uri(), "on", on.isoformat())
        url = replace_query_param(url, "page_size", size)
        more = number * size < page.eligible_count
        body.update(
            page=number,
            page_size=size,
            next=replace_query_param(url, "page", number + 1) if more else None,
            previous=(
                None
                if number == 1
                else remove_query_param(url, "page")
                if number == 2
                else replace_query_param(url, "page", number - 1)
            ),
        )
        return Response(body)
