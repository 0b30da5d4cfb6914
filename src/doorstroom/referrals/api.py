"""API for referrals: the consultant's choice of partner, with the ranking as it was shown."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from doorstroom.accounts.current import current_user
from doorstroom.accounts.models import Role
from doorstroom.common.api.fields import DateField, IdField
from doorstroom.common.api.lookup import referenced_or_400
from doorstroom.common.api.permissions import roles
from doorstroom.common.api.serializers import language
from doorstroom.employees.api import RankingOut, ranking_out
from doorstroom.employees.selectors import evaluation_list_for_user
from doorstroom.organisations.selectors import organisation_list_for_user
from doorstroom.privacy.reads import access_log_for_request
from doorstroom.referrals import selectors, services
from doorstroom.referrals.models import Referral


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
