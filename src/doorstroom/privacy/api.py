"""GET /api/v1/access-log/: the processing log, for administrators (GDPR art. 30)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from doorstroom.accounts.current import current_user
from doorstroom.common.api.fields import IdField
from doorstroom.common.api.permissions import roles
from doorstroom.privacy import selectors
from doorstroom.privacy.models import AccessLog


class AccessLogOut(serializers.ModelSerializer[AccessLog]):
    user: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = AccessLog
        fields = ["id", "at", "user", "employee", "purpose", "path"]


class AccessLogFilterIn(serializers.Serializer):
    employee = IdField(required=False)
    user = IdField(required=False)


class AccessLogListApi(GenericAPIView[AccessLog]):
    queryset = AccessLog.objects.none()  # for the schema; reads go through the selector
    permission_classes = [roles()]  # admin only
    serializer_class = AccessLogOut

    @extend_schema(
        responses=AccessLogOut(many=True),
        parameters=[OpenApiParameter("employee", int), OpenApiParameter("user", int)],
        description=(
            "The processing log: who read which person's record, when and why (purpose). "
            "Append-only; administrators only."
        ),
    )
    def get(self, request: Request) -> Response:
        params = AccessLogFilterIn(data=request.query_params)
        params.is_valid(raise_exception=True)
        data: dict[str, Any] = params.validated_data
        queryset = selectors.access_log_list_for_user(
            current_user(request), employee=data.get("employee"), reader=data.get("user")
        )
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(AccessLogOut(page, many=True).data)
