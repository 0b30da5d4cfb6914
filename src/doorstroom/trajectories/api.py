"""API for trajectories: the referred partner writes, consultants read (API.md)."""

from __future__ import annotations

from datetime import date
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
    HoursField,
    IdField,
)
from doorstroom.common.api.lookup import referenced_or_400
from doorstroom.common.api.permissions import roles
from doorstroom.common.api.serializers import PlannedOutput
from doorstroom.privacy.reads import access_log_for_request
from doorstroom.referrals.selectors import referral_list_for_user
from doorstroom.rules.codes import ACTIVITY_KINDS, INTERNSHIP_RESULTS, OUTCOME_KINDS
from doorstroom.trajectories import selectors, services
from doorstroom.trajectories.models import (
    Activity,
    Internship,
    Outcome,
    Suspension,
    Trajectory,
)

PARTNER_WRITES = roles(Role.APPLICANT, read=(Role.CONSULTANT,))


class ActivityOut(PlannedOutput, serializers.ModelSerializer[Activity]):
    class Meta:
        model = Activity
        fields = ["id", "on", "kind", "hours", "note"]


class InternshipOut(PlannedOutput, serializers.ModelSerializer[Internship]):
    class Meta:
        model = Internship
        fields = [
            "id",
            "employer_enterprise_number",
            "employer_name",
            "vacancy",
            "starts_on",
            "ends_on",
            "result",
            "result_on",
            "trace",
        ]


class SuspensionOut(PlannedOutput, serializers.ModelSerializer[Suspension]):
    class Meta:
        model = Suspension
        fields = ["id", "starts_on", "ends_on", "reason"]


class OutcomeOut(PlannedOutput, serializers.ModelSerializer[Outcome]):
    class Meta:
        model = Outcome
        fields = [
            "id",
            "kind",
            "on",
            "employer_enterprise_number",
            "employer_name",
            "first_working_day",
            "reason",
            "beyond_employee",
            "trace",
        ]


_OUTCOME_OUT = OutcomeOut()


class TrajectoryOut(PlannedOutput, serializers.ModelSerializer[Trajectory]):
    employee_name = serializers.SerializerMethodField()
    outcome = serializers.SerializerMethodField()

    class Meta:
        model = Trajectory
        fields = [
            "id",
            "referral",
            "employee",
            "employee_name",
            "partner",
            "started_on",
            "ended_on",
            "outcome",
        ]

    def get_employee_name(self, trajectory: Trajectory) -> str:
        return f"{trajectory.employee.given_name} {trajectory.employee.family_name}"

    def get_outcome(self, trajectory: Trajectory) -> dict[str, Any] | None:
        outcome = getattr(trajectory, "outcome", None)
        # One shared serializer for every row: building a serializer's fields per row cost
        # more than the page's queries (docs/performance.md).
        return _OUTCOME_OUT.to_representation(outcome) if outcome else None


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def trajectory_list_out(row: dict[str, Any]) -> dict[str, Any]:
    """``TrajectoryOut`` of a ``selectors.trajectory_list_values_for_user`` row, built directly:
    the same keys, order and values as the serializer gives a model instance (the list's page
    of 50 spent more on model instances and per-field DRF calls than on its query;
    ``tests/api/test_api_detail_rows.py`` compares both on every trajectory of the demo)."""
    outcome = None
    if row["outcome__id"] is not None:
        outcome = {
            "id": row["outcome__id"],
            "kind": row["outcome__kind"],
            "on": _iso(row["outcome__on"]),
            "employer_enterprise_number": row["outcome__employer_enterprise_number"],
            "employer_name": row["outcome__employer_name"],
            "first_working_day": _iso(row["outcome__first_working_day"]),
            "reason": row["outcome__reason"],
            "beyond_employee": row["outcome__beyond_employee"],
            "trace": row["outcome__trace"],
        }
    return {
        "id": row["id"],
        "referral": row["referral_id"],
        "employee": row["employee_id"],
        "employee_name": f"{row['employee__given_name']} {row['employee__family_name']}",
        "partner": row["partner_id"],
        "started_on": _iso(row["started_on"]),
        "ended_on": _iso(row["ended_on"]),
        "outcome": outcome,
    }


class DeadlinesOut(serializers.Serializer):
    intake_until = DateField()
    job_matching_until = DateField()
    aftercare_until = DateField(allow_null=True)


class TrajectoryDetailOut(TrajectoryOut):
    activities = ActivityOut(many=True)
    internships = InternshipOut(many=True)
    suspensions = SuspensionOut(many=True)
    deadlines = serializers.SerializerMethodField()
    hours = serializers.SerializerMethodField()

    class Meta(TrajectoryOut.Meta):
        fields = [
            *TrajectoryOut.Meta.fields,
            "deadlines",
            "hours",
            "activities",
            "internships",
            "suspensions",
        ]

    @extend_schema(responses=DeadlinesOut)
    def get_deadlines(self, trajectory: Trajectory) -> dict[str, Any]:
        deadlines = selectors.trajectory_deadlines(trajectory)
        return {
            "intake_until": deadlines.intake_until,
            "job_matching_until": deadlines.job_matching_until,
            "aftercare_until": deadlines.aftercare_until,
        }

    def get_hours(self, trajectory: Trajectory) -> str:
        return str(sum((a.hours for a in trajectory.activities.all()), start=0))


class SuspensionCreatedOut(SuspensionOut):
    """The 201 of a suspension: the suspension and the trajectory with its moved deadlines."""

    trajectory = TrajectoryDetailOut()

    class Meta(SuspensionOut.Meta):
        fields = [*SuspensionOut.Meta.fields, "trajectory"]


class TrajectoryIn(serializers.Serializer):
    referral = IdField()
    started_on = DateField()


class ActivityIn(serializers.Serializer):
    on = DateField()
    kind = serializers.ChoiceField(choices=ACTIVITY_KINDS)
    hours = HoursField()
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class InternshipIn(serializers.Serializer):
    employer_enterprise_number = EnterpriseNumberField()
    employer_name = serializers.CharField(max_length=200)
    vacancy = serializers.CharField(max_length=300)
    starts_on = DateField()
    ends_on = DateField()


class InternshipResultIn(serializers.Serializer):
    result = serializers.ChoiceField(choices=INTERNSHIP_RESULTS)
    result_on = DateField()


class SuspensionIn(serializers.Serializer):
    starts_on = DateField()
    ends_on = DateField()
    reason = serializers.CharField(max_length=5000)


class OutcomeIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=OUTCOME_KINDS)
    on = DateField()
    employer_enterprise_number = serializers.CharField(
        max_length=20, required=False, allow_blank=True, default=""
    )
    employer_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    first_working_day = DateField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    beyond_employee = serializers.BooleanField(required=False, default=False)


def _trajectory(request: Request, pk: int) -> Trajectory:
    return get_object_or_404(selectors.trajectory_detail_for_user(current_user(request)), pk=pk)


def _detail(request: Request, pk: int) -> Response:
    trajectory = get_object_or_404(
        selectors.trajectory_detail_rows_for_user(current_user(request)), pk=pk
    )
    access_log_for_request(request, [trajectory.employee_id], "trajectory_detail")
    return Response(TrajectoryDetailOut(trajectory).data)


class TrajectoryListCreateApi(GenericAPIView[Trajectory]):
    permission_classes = [PARTNER_WRITES]
    serializer_class = TrajectoryOut
    queryset = Trajectory.objects.none()

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.trajectory_list_values_for_user(current_user(self.request))

    @extend_schema(responses=TrajectoryOut(many=True))
    def get(self, request: Request) -> Response:
        rows: list[dict[str, Any]] = self.paginate_queryset(self.get_queryset()) or []
        access_log_for_request(request, [row["employee_id"] for row in rows], "trajectory_list")
        return self.get_paginated_response([trajectory_list_out(row) for row in rows])

    @extend_schema(request=TrajectoryIn, responses={201: TrajectoryDetailOut})
    def post(self, request: Request) -> Response:
        data = TrajectoryIn(data=request.data)
        data.is_valid(raise_exception=True)
        referral = referenced_or_400(
            referral_list_for_user(current_user(request)),
            data.validated_data["referral"],
            field="referral",
            message="Onbekende toeleiding.",
        )
        trajectory = services.trajectory_start(
            referral=referral, started_on=data.validated_data["started_on"]
        )
        response = _detail(request, trajectory.pk)
        response.status_code = status.HTTP_201_CREATED
        return response


class TrajectoryDetailApi(GenericAPIView[Trajectory]):
    permission_classes = [PARTNER_WRITES]
    serializer_class = TrajectoryDetailOut
    queryset = Trajectory.objects.none()

    @extend_schema(responses=TrajectoryDetailOut)
    def get(self, request: Request, id: int) -> Response:
        return _detail(request, id)


class ActivityApi(GenericAPIView[Activity]):
    permission_classes = [PARTNER_WRITES]
    serializer_class = ActivityOut
    queryset = Activity.objects.none()

    @extend_schema(request=ActivityIn, responses={201: ActivityOut})
    def post(self, request: Request, id: int) -> Response:
        trajectory = _trajectory(request, id)
        data = ActivityIn(data=request.data)
        data.is_valid(raise_exception=True)
        activity = services.activity_record(
            trajectory=trajectory, recorded_by=current_user(request), **data.validated_data
        )
        return Response(ActivityOut(activity).data, status=status.HTTP_201_CREATED)


class InternshipApi(GenericAPIView[Internship]):
    permission_classes = [PARTNER_WRITES]
    serializer_class = InternshipOut
    queryset = Internship.objects.none()

    @extend_schema(request=InternshipIn, responses={201: InternshipOut})
    def post(self, request: Request, id: int) -> Response:
        trajectory = _trajectory(request, id)
        data = InternshipIn(data=request.data)
        data.is_valid(raise_exception=True)
        internship = services.internship_add(trajectory=trajectory, **data.validated_data)
        return Response(InternshipOut(internship).data, status=status.HTTP_201_CREATED)


class InternshipResultApi(GenericAPIView[Internship]):
    """The partner records how an internship ended (R12); once (409 after)."""

    permission_classes = [PARTNER_WRITES]
    serializer_class = InternshipOut
    queryset = Internship.objects.none()

    @extend_schema(request=InternshipResultIn, responses={200: InternshipOut})
    def patch(self, request: Request, id: int, internship_id: int) -> Response:
        trajectory = _trajectory(request, id)
        internship = get_object_or_404(trajectory.internships.all(), pk=internship_id)
        data = InternshipResultIn(data=request.data)
        data.is_valid(raise_exception=True)
        internship = services.internship_result_record(internship=internship, **data.validated_data)
        return Response(InternshipOut(internship).data)


class SuspensionApi(GenericAPIView[Suspension]):
    permission_classes = [PARTNER_WRITES]
    serializer_class = SuspensionOut
    queryset = Suspension.objects.none()

    @extend_schema(request=SuspensionIn, responses={201: SuspensionCreatedOut})
    def post(self, request: Request, id: int) -> Response:
        trajectory = _trajectory(request, id)
        data = SuspensionIn(data=request.data)
        data.is_valid(raise_exception=True)
        suspension = services.suspension_add(trajectory=trajectory, **data.validated_data)
        response = _detail(request, id)
        response.data = {**SuspensionOut(suspension).data, "trajectory": response.data}
        response.status_code = status.HTTP_201_CREATED
        return response


class OutcomeApi(GenericAPIView[Outcome]):
    permission_classes = [PARTNER_WRITES]
    serializer_class = OutcomeOut
    queryset = Outcome.objects.none()

    @extend_schema(request=OutcomeIn, responses={201: OutcomeOut})
    def post(self, request: Request, id: int) -> Response:
        trajectory = _trajectory(request, id)
        data = OutcomeIn(data=request.data)
        data.is_valid(raise_exception=True)
        outcome = services.outcome_record(
            trajectory=trajectory, recorded_by=current_user(request), **data.validated_data
        )
        return Response(OutcomeOut(outcome).data, status=status.HTTP_201_CREATED)
