"""Build each ModelSerializer's fields once per class instead of once per instance.

DRF's `ModelSerializer.get_fields` introspects the model on every instantiation: for a list
whose rows each render a nested serializer (an outcome, a package, a mandate) that is tens of
milliseconds of field building per page, far above the queries themselves (docs/performance.md).
The result depends only on the class (its Meta, declared fields and the model), so it is built
once and each instance gets a deep copy, exactly as DRF already does for declared fields.
Installed by `CommonConfig.ready`.
"""

from __future__ import annotations

import copy
from typing import Any

from rest_framework import serializers

_original = serializers.ModelSerializer.get_fields
_prototypes: dict[type, dict[str, Any]] = {}


def _cached_get_fields(self: Any) -> Any:
    cls = type(self)
    prototype = _prototypes.get(cls)
    if prototype is None:
        prototype = _prototypes[cls] = _original(self)
    return copy.deepcopy(prototype)


def install() -> None:
    if serializers.ModelSerializer.get_fields is not _cached_get_fields:
        serializers.ModelSerializer.get_fields = _cached_get_fields  # type: ignore[method-assign]
