"""Downloads as CSV (streamed) and XLSX (written to a temporary file, then streamed).

- `exports/mandates.{csv,xlsx}`: the mandate register (reviewer, who decides the mandates; ESF
  officer, whose project decisions need a running mandate, R2 `mandate_required`, and who reads
  `GET /mandates/` already);
- `exports/applications.{csv,xlsx}`: the applications, as API.md's role table allows them
  (reviewer; an applicant its own organisation's). Not the ESF officer: the dossiers are
  not ESF work;
- `exports/trajectories.{csv,xlsx}` and `monitoring/export.{csv,xlsx}` (API.md): the trajectories
  for ESF monitoring (reviewer, consultant, ESF officer; an applicant those it guides), filtered
  by `from`, `to`, `partner` (and `province`, `framework`). The monitoring export defaults to the
  indicators' period (1 January until today); the plain export to every trajectory.

`admin` may download everything (API.md). Errors are application/problem+json.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, ClassVar

from django.http import FileResponse, Http404, HttpResponseBase, StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from doorstroom.accounts.current import current_user
from doorstroom.accounts.models import Role, User
from doorstroom.common import clock
from doorstroom.common.api.fields import DateField, IdField, check_period
from doorstroom.common.api.permissions import roles
from doorstroom.exports import tables, writers
from doorstroom.exports.writers import Column

FRAMEWORKS = ("maatwerk", "lde")
FORMATS = {"csv": writers.CSV_CONTENT_TYPE.split(";")[0], "xlsx": writers.XLSX_CONTENT_TYPE}
MANDATE_ROLES = (Role.REVIEWER, Role.ESF_OFFICER)
APPLICATION_ROLES = (Role.REVIEWER, Role.APPLICANT)  # API.md: "mandate applications"
TRAJECTORY_ROLES = (Role.REVIEWER, Role.CONSULTANT, Role.ESF_OFFICER, Role.APPLICANT)


class IgnoreAccept(BaseContentNegotiation):
    """The file type is in the path: the Accept header chooses nothing (errors stay JSON)."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        first = next(iter(renderers))
        return first, first.media_type

    def select_parser(self, request: Request, parsers: Iterable[BaseParser]) -> BaseParser | None:
        return next(iter(parsers), None)


class TrajectoryQueryIn(serializers.Serializer):
    """The query string; `from` is a Python keyword, so the field is added in `get_fields`."""

    to = DateField(required=False)
    partner = IdField(required=False)
    province = serializers.RegexField(r"^[0-9]{5}$", required=False)
    framework = serializers.ChoiceField(choices=FRAMEWORKS, required=False)

    def get_fields(self) -> dict[str, serializers.Field]:
        return {"from": DateField(required=False), **super().get_fields()}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.context.get("default_period"):
            attrs["to"] = attrs.get("to") or clock.today()
            attrs["from"] = attrs.get("from") or date(attrs["to"].year, 1, 1)
        if attrs.get("from") and attrs.get("to") and attrs["from"] > attrs["to"]:
            raise serializers.ValidationError(
                {"from": ["'from' valt na 'to' / 'from' is after 'to'."]}
            )
        if attrs.get("from") and attrs.get("to"):
            check_period(attrs["from"], attrs["to"])  # 422 date_out_of_range: at most 10 years
        return attrs


def _binary(ext: str, name: str) -> dict[Any, Any]:
    return {
        (200, FORMATS[ext]): OpenApiResponse(
            OpenApiTypes.BINARY,
            description=f"Bijlage doorstroom-{name}-<datum>.{ext} (Content-Disposition).",
        )
    }


TRAJECTORY_PARAMETERS = [
    OpenApiParameter("from", date, description="Trajecten die op of na deze dag nog lopen."),
    OpenApiParameter("to", date, description="Trajecten gestart op of voor deze dag."),
    OpenApiParameter("partner", {"type": "integer", "minimum": 1}),
    OpenApiParameter("province", str, pattern=r"^[0-9]{5}$"),
    OpenApiParameter("framework", str, enum=list(FRAMEWORKS)),
]


class ExportApi(APIView):
    """One export in one format; subclasses name the table, the format and the roles."""

    name: ClassVar[str]
    ext: ClassVar[str]
    content_negotiation_class = IgnoreAccept

    def filename(self) -> str:
        return f"doorstroom-{self.name}-{clock.today().isoformat()}.{self.ext}"

    def table(self, request: Request, user: User) -> tuple[tuple[Column, ...], Any]:
        raise NotImplementedError

    def get(self, request: Request) -> HttpResponseBase:
        columns, rows = self.table(request, current_user(request))
        return respond(self.ext, self.name, self.filename(), columns, rows)


def respond(
    ext: str, title: str, filename: str, columns: tuple[Column, ...], rows: Any
) -> StreamingHttpResponse | FileResponse:
    if ext == "csv":
        return writers.csv_response(filename, columns, rows)
    return writers.xlsx_response(filename, title, columns, rows)


class _Mandates(ExportApi):
    name = "mandates"
    permission_classes = [roles(read=MANDATE_ROLES)]

    def table(self, request: Request, user: User) -> tuple[tuple[Column, ...], Any]:
        return tables.MANDATE_COLUMNS, tables.mandate_rows(user, today=clock.today())


class _Applications(ExportApi):
    name = "applications"
    permission_classes = [roles(read=APPLICATION_ROLES)]

    def table(self, request: Request, user: User) -> tuple[tuple[Column, ...], Any]:
        return tables.APPLICATION_COLUMNS, tables.application_rows(user)


class _Trajectories(ExportApi):
    name = "trajectories"
    default_period: ClassVar[bool] = False
    permission_classes = [roles(read=TRAJECTORY_ROLES)]

    def table(self, request: Request, user: User) -> tuple[tuple[Column, ...], Any]:
        return tables.TRAJECTORY_COLUMNS, tables.trajectory_rows(
            user, self.trajectory_filter(request, user)
        )

    def trajectory_filter(self, request: Request, user: User) -> tables.TrajectoryFilter:
        params = TrajectoryQueryIn(
            data=request.query_params, context={"default_period": self.default_period}
        )
        params.is_valid(raise_exception=True)
        values = params.validated_data
        partner = values.get("partner")
        if user.role == Role.APPLICANT:
            if partner is not None and partner != user.organisation_id:
                raise Http404  # another organisation's trajectories do not exist for it
            partner = user.organisation_id or 0
        return tables.TrajectoryFilter(
            date_from=values.get("from"),
            date_to=values.get("to"),
            partner_id=partner,
            province_code=values.get("province"),
            framework=values.get("framework"),
        )

    def get(self, request: Request) -> HttpResponseBase:
        if self.ext != "csv":
            return super().get(request)
        user = current_user(request)
        # the CSV's own path: one query, values formatted once each, rows written in batches
        return writers.csv_stream(
            self.filename(), tables.trajectory_csv(user, self.trajectory_filter(request, user))
        )


class _Monitoring(_Trajectories):
    name = "monitoring"
    default_period = True


MANDATES_DOC = "The mandate register: organisation, enterprise number, frameworks, period, status."
APPLICATIONS_DOC = "Mandate applications with their dates, decision and timeliness (R15)."
TRAJECTORIES_DOC = (
    "Trajectories for ESF monitoring: partner, employee province, framework and target group "
    "(no names, no national numbers), dates, outcome, duration, hours, internships, suspension."
)
MONITORING_DOC = TRAJECTORIES_DOC + " Default period: 1 January of this year until today."


class MandatesCsvApi(_Mandates):
    ext = "csv"

    @extend_schema(responses=_binary("csv", "mandates"), description=MANDATES_DOC)
    def get(self, request: Request) -> HttpResponseBase:
        return super().get(request)


class MandatesXlsxApi(_Mandates):
    ext = "xlsx"

    @extend_schema(responses=_binary("xlsx", "mandates"), description=MANDATES_DOC)
    def get(self, request: Request) -> HttpResponseBase:
        return super().get(request)


class ApplicationsCsvApi(_Applications):
    ext = "csv"

    @extend_schema(responses=_binary("csv", "applications"), description=APPLICATIONS_DOC)
    def get(self, request: Request) -> HttpResponseBase:
        return super().get(request)


class ApplicationsXlsxApi(_Applications):
    ext = "xlsx"

    @extend_schema(responses=_binary("xlsx", "applications"), description=APPLICATIONS_DOC)
    def get(self, request: Request) -> HttpResponseBase:
        return super().get(request)


class TrajectoriesCsvApi(_Trajectories):
    ext = "csv"

    @extend_schema(
        responses=_binary("csv", "trajectories"),
        parameters=TRAJECTORY_PARAMETERS,
        description=TRAJECTORIES_DOC,
    )
    def get(self, request: Request) -> HttpResponseBase:
        return super().get(request)


class TrajectoriesXlsxApi(_Trajectories):
    ext = "xlsx"

    @extend_schema(
        responses=_binary("xlsx", "trajectories"),
        parameters=TRAJECTORY_PARAMETERS,
        description=TRAJECTORIES_DOC,
    )
    def get(self, request: Request) -> HttpResponseBase:
        return super().get(request)


class MonitoringCsvApi(_Monitoring):
    ext = "csv"

    @extend_schema(
        responses=_binary("csv", "monitoring"),
        parameters=TRAJECTORY_PARAMETERS,
        description=MONITORING_DOC,
    )
    def get(self, request: Request) -> HttpResponseBase:
        return super().get(request)


class MonitoringXlsxApi(_Monitoring):
    ext = "xlsx"

    @extend_schema(
        responses=_binary("xlsx", "monitoring"),
        parameters=TRAJECTORY_PARAMETERS,
        description=MONITORING_DOC,
    )
    def get(self, request: Request) -> HttpResponseBase:
        return super().get(request)
