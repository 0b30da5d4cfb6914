"""API for letters: the list per application (and per referral) and the PDF itself."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from doorstroom.accounts.current import current_user
from doorstroom.accounts.models import Role
from doorstroom.common.api.permissions import roles
from doorstroom.letters import selectors, services
from doorstroom.letters.models import Letter, LetterKind
from doorstroom.mandates.selectors import application_list_for_user
from doorstroom.privacy.reads import access_log_for_request
from doorstroom.referrals.selectors import referral_list_for_user


class LetterOut(serializers.ModelSerializer[Letter]):
    kind = serializers.ChoiceField(choices=LetterKind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    sha256 = serializers.CharField(
        allow_blank=True, help_text="SHA-256 of the PDF; empty until it is first rendered."
    )
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Letter
        fields = [
            "id",
            "kind",
            "kind_label",
            "reference",
            "letter_date",
            "created_at",
            "sha256",
            "size",
            "download_url",
        ]

    def get_download_url(self, letter: Letter) -> str:
        return f"/api/v1/letters/{letter.pk}/pdf"


class ApplicationLettersApi(GenericAPIView[Letter]):
    """The letters about one mandate application, oldest first."""

    queryset = Letter.objects.none()  # for the schema; reads go through selectors
    permission_classes = [roles(read=(Role.APPLICANT, Role.REVIEWER))]
    serializer_class = LetterOut
    pagination_class = None

    @extend_schema(responses=LetterOut(many=True))
    def get(self, request: Request, id: int) -> Response:
        user = current_user(request)
        application = get_object_or_404(application_list_for_user(user), pk=id)
        letters = selectors.letters_of_application(user, application.pk)
        return Response(LetterOut(letters, many=True).data)


class ReferralLettersApi(GenericAPIView[Letter]):
    """The notice of a referral sent to the partner."""

    queryset = Letter.objects.none()  # for the schema; reads go through selectors
    permission_classes = [roles(read=(Role.CONSULTANT, Role.APPLICANT))]
    serializer_class = LetterOut
    pagination_class = None

    @extend_schema(responses=LetterOut(many=True))
    def get(self, request: Request, id: int) -> Response:
        user = current_user(request)
        referral = get_object_or_404(referral_list_for_user(user), pk=id)
        letters = selectors.letters_of_referral(user, referral.pk)
        return Response(LetterOut(letters, many=True).data)


def letter_response(letter: Letter, data: bytes, *, inline: bool = False) -> HttpResponse:
    """The PDF with a file name that names the kind, reference and date, never a person."""
    response = HttpResponse(data, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{letter.download_name}"'
    response["X-Content-SHA256"] = letter.sha256
    response["Cache-Control"] = "private, no-store"
    return response


class LetterPdfApi(GenericAPIView[Letter]):
    """The letter as a PDF, checked against its stored SHA-256 (409 `checksum_mismatch`)."""

    queryset = Letter.objects.none()  # for the schema; reads go through selectors
    permission_classes = [roles(read=(Role.APPLICANT, Role.REVIEWER, Role.CONSULTANT))]

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The letter (A4 PDF)."
            ),
        }
    )
    def get(self, request: Request, id: int) -> HttpResponse:
        user = current_user(request)
        letter = get_object_or_404(selectors.letter_list_for_user(user), pk=id)
        data = services.letter_file(letter=letter)
        letter.refresh_from_db(fields=["sha256"])
        if letter.referral_id is not None:
            access_log_for_request(
                request, [letter.referral.employee_id] if letter.referral else [], "referral_letter"
            )
        return letter_response(letter, data)
