"""API for target-group employees, support packages, evaluations and the partner ranking.

Every read of a person's record writes the processing log (privacy.AccessLog). National
numbers arrive only in request bodies (never in URLs) and leave only masked.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from doorstroom.accounts.current import current_user
from doorstroom.accounts.models import Role
from doorstroom.common import clock
from doorstroom.common.api.fields import (
    DateField,
    IdField,
    NationalNumberField,
    TargetGroupField,
)
from doorstroom.common.api.lookup import referenced_or_400
from doorstroom.common.api.permissions import roles
from doorstroom.common.api.serializers import PlannedOutput, ReasonSerializer, language
from doorstroom.employees import selectors, services
from doorstroom.employees.models import Employee, Evaluation, GuidanceLevel, SupportPackage
from doorstroom.organisations.selectors import organisation_list_for_user
from doorstroom.privacy.reads import access_log_for_request
from doorstroom.rules.codes import ALL_TARGET_GROUPS, CRITERIA, FRAMEWORKS

# --- output -------------------------------------------------------------------------------


class PackageOut(PlannedOutput, serializers.ModelSerializer[SupportPackage]):
    class Meta:
        model = SupportPackage
        fields = [
            "version",
            "wage_premium_percent",
            "guidance_level",
            "valid_from",
            "valid_until",
            "reason",
            "trace",
        ]


class EmployeeOut(PlannedOutput, serializers.ModelSerializer[Employee]):
    national_number = serializers.CharField(source="national_number_masked")
    municipality = serializers.CharField(source="municipality.nis_code")
    municipality_name = serializers.CharField(source="municipality.name_nl")
    target_groups = serializers.ListField(child=serializers.CharField())
    # v1 showed one group: kept (never dropped, API.md), the first of `target_groups`.
    target_group = serializers.SerializerMethodField()

    class Meta:
        model = Employee
        fields = [
            "id",
            "national_number",
            "national_number_masked",
            "given_name",
            "family_name",
            "postal_code",
            "municipality",
            "municipality_name",
            "employer",
            "framework",
            "target_groups",
            "target_group",
            "hired_on",
        ]

    def get_target_group(self, employee: Employee) -> str:
        return employee.target_groups[0] if employee.target_groups else ""


def _text(value: Any) -> str | None:
    """A ``CharField``'s rendering (``str``; ``None`` stays ``None``)."""
    return None if value is None else str(value)


def employee_list_out(row: dict[str, Any]) -> dict[str, Any]:
    """``EmployeeOut`` of a ``selectors.employee_values`` row, built directly: the same keys,
    order and values as the serializer gives a model instance (the search's page of 50 spent
    more on model instances and per-field DRF calls than on the rest of its Python;
    ``tests/api/test_api_detail_rows.py`` compares both on every employee of the demo)."""
    groups = row["target_groups"]
    hired_on = row["hired_on"]
    return {
        "id": row["id"],
        "national_number": _text(row["national_number_masked"]),
        "national_number_masked": _text(row["national_number_masked"]),
        "given_name": _text(row["given_name"]),
        "family_name": _text(row["family_name"]),
        "postal_code": _text(row["postal_code"]),
        "municipality": _text(row["municipality__nis_code"]),
        "municipality_name": _text(row["municipality__name_nl"]),
        "employer": row["employer_id"],
        "framework": _text(row["framework"]),
        "target_groups": None if groups is None else [_text(group) for group in groups],
        "target_group": groups[0] if groups else "",
        "hired_on": hired_on.isoformat() if hired_on else None,
    }


class EmployeeDetailOut(EmployeeOut):
    packages = PackageOut(many=True)
    current_package = serializers.SerializerMethodField()
    evaluations = serializers.SerializerMethodField()
    trajectories = serializers.SerializerMethodField()

    class Meta(EmployeeOut.Meta):
        fields = [
            *EmployeeOut.Meta.fields,
            "packages",
            "current_package",
            "evaluations",
            "trajectories",
        ]

    def get_current_package(self, employee: Employee) -> dict[str, Any] | None:
        packages = list(employee.packages.all())
        return PackageOut(packages[-1]).data if packages else None

    def get_evaluations(self, employee: Employee) -> list[dict[str, Any]]:
        return [
            {"id": e.id, "evaluated_on": e.evaluated_on, "decision": e.decision}
            for e in employee.evaluations.all()
        ]

    def get_trajectories(self, employee: Employee) -> list[dict[str, Any]]:
        return [
            {
                "id": t.id,
                "partner": t.partner_id,
                "started_on": t.started_on,
                "ended_on": t.ended_on,
            }
            for t in employee.trajectories.all()
        ]


class CriterionOut(serializers.Serializer):
    favourable = serializers.BooleanField()
    motivation = serializers.CharField()


class EvaluationOut(serializers.ModelSerializer[Evaluation]):
    reasons = ReasonSerializer(many=True)
    criteria = serializers.SerializerMethodField()
    adjusted_package = PackageOut(allow_null=True)

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "employee",
            "evaluated_on",
            "needs_support",
            "package_still_correct",
            "adjusted_package",
            "criteria",
            "decision",
            "reasons",
            "transition_starts_on",
            "employer_in_trajectory",
        ]

    def get_criteria(self, evaluation: Evaluation) -> dict[str, dict[str, Any]]:
        return {
            c.criterion: {"favourable": c.favourable, "motivation": c.motivation}
            for c in evaluation.criteria.all()
        }

    def to_representation(self, instance: Evaluation) -> dict[str, Any]:
        data = super().to_representation(instance)
        lang = language(self.context.get("request"))
        for reason in data["reasons"]:
            reason["message"] = reason.get(f"message_{lang}", reason.get("message", ""))
        return data


# --- input --------------------------------------------------------------------------------


class PackageIn(serializers.Serializer):
    wage_premium_percent = serializers.IntegerField(min_value=0, max_value=100)
    guidance_level = serializers.ChoiceField(choices=GuidanceLevel.choices)


#: A hire in custom work before the procedure existed is a real fact of the employee's past.
HIRED_ON_EARLIEST = date(1950, 1, 1)


class EmployeeIn(serializers.Serializer):
    national_number = NationalNumberField()
    given_name = serializers.CharField(max_length=100)
    family_name = serializers.CharField(max_length=100)
    postal_code = serializers.CharField(max_length=10)
    employer = IdField()
    framework = serializers.ChoiceField(choices=FRAMEWORKS)
    target_groups = serializers.ListField(
        child=serializers.ChoiceField(choices=ALL_TARGET_GROUPS),
        required=False,
        allow_empty=False,
        max_length=len(ALL_TARGET_GROUPS),
    )
    target_group = TargetGroupField(required=False)
    hired_on = DateField(earliest=HIRED_ON_EARLIEST)
    support_package = PackageIn(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "target_groups" not in attrs and "target_group" not in attrs:
            raise serializers.ValidationError(
                {"target_groups": ["Kies minstens één doelgroep (target_groups)."]}
            )
        return attrs


class NationalNumberSearchIn(serializers.Serializer):
    national_number = NationalNumberField()


class CriterionIn(serializers.Serializer):
    favourable = serializers.BooleanField()
    motivation = serializers.CharField(max_length=5000)


#: The schema of ``criteria``: the three criteria of R8, each judged (the service refuses a
#: missing or unknown one with 400); the field itself stays a dict of judgements.
CriteriaIn = type(
    "CriteriaIn", (serializers.Serializer,), {code: CriterionIn() for code in CRITERIA}
)


@extend_schema_field(CriteriaIn)
class CriteriaField(serializers.DictField):
    pass


class EvaluationIn(serializers.Serializer):
    employee = IdField()
    evaluated_on = DateField()
    needs_support = serializers.BooleanField()
    package_still_correct = serializers.BooleanField(default=True)
    adjusted_package = PackageIn(required=False, allow_null=True, default=None)
    criteria = CriteriaField(child=CriterionIn(), required=False, default=dict)
    transition_starts_on = DateField(required=False, allow_null=True, default=None)


# --- views --------------------------------------------------------------------------------

CONSULTANT = roles(Role.CONSULTANT)


class EmployeeListCreateApi(GenericAPIView[Employee]):
    permission_classes = [CONSULTANT]
    serializer_class = EmployeeOut
    queryset = Employee.objects.none()

    @extend_schema(
        responses=EmployeeOut(many=True),
        parameters=[OpenApiParameter("q", str, description="part of the name")],
    )
    def get(self, request: Request) -> Response:
        query = request.query_params.get("q", "")
        found = selectors.employee_search(current_user(request), name=query)
        rows: list[dict[str, Any]] = self.paginate_queryset(selectors.employee_values(found)) or []
        access_log_for_request(request, [row["id"] for row in rows], "employee_search")
        return self.get_paginated_response([employee_list_out(row) for row in rows])

    @extend_schema(request=EmployeeIn, responses={201: EmployeeOut})
    def post(self, request: Request) -> Response:
        data = EmployeeIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        employer = referenced_or_400(
            organisation_list_for_user(current_user(request)),
            values.pop("employer"),
            field="employer",
            message="Onbekende werkgever.",
        )
        package = values.pop("support_package", None)
        employee = services.employee_create(
            employer=employer,
            package=services.PackageInput(**package) if package else None,
            created_by=current_user(request),
            **values,
        )
        return Response(EmployeeOut(employee).data, status=status.HTTP_201_CREATED)


class EmployeeSearchApi(GenericAPIView[Employee]):
    """Exact search by national number: POSTed, so the number never appears in a URL."""

    permission_classes = [CONSULTANT]
    serializer_class = EmployeeOut
    queryset = Employee.objects.none()
    pagination_class = None  # an exact search finds at most a few: a plain list, as documented

    @extend_schema(request=NationalNumberSearchIn, responses=EmployeeOut(many=True))
    def post(self, request: Request) -> Response:
        data = NationalNumberSearchIn(data=request.data)
        data.is_valid(raise_exception=True)
        found = list(
            selectors.employee_rows(
                selectors.employee_by_national_number(
                    current_user(request), data.validated_data["national_number"]
                )
            )
        )
        access_log_for_request(request, [e.pk for e in found], "employee_search_national_number")
        return Response(EmployeeOut(found, many=True).data)


class EmployeeDetailApi(GenericAPIView[Employee]):
    permission_classes = [CONSULTANT]
    serializer_class = EmployeeDetailOut
    queryset = Employee.objects.none()

    @extend_schema(responses=EmployeeDetailOut)
    def get(self, request: Request, id: int) -> Response:
        employee = get_object_or_404(
            selectors.employee_detail_for_user(current_user(request)), pk=id
        )
        access_log_for_request(request, [employee.pk], "employee_detail")
        return Response(EmployeeDetailOut(employee).data)


class SupportPackageApi(GenericAPIView[SupportPackage]):
    permission_classes = [CONSULTANT]
    serializer_class = PackageOut
    queryset = SupportPackage.objects.none()

    @extend_schema(request=PackageIn, responses={201: PackageOut})
    def post(self, request: Request, id: int) -> Response:
        employee = get_object_or_404(selectors.employee_list_for_user(current_user(request)), pk=id)
        data = PackageIn(data=request.data)
        data.is_valid(raise_exception=True)
        package = services.support_package_add(
            employee=employee,
            package=services.PackageInput(**data.validated_data),
            valid_from=clock.today(),
            reason="aangepast door trajectbegeleider",
            created_by=current_user(request),
        )
        return Response(PackageOut(package).data, status=status.HTTP_201_CREATED)


class EvaluationCreateApi(GenericAPIView[Evaluation]):
    permission_classes = [CONSULTANT]
    serializer_class = EvaluationOut
    queryset = Evaluation.objects.none()

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.evaluation_list_for_user(current_user(self.request))

    @extend_schema(responses=EvaluationOut(many=True))
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        access_log_for_request(request, [e.employee_id for e in page or []], "evaluation_list")
        ctx = {"request": request}
        return self.get_paginated_response(EvaluationOut(page, many=True, context=ctx).data)

    @extend_schema(request=EvaluationIn, responses={201: EvaluationOut})
    def post(self, request: Request) -> Response:
        data = EvaluationIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        employee = referenced_or_400(
            selectors.employee_list_for_user(current_user(request)),
            values.pop("employee"),
            field="employee",
            message="Onbekende werknemer.",
        )
        adjusted = values.pop("adjusted_package")
        evaluation = services.evaluation_create(
            employee=employee,
            adjusted_package=services.PackageInput(**adjusted) if adjusted else None,
            consultant=current_user(request),
            **values,
        )
        evaluation = selectors.evaluation_list_for_user(current_user(request)).get(pk=evaluation.pk)
        return Response(
            EvaluationOut(evaluation, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class EvaluationDetailApi(GenericAPIView[Evaluation]):
    permission_classes = [CONSULTANT]
    serializer_class = EvaluationOut
    queryset = Evaluation.objects.none()

    @extend_schema(responses=EvaluationOut)
    def get(self, request: Request, id: int) -> Response:
        evaluation = get_object_or_404(
            selectors.evaluation_list_for_user(current_user(request)), pk=id
        )
        access_log_for_request(request, [evaluation.employee_id], "evaluation_detail")
        return Response(EvaluationOut(evaluation, context={"request": request}).data)
