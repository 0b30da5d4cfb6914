"""API for organisations, their recognitions, sites and local network.

Thin: parse, call one service or selector, render.
"""

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
from doorstroom.common.api.fields import (
    DateField,
    EnterpriseNumberField,
    NisCodeField,
    PostalCodeField,
)
from doorstroom.common.api.permissions import roles
from doorstroom.organisations import selectors, services
from doorstroom.organisations.models import Organisation, Recognition, Site


class RecognitionOut(serializers.ModelSerializer[Recognition]):
    class Meta:
        model = Recognition
        fields = ["id", "label_number", "registration_number", "valid_from", "valid_until"]


class SiteOut(serializers.ModelSerializer[Site]):
    class Meta:
        model = Site
        fields = ["id", "name", "postal_code", "street"]


class MunicipalityOut(serializers.Serializer):
    nis_code = serializers.CharField(source="municipality.nis_code")
    name = serializers.CharField(source="municipality.name_nl")


class MandateBrief(serializers.Serializer):
    id = serializers.IntegerField()
    frameworks = serializers.ListField(child=serializers.CharField(), source="framework_list")
    valid_from = DateField()
    valid_until = DateField()


class OrganisationOut(serializers.ModelSerializer[Organisation]):
    enterprise_number_display = serializers.CharField(read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "enterprise_number",
            "enterprise_number_display",
            "name",
            "postal_code",
            "street",
            "email",
            "current_participant",
            "current_participant_motivation",
        ]


class OrganisationDetailOut(OrganisationOut):
    recognitions = RecognitionOut(many=True, read_only=True)
    sites = SiteOut(many=True, read_only=True)
    local_network = MunicipalityOut(many=True, read_only=True)
    mandates = MandateBrief(many=True, read_only=True)

    class Meta(OrganisationOut.Meta):
        fields = [
            *OrganisationOut.Meta.fields,
            "recognitions",
            "sites",
            "local_network",
            "mandates",
        ]


class OrganisationIn(serializers.Serializer):
    enterprise_number = EnterpriseNumberField()
    name = serializers.CharField(max_length=200)
    postal_code = PostalCodeField()
    street = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True)
    current_participant = serializers.BooleanField(required=False, default=False)
    current_participant_motivation = serializers.CharField(
        required=False, allow_blank=True, default=""
    )


class RecognitionIn(serializers.Serializer):
    label_number = serializers.CharField(max_length=50)
    registration_number = serializers.CharField(max_length=50)
    valid_from = DateField()
    valid_until = DateField(required=False, allow_null=True, default=None)


class SiteIn(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    postal_code = PostalCodeField()
    street = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class LocalNetworkIn(serializers.Serializer):
    municipalities = serializers.ListField(child=NisCodeField(), allow_empty=True, max_length=600)


class LocalNetworkOut(serializers.Serializer):
    municipalities = serializers.ListField(child=serializers.CharField())


def _organisation(request: Request, pk: int) -> Organisation:
    return get_object_or_404(selectors.organisation_list_for_user(current_user(request)), pk=pk)


class OrganisationListCreateApi(GenericAPIView[Organisation]):
    queryset = Organisation.objects.none()  # for the schema; reads go through selectors
    permission_classes = [roles(Role.REVIEWER, read=(Role.APPLICANT,))]
    serializer_class = OrganisationOut

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.organisation_list_for_user(current_user(self.request)).order_by("id")

    @extend_schema(responses=OrganisationOut(many=True))
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(OrganisationOut(page, many=True).data)

    @extend_schema(request=OrganisationIn, responses={201: OrganisationOut})
    def post(self, request: Request) -> Response:
        data = OrganisationIn(data=request.data)
        data.is_valid(raise_exception=True)
        organisation = services.organisation_create(**data.validated_data)
        return Response(OrganisationOut(organisation).data, status=status.HTTP_201_CREATED)


class OrganisationDetailApi(GenericAPIView[Organisation]):
    queryset = Organisation.objects.none()  # for the schema; reads go through selectors
    permission_classes = [roles(Role.REVIEWER, read=(Role.APPLICANT,))]
    serializer_class = OrganisationDetailOut

    @extend_schema(responses=OrganisationDetailOut)
    def get(self, request: Request, id: int) -> Response:
        organisation = get_object_or_404(
            selectors.organisation_detail_for_user(current_user(request)), pk=id
        )
        return Response(OrganisationDetailOut(organisation).data)


class RecognitionCreateApi(GenericAPIView[Recognition]):
    pagination_class = None  # a record's few items: a plain list, as the schema says
    queryset = Recognition.objects.none()  # for the schema; reads go through selectors
    permission_classes = [roles(Role.REVIEWER, read=(Role.APPLICANT,))]
    serializer_class = RecognitionOut

    @extend_schema(responses=RecognitionOut(many=True))
    def get(self, request: Request, id: int) -> Response:
        organisation = _organisation(request, id)
        return Response(RecognitionOut(organisation.recognitions.all(), many=True).data)

    @extend_schema(request=RecognitionIn, responses={201: RecognitionOut})
    def post(self, request: Request, id: int) -> Response:
        organisation = _organisation(request, id)
        data = RecognitionIn(data=request.data)
        data.is_valid(raise_exception=True)
        recognition = services.recognition_create(organisation=organisation, **data.validated_data)
        return Response(RecognitionOut(recognition).data, status=status.HTTP_201_CREATED)


class SiteCreateApi(GenericAPIView[Site]):
    pagination_class = None  # a record's few items: a plain list, as the schema says
    queryset = Site.objects.none()  # for the schema; reads go through selectors
    permission_classes = [roles(Role.REVIEWER, Role.APPLICANT)]
    serializer_class = SiteOut

    @extend_schema(responses=SiteOut(many=True))
    def get(self, request: Request, id: int) -> Response:
        organisation = _organisation(request, id)
        return Response(SiteOut(organisation.sites.all(), many=True).data)

    @extend_schema(request=SiteIn, responses={201: SiteOut})
    def post(self, request: Request, id: int) -> Response:
        organisation = _organisation(request, id)
        data = SiteIn(data=request.data)
        data.is_valid(raise_exception=True)
        site = services.site_create(organisation=organisation, **data.validated_data)
        return Response(SiteOut(site).data, status=status.HTTP_201_CREATED)


class LocalNetworkApi(GenericAPIView[Organisation]):
    queryset = Organisation.objects.none()  # for the schema; reads go through selectors
    lookup_url_kwarg = "id"  # OPTIONS (DRF metadata for PUT) looks the object up by this name
    permission_classes = [roles(Role.REVIEWER, Role.APPLICANT)]
    serializer_class = LocalNetworkOut

    @extend_schema(responses=LocalNetworkOut)
    def get(self, request: Request, id: int) -> Response:
        organisation = _organisation(request, id)
        codes = organisation.local_network.order_by("municipality_id").values_list(
            "municipality_id", flat=True
        )
        return Response({"municipalities": list(codes)})

    @extend_schema(request=LocalNetworkIn, responses=LocalNetworkOut)
    def put(self, request: Request, id: int) -> Response:
        organisation = _organisation(request, id)
        data = LocalNetworkIn(data=request.data)
        data.is_valid(raise_exception=True)
        codes = services.local_network_set(
            organisation=organisation, municipalities=data.validated_data["municipalities"]
        )
        return Response({"municipalities": codes})
