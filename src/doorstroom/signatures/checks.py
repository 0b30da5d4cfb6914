"""System check: a configured EID_TRUST_ROOTS that cannot be read is a deployment error."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from doorstroom.signatures.trust import TrustRootsError, load_trust_roots


@register()
def trust_roots_readable(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    path = str(getattr(settings, "EID_TRUST_ROOTS", "") or "")
    try:
        load_trust_roots(path)
    except TrustRootsError as exc:
        return [
            Error(
                f"EID_TRUST_ROOTS cannot be read: {exc}",
                hint="Point EID_TRUST_ROOTS at a PEM/DER file or a folder of root certificates.",
                id="signatures.E001",
            )
        ]
    return []
