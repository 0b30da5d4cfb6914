"""API for ESF calls, project proposals and project decisions (R2)."""

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
from doorstroom.esf import selectors, services
from doorstroom.esf.models import Call, Project, ProjectDecision
from doorstroom.organisations.selectors import organisation_list_for_user


class CallOut(serializers.ModelSerializer[Call]):
    class Meta:
        model = Call
        fields = ["id", "code", "title", "opens_on", "closes_on"]


class CallIn(serializers.Serializer):
    code = serializers.CharField(max_length=30)
    title = serializers.CharField(max_length=300)
    opens_on = DateField()
    closes_on = DateField()


class ProjectDecisionOut(serializers.ModelSerializer[ProjectDecision]):
    class Meta:
        model = ProjectDecision
        fields = ["id", "project", "approved", "decided_on", "starts_on", "ends_on"]


class ProjectOut(serializers.ModelSerializer[Project]):
    decision = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = ["id", "organisation", "call", "submitted_on", "status", "decision"]

    def get_decision(self, project: Project) -> dict[str, Any] | None:
        decision = getattr(project, "decision", None)
        return ProjectDecisionOut(decision).data if decision else None


class ProjectIn(serializers.Serializer):
    organisation = IdField(required=False)
    call = IdField()
    submitted_on = DateField()


class ProjectDecisionIn(serializers.Serializer):
    approved = serializers.BooleanField()
    decided_on = DateField()
    starts_on = DateField(required=False, allow_null=True, default=None)
    ends_on = DateField(required=False, allow_null=True, default=None)


class CallListCreateApi(GenericAPIView[Call]):
    queryset = Call.objects.none()  # for the schema; reads go through selectors
    permission_classes = [
        roles(Role.ESF_OFFICER, read=(Role.APPLICANT, Role.REVIEWER, Role.CONSULTANT))
    ]
    serializer_class = CallOut

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.call_list_for_user(current_user(self.request))

    @extend_schema(responses=CallOut(many=True))
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(CallOut(page, many=True).data)

    @extend_schema(request=CallIn, responses={201: CallOut})
    def post(self, request: Request) -> Response:
        data = CallIn(data=request.data)
        data.is_valid(raise_exception=True)
        call = services.call_create(**data.validated_data)
        return Response(CallOut(call).data, status=status.HTTP_201_CREATED)


class CallDetailApi(GenericAPIView[Call]):
    queryset = Call.objects.none()  # for the schema; reads go through selectors
    permission_classes = [
        roles(Role.ESF_OFFICER, read=(Role.APPLICANT, Role.REVIEWER, Role.CONSULTANT))
    ]
    serializer_class = CallOut

    @extend_schema(responses=CallOut)
    def get(self, request: Request, id: int) -> Response:
        call = get_object_or_404(selectors.call_list_for_user(current_user(request)), pk=id)
        return Response(CallOut(call).data)


class ProjectListCreateApi(GenericAPIView[Project]):
    queryset = Project.objects.none()  # for the schema; reads go through selectors
    permission_classes = [roles(Role.ESF_OFFICER, Role.APPLICANT, read=(Role.REVIEWER,))]
    serializer_class = ProjectOut

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.project_list_for_user(current_user(self.request))

    @extend_schema(responses=ProjectOut(many=True))
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ProjectOut(page, many=True).data)

    @extend_schema(request=ProjectIn, responses={201: ProjectOut})
    def post(self, request: Request) -> Response:
        data = ProjectIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user = current_user(request)
        organisation_id = values.get("organisation")
        if organisation_id is None and user.role == Role.APPLICANT:
            organisation_id = user.organisation_id
        if organisation_id is None:
            raise serializers.ValidationError({"organisation": ["Dit veld is verplicht."]})
        organisation = referenced_or_400(
            organisation_list_for_user(user),
            organisation_id,
            field="organisation",
            message=f"Onbekende organisatie {organisation_id}.",
        )
        call = referenced_or_400(
            selectors.call_list_for_user(user),
            values["call"],
            field="call",
            message=f"Onbekende oproep {values['call']}.",
        )
        project = services.project_create(
            organisation=organisation, call=call, submitted_on=values["submitted_on"]
        )
        return Response(ProjectOut(project).data, status=status.HTTP_201_CREATED)


class ProjectDetailApi(GenericAPIView[Project]):
    queryset = Project.objects.none()  # for the schema; reads go through selectors
    permission_classes = [roles(Role.ESF_OFFICER, Role.APPLICANT, read=(Role.REVIEWER,))]
    serializer_class = ProjectOut

    @extend_schema(responses=ProjectOut)
    def get(self, request: Request, id: int) -> Response:
        project = get_object_or_404(selectors.project_list_for_user(current_user(request)), pk=id)
        return Response(ProjectOut(project).data)


class ProjectDecisionApi(GenericAPIView[ProjectDecision]):
    queryset = ProjectDecision.objects.none()  # for the schema; reads go through selectors
    permission_classes = [roles(Role.ESF_OFFICER)]
    serializer_class = ProjectDecisionOut

    @extend_schema(request=ProjectDecisionIn, responses={201: ProjectDecisionOut})
    def post(self, request: Request, id: int) -> Response:
        project = get_object_or_404(selectors.project_list_for_user(current_user(request)), pk=id)
        data = ProjectDecisionIn(data=request.data)
        data.is_valid(raise_exception=True)
        decision = services.project_decide(
            project=project, decided_by=current_user(request), **data.validated_data
        )
        return Response(ProjectDecisionOut(decision).data, status=status.HTTP_201_CREATED)
