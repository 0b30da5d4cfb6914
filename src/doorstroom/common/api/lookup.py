"""A record that a request body names by its id: the API's one lookup for it.

The record is looked up in the user's selector queryset (``<entity>_list_for_user``), so a
record of another organisation is answered as one that does not exist: a 400 on the field
that named it (problem+json ``invalid-input``), never a record the user may not see. A record
in the URL is a 404 instead (``get_object_or_404`` on the same selector).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from rest_framework import serializers

M = TypeVar("M", bound=Model)


def referenced_or_400(queryset: QuerySet[M], pk: Any, *, field: str, message: str) -> M:
    """The record ``pk`` of ``queryset`` (the user's selector); else 400 on ``field``."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise serializers.ValidationError({field: [message]})
    return found
