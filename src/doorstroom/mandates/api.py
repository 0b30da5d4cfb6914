"""API for mandate applications, evidence, receipts, decisions and mandates."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from doorstroom.accounts.current import current_user
from doorstroom.accounts.models import Role
from doorstroom.common import clock
from doorstroom.common.api.fields import DateField, IdField
from doorstroom.common.api.lookup import referenced_or_400
from doorstroom.common.api.permissions import roles
from doorstroom.common.api.serializers import (
    PlannedOutput,
    ReasonSerializer,
    language,
    outcome_reasons,
)
from doorstroom.common.uploads import EVIDENCE_UPLOAD, schema_responses
from doorstroom.mandates import selectors, services
from doorstroom.mandates.assessment import Assessment, application_assess
from doorstroom.mandates.models import (
    ApplicationKind,
    ApplicationStatus,
    Channel,
    Decision,
    Evidence,
    Mandate,
    MandateApplication,
    Receipt,
)
from doorstroom.organisations.models import Organisation
from doorstroom.organisations.selectors import organisation_list_for_user
from doorstroom.rules.codes import CONDITIONS, FRAMEWORKS
from doorstroom.rules.mandates import mandate_status
from doorstroom.signatures.selectors import eid_signature_facts_of
from doorstroom.signatures.serializers import (
    SignatureCheckOut,
    SignatureOut,
    signature_status,
    signatures_out,
)

# --- output -------------------------------------------------------------------------------


class SignatoryOut(PlannedOutput, serializers.Serializer):
    name = serializers.CharField()
    function = serializers.CharField()


class EvidenceOut(PlannedOutput, serializers.ModelSerializer[Evidence]):
    signature_check = serializers.SerializerMethodField()
    signatures = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = [
            "id",
            "condition",
            "original_name",
            "description",
            "size",
            "sha256",
            "created_at",
            "signature_check",
            "signatures",
        ]

    @extend_schema_field(SignatureCheckOut)
    def get_signature_check(self, evidence: Evidence) -> dict[str, Any]:
        return signature_status(evidence)

    @extend_schema_field(SignatureOut(many=True))
    def get_signatures(self, evidence: Evidence) -> list[dict[str, Any]]:
        """Every signature in the PDF; only those with ``counts`` are eID signatures (R14)."""
        return signatures_out(evidence)


class ReceiptOut(PlannedOutput, serializers.ModelSerializer[Receipt]):
    class Meta:
        model = Receipt
        fields = [
            "id",
            "channel",
            "received_on",
            "subject",
            "subject_ok",
            "tracking_number",
            "eid_signed_by",
        ]


class MandateOut(PlannedOutput, serializers.ModelSerializer[Mandate]):
    frameworks = serializers.ListField(child=serializers.CharField(), source="framework_list")
    status = serializers.SerializerMethodField()
    application = serializers.IntegerField(source="application_id")

    class Meta:
        model = Mandate
        fields = [
            "id",
            "organisation",
            "application",
            "frameworks",
            "valid_from",
            "valid_until",
            "status",
        ]

    def get_status(self, mandate: Mandate) -> str:
        return mandate_status(
            valid_from=mandate.valid_from, valid_until=mandate.valid_until, today=clock.today()
        )


def _localised(data: dict[str, Any], request: Request | None) -> dict[str, Any]:
    """A stored decision's reasons with ``message`` in the caller's language (nl first)."""
    lang = language(request)
    for reason in data["reasons"]:
        reason["message"] = reason.get(f"message_{lang}", reason.get("message", ""))
    return data


class JudgementOut(serializers.Serializer):
    met = serializers.BooleanField()
    motivation = serializers.CharField()


class DecisionOut(PlannedOutput, serializers.ModelSerializer[Decision]):
    reasons = ReasonSerializer(many=True)
    conditions = serializers.SerializerMethodField()
    mandate = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = [
            "id",
            "outcome",
            "decided_on",
            "starts_on",
            "motivation",
            "reasons",
            "conditions",
            "mandate",
        ]

    def get_conditions(self, decision: Decision) -> dict[str, dict[str, Any]]:
        """Each condition's judgement; expertise judged per framework as ``{framework: …}``."""
        out: dict[str, dict[str, Any]] = {}
        for j in decision.judgements.all():
            judgement = {"met": j.met, "motivation": j.motivation}
            if j.framework:
                out.setdefault(j.condition, {})[j.framework] = judgement
            else:
                out[j.condition] = judgement
        return out

    def get_mandate(self, decision: Decision) -> dict[str, Any] | None:
        mandate = getattr(decision.application, "mandate", None)
        return MandateOut(mandate).data if mandate else None

    def to_representation(self, instance: Decision) -> dict[str, Any]:
        return _localised(super().to_representation(instance), self.context.get("request"))


class SubmissionOut(serializers.Serializer):
    complete = serializers.BooleanField()
    completed_on = DateField(allow_null=True)
    reasons = ReasonSerializer(many=True)


class AdmissibilityOut(serializers.Serializer):
    admissible = serializers.BooleanField(allow_null=True)
    evaluated_on = DateField(allow_null=True)
    reasons = ReasonSerializer(many=True)


class ApplicationOut(PlannedOutput, serializers.ModelSerializer[MandateApplication]):
    """The list shape: stored state, as of the last write or tick."""

    reference = serializers.CharField()
    frameworks = serializers.ListField(child=serializers.CharField(), source="framework_list")

    class Meta:
        model = MandateApplication
        fields = [
            "id",
            "reference",
            "organisation",
            "kind",
            "renews",
            "frameworks",
            "status",
            "received_on",
            "completed_on",
            "decision_due_on",
            "admissible",
        ]


class DecisionTargetOut(serializers.Serializer):
    months = serializers.IntegerField()
    in_force_from = serializers.DateField()
    reference = serializers.CharField()


class ApplicationDetailOut(ApplicationOut):
    """The detail shape: the assessment is computed fresh, for today."""

    signatories = SignatoryOut(many=True)
    decision_target = serializers.SerializerMethodField()
    submission = serializers.SerializerMethodField()
    admissibility = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    evidence = EvidenceOut(many=True)
    receipts = ReceiptOut(many=True)
    decision = serializers.SerializerMethodField()
    mandate = serializers.SerializerMethodField()
    conditions_checklist = serializers.SerializerMethodField()

    class Meta(ApplicationOut.Meta):
        fields = [
            *ApplicationOut.Meta.fields,
            "signatories",
            "submission",
            "admissibility",
            "overdue",
            "decision_target",
            "evidence",
            "receipts",
            "decision",
            "mandate",
            "conditions_checklist",
        ]

    def _assessment(self, application: MandateApplication) -> Assessment:
        """Assess once per application and response (several fields read it)."""
        cache: dict[int, Assessment] = self.__dict__.setdefault("_assessments", {})
        if application.pk not in cache:
            # The eID signatures come from the evidence the detail prefetched: one query fewer.
            cache[application.pk] = application_assess(
                application,
                today=clock.today(),
                eid_signatures=eid_signature_facts_of(application.evidence.all()),
            )
        return cache[application.pk]

    def to_representation(self, instance: MandateApplication) -> dict[str, Any]:
        data = super().to_representation(instance)
        assessment = self._assessment(instance)
        data["status"] = assessment.status
        data["received_on"] = assessment.received_on and assessment.received_on.isoformat()
        completed = assessment.submission.completed_on
        data["completed_on"] = completed and completed.isoformat()
        due = assessment.decision_due_on
        data["decision_due_on"] = due and due.isoformat()
        data["admissible"] = assessment.admissible
        return data

    @extend_schema(responses=SubmissionOut)
    def get_submission(self, application: MandateApplication) -> dict[str, Any]:
        submission = self._assessment(application).submission
        return {
            "complete": submission.complete,
            "completed_on": submission.completed_on,
            "reasons": outcome_reasons(submission.outcome, self.context.get("request")),
        }

    @extend_schema(responses=AdmissibilityOut)
    def get_admissibility(self, application: MandateApplication) -> dict[str, Any]:
        assessment = self._assessment(application)
        return {
            "admissible": assessment.admissible,
            "evaluated_on": assessment.received_on,
            "reasons": outcome_reasons(assessment.admissibility, self.context.get("request")),
        }

    def get_overdue(self, application: MandateApplication) -> bool:
        return self._assessment(application).is_overdue

    @extend_schema_field(DecisionTargetOut(allow_null=True))
    def get_decision_target(self, application: MandateApplication) -> dict[str, Any] | None:
        """R15/R16: the target in force on the completion day (its value, date and source)."""
        target = self._assessment(application).decision_target
        if target is None:
            return None
        return {
            "months": target.as_int(),
            "in_force_from": target.in_force_from,
            "reference": target.reference,
        }

    def get_decision(self, application: MandateApplication) -> dict[str, Any] | None:
        decision = getattr(application, "decision", None)
        return DecisionOut(decision, context=self.context).data if decision else None

    def get_mandate(self, application: MandateApplication) -> dict[str, Any] | None:
        mandate = getattr(application, "mandate", None)
        return MandateOut(mandate).data if mandate else None

    def get_conditions_checklist(self, application: MandateApplication) -> dict[str, int]:
        counts = dict.fromkeys(CONDITIONS, 0)
        for evidence in application.evidence.all():
            counts[evidence.condition] += 1
        return counts


# --- input --------------------------------------------------------------------------------


class SignatoryIn(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    function = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ApplicationIn(serializers.Serializer):
    organisation = IdField(required=False)
    kind = serializers.ChoiceField(choices=ApplicationKind.choices, default=ApplicationKind.NEW)
    renews = IdField(required=False, allow_null=True)
    frameworks = serializers.ListField(
        child=serializers.ChoiceField(choices=FRAMEWORKS),
        allow_empty=False,
        min_length=1,
        max_length=2,
    )
    signatories = serializers.ListField(
        child=SignatoryIn(), allow_empty=False, min_length=1, max_length=20
    )


class EvidenceIn(serializers.Serializer):
    condition = serializers.ChoiceField(choices=CONDITIONS)
    file = serializers.FileField()
    description = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default=""
    )


class ReceiptIn(serializers.Serializer):
    channel = serializers.ChoiceField(choices=Channel.choices)
    received_on = DateField()
    subject = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    tracking_number = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        allow_null=True,
        default="",
        help_text="Zendingsnummer van de aangetekende brief; leeg bij channel=email.",
    )
    eid_signed_by = serializers.ListField(
        child=serializers.CharField(max_length=200),
        required=False,
        default=list,
        max_length=20,
        help_text="Ondertekenaars van de aanvraag die met eID tekenden; enkel bij channel=email.",
    )


class JudgementIn(serializers.Serializer):
    met = serializers.BooleanField()
    motivation = serializers.CharField(max_length=5000)


class ExpertiseIn(serializers.Serializer):
    maatwerk = JudgementIn(required=False)
    lde = JudgementIn(required=False)


_JUDGEMENT = {
    "type": "object",
    "properties": {
        "met": {"type": "boolean"},
        "motivation": {"type": "string", "minLength": 1, "maxLength": 5000},
    },
    "required": ["met", "motivation"],
}


# Exactly one of the two shapes matches a body: the per-framework form has no other keys.
@extend_schema_field(
    {
        "oneOf": [
            _JUDGEMENT,
            {
                "type": "object",
                "description": "R13: expertise judged per framework (when both are asked).",
                "properties": {"maatwerk": _JUDGEMENT, "lde": _JUDGEMENT},
                "additionalProperties": False,
                "minProperties": 1,
            },
        ]
    }
)
class JudgementOrPerFrameworkField(serializers.Field):
    """``{met, motivation}``, or (for expertise, R13) ``{maatwerk: {…}, lde: {…}}``."""

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise serializers.ValidationError("Geef een object {met, motivation} op.")
        if "met" in data or not data or not set(data) <= set(FRAMEWORKS):
            inner = JudgementIn(data=data)
            inner.is_valid(raise_exception=True)
            return dict(inner.validated_data)
        per = ExpertiseIn(data=data)
        per.is_valid(raise_exception=True)
        return {k: dict(v) for k, v in per.validated_data.items()}

    def to_representation(self, value: Any) -> Any:
        return value


#: The schema of ``conditions``: the five conditions of R13, each judged (``expertise`` may be
#: judged per framework); the field itself stays a dict of judgements.
ConditionsIn = type(
    "ConditionsIn",
    (serializers.Serializer,),
    {code: JudgementOrPerFrameworkField() for code in CONDITIONS},
)


@extend_schema_field(ConditionsIn)
class ConditionsField(serializers.DictField):
    pass


class DecisionIn(serializers.Serializer):
    decided_on = DateField()
    starts_on = DateField(required=False, allow_null=True, default=None)
    conditions = ConditionsField(child=JudgementOrPerFrameworkField())


class InadmissibilityIn(serializers.Serializer):
    decided_on = DateField()
    motivation = serializers.CharField(max_length=5000)


class WithdrawalIn(serializers.Serializer):
    withdrawn_on = DateField()
    reason = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class EndingOut(serializers.Serializer):
    """How the dossier ended when it was not decided on the merits (R15)."""

    id = serializers.IntegerField()
    application = serializers.IntegerField(source="application_id")
    status = serializers.CharField(source="outcome")
    outcome = serializers.CharField()
    decided_on = DateField()
    motivation = serializers.CharField()
    reasons = ReasonSerializer(many=True)

    def to_representation(self, instance: Decision) -> dict[str, Any]:
        return _localised(super().to_representation(instance), self.context.get("request"))


class WithdrawalOut(EndingOut):
    withdrawn_on = DateField(source="decided_on")
    reason = serializers.CharField(source="motivation")


class ApplicationFilterIn(serializers.Serializer):
    status = serializers.ChoiceField(choices=ApplicationStatus.choices, required=False)
    organisation = IdField(required=False)


class ReceiptCreatedOut(serializers.Serializer):
    receipt = ReceiptOut()
    submission = SubmissionOut()
    application = ApplicationDetailOut()


# --- views --------------------------------------------------------------------------------


def _application(request: Request, pk: int) -> MandateApplication:
    return get_object_or_404(selectors.application_detail_for_user(current_user(request)), pk=pk)


def _detail(request: Request, application: MandateApplication) -> dict[str, Any]:
    fresh = selectors.application_detail_rows_for_user(current_user(request)).get(pk=application.pk)
    return ApplicationDetailOut(fresh, context={"request": request}).data


class ApplicationListCreateApi(GenericAPIView[MandateApplication]):
    queryset = MandateApplication.objects.none()  # for the schema; reads go through selectors
    permission_classes = [roles(Role.APPLICANT, Role.REVIEWER)]
    serializer_class = ApplicationOut

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        params = ApplicationFilterIn(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return selectors.application_list_rows_for_user(
            current_user(self.request), **params.validated_data
        )

    @extend_schema(
        responses=ApplicationOut(many=True),
        parameters=[
            OpenApiParameter("status", str, enum=ApplicationStatus.values),
            OpenApiParameter("organisation", {"type": "integer", "minimum": 1}),
        ],
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ApplicationOut(page, many=True).data)

    @extend_schema(request=ApplicationIn, responses={201: ApplicationDetailOut})
    def post(self, request: Request) -> Response:
        data = ApplicationIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        organisation = self._organisation(request, values.get("organisation"))
        renews = None
        if values.get("renews"):
            renews = referenced_or_400(
                selectors.mandate_list_for_user(
                    current_user(request), organisation=organisation.pk
                ),
                values["renews"],
                field="renews",
                message="Geen mandaat van deze organisatie met dit nummer.",
            )
        application = services.application_create(
            organisation=organisation,
            kind=values["kind"],
            frameworks=values["frameworks"],
            signatories=[services.SignatoryInput(**s) for s in values["signatories"]],
            renews=renews,
            created_by=current_user(request),
        )
        return Response(_detail(request, application), status=status.HTTP_201_CREATED)

    def _organisation(self, request: Request, pk: int | None) -> Organisation:
        user = current_user(request)
        if pk is None:
            if user.role == Role.APPLICANT and user.organisation_id:
                pk = user.organisation_id
            else:
                raise serializers.ValidationError({"organisation": ["Dit veld is verplicht."]})
        return referenced_or_400(
            organisation_list_for_user(user),
            pk,
            field="organisation",
            message=f"Onbekende organisatie {pk}.",
        )


class ApplicationDetailApi(GenericAPIView[MandateApplication]):
    queryset = MandateApplication.objects.none()  # for the schema; reads go through selectors
    permission_classes = [roles(Role.APPLICANT, Role.REVIEWER)]
    serializer_class = ApplicationDetailOut

    @extend_schema(responses=ApplicationDetailOut)
    def get(self, request: Request, id: int) -> Response:
        application = get_object_or_404(
            selectors.application_detail_rows_for_user(current_user(request)), pk=id
        )
        return Response(ApplicationDetailOut(application, context={"request": request}).data)


class EvidenceApi(GenericAPIView[Evidence]):
    pagination_class = None  # a record's few items: a plain list, as the schema says
    queryset = Evidence.objects.none()  # for the schema; reads go through selectors
    permission_classes = [roles(Role.APPLICANT, Role.REVIEWER)]
    parser_classes = [MultiPartParser, FormParser]
    serializer_class = EvidenceOut
    upload_limit = EVIDENCE_UPLOAD  # refused by Content-Length before the body is read

    @extend_schema(responses=EvidenceOut(many=True))
    def get(self, request: Request, id: int) -> Response:
        application = _application(request, id)
        return Response(EvidenceOut(application.evidence.all(), many=True).data)

    @extend_schema(
        request={"multipart/form-data": EvidenceIn},
        responses={201: EvidenceOut, **schema_responses()},
    )
    def post(self, request: Request, id: int) -> Response:
        application = _application(request, id)
        data = EvidenceIn(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        evidence = services.evidence_add(
            application=application,
            condition=data.validated_data["condition"],
            file=upload,
            original_name=upload.name,
            description=data.validated_data["description"],
            uploaded_by=current_user(request),
        )
        return Response(EvidenceOut(evidence).data, status=status.HTTP_201_CREATED)


class EvidenceFileApi(GenericAPIView[Evidence]):
    """The PDF itself, opened inline in the browser."""

    queryset = Evidence.objects.none()  # for the schema; reads go through selectors
    permission_classes = [roles(Role.APPLICANT, Role.REVIEWER)]

    @extend_schema(responses={(200, "application/pdf"): bytes})
    def get(self, request: Request, id: int, evidence_id: int) -> FileResponse:
        application = _application(request, id)
        evidence = get_object_or_404(application.evidence.all(), pk=evidence_id)
        return FileResponse(
            evidence.file.open("rb"),
            content_type="application/pdf",
            filename=evidence.original_name,
        )


class ReceiptApi(GenericAPIView[Receipt]):
    pagination_class = None  # a record's few items: a plain list, as the schema says
    queryset = Receipt.objects.none()  # for the schema; reads go through selectors
    permission_classes = [roles(Role.REVIEWER, read=(Role.APPLICANT,))]
    serializer_class = ReceiptOut

    @extend_schema(responses=ReceiptOut(many=True))
    def get(self, request: Request, id: int) -> Response:
        application = _application(request, id)
        return Response(ReceiptOut(application.receipts.all(), many=True).data)

    @extend_schema(request=ReceiptIn, responses={201: ReceiptCreatedOut})
    def post(self, request: Request, id: int) -> Response:
        application = _application(request, id)
        data = ReceiptIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        receipt, _assessment = services.receipt_register(
            application=application,
            channel=values["channel"],
            received_on=values["received_on"],
            subject=values["subject"],
            tracking_number=values["tracking_number"] or "",
            eid_signed_by=values["eid_signed_by"],
            registered_by=current_user(request),
        )
        detail = _detail(request, application)
        receipt_data = ReceiptOut(receipt).data
        body = {
            **receipt_data,
            "receipt": receipt_data,
            "submission": detail["submission"],
            "application": detail,
        }
        return Response(body, status=status.HTTP_201_CREATED)


class DecisionApi(GenericAPIView[Decision]):
    queryset = Decision.objects.none()  # for the schema; reads go through selectors
    permission_classes = [roles(Role.REVIEWER, read=(Role.APPLICANT,))]
    serializer_class = DecisionOut

    @extend_schema(responses=DecisionOut)
    def get(self, request: Request, id: int) -> Response:
        application = _application(request, id)
        decision = get_object_or_404(Decision.objects.filter(application=application))
        return Response(DecisionOut(decision, context={"request": request}).data)

    @extend_schema(request=DecisionIn, responses={201: DecisionOut})
    def post(self, request: Request, id: int) -> Response:
        application = _application(request, id)
        data = DecisionIn(data=request.data)
        data.is_valid(raise_exception=True)
        decision = services.decision_create(
            application=application,
            decided_by=current_user(request),
            **data.validated_data,
        )
        decision = Decision.objects.select_related("application__mandate").get(pk=decision.pk)
        return Response(
            DecisionOut(decision, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class InadmissibilityApi(GenericAPIView[Decision]):
    """A reviewer declares the dossier inadmissible on its R1/R14 reasons (R15)."""

    queryset = Decision.objects.none()  # for the schema; reads go through selectors
    permission_classes = [roles(Role.REVIEWER)]
    serializer_class = EndingOut

    @extend_schema(request=InadmissibilityIn, responses={201: EndingOut})
    def post(self, request: Request, id: int) -> Response:
        application = _application(request, id)
        data = InadmissibilityIn(data=request.data)
        data.is_valid(raise_exception=True)
        decision = services.application_declare_inadmissible(
            application=application,
            decided_on=data.validated_data["decided_on"],
            motivation=data.validated_data["motivation"],
            decided_by=current_user(request),
        )
        return Response(
            EndingOut(decision, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class WithdrawalApi(GenericAPIView[Decision]):
    """The applicant (of its own organisation) or a reviewer withdraws the application (R15)."""

    queryset = Decision.objects.none()  # for the schema; reads go through selectors
    permission_classes = [roles(Role.APPLICANT, Role.REVIEWER)]
    serializer_class = WithdrawalOut

    @extend_schema(request=WithdrawalIn, responses={201: WithdrawalOut})
    def post(self, request: Request, id: int) -> Response:
        application = _application(request, id)
        data = WithdrawalIn(data=request.data)
        data.is_valid(raise_exception=True)
        decision = services.application_withdraw(
            application=application,
            withdrawn_on=data.validated_data["withdrawn_on"],
            reason_text=data.validated_data["reason"],
            withdrawn_by=current_user(request),
        )
        return Response(
            WithdrawalOut(decision, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class MandateListApi(GenericAPIView[Mandate]):
    queryset = Mandate.objects.none()  # for the schema; reads go through selectors
    permission_classes = [
        roles(read=(Role.APPLICANT, Role.REVIEWER, Role.CONSULTANT, Role.ESF_OFFICER))
    ]
    serializer_class = MandateOut

    @extend_schema(
        responses=MandateOut(many=True),
        parameters=[
            OpenApiParameter("organisation", {"type": "integer", "minimum": 1}),
            OpenApiParameter("active_on", date),
        ],
    )
    def get(self, request: Request) -> Response:
        params = MandateFilterIn(data=request.query_params)
        params.is_valid(raise_exception=True)
        queryset = selectors.mandate_list_rows_for_user(
            current_user(request), **params.validated_data
        )
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(MandateOut(page, many=True).data)


class MandateFilterIn(serializers.Serializer):
    organisation = IdField(required=False)
    active_on = DateField(required=False)


class MandateDetailApi(GenericAPIView[Mandate]):
    queryset = Mandate.objects.none()  # for the schema; reads go through selectors
    permission_classes = [
        roles(read=(Role.APPLICANT, Role.REVIEWER, Role.CONSULTANT, Role.ESF_OFFICER))
    ]
    serializer_class = MandateOut

    @extend_schema(responses=MandateOut)
    def get(self, request: Request, id: int) -> Response:
        mandate = get_object_or_404(selectors.mandate_list_for_user(current_user(request)), pk=id)
        return Response(MandateOut(mandate).data)
