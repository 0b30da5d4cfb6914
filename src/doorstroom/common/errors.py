"""Domain errors raised by services and turned into problem+json by the API layer.

Services speak in these, never in HTTP: the same service serves the API, the pages and the
commands, and each of those renders the error its own way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from doorstroom.rules.outcome import Reason


class DomainError(Exception):
    """Base class: something the caller asked for cannot be done."""

    status = 400
    problem = "bad-request"
    title = "Bad request"

    def __init__(
        self,
        detail: str,
        *,
        reasons: Sequence[Reason] = (),
        errors: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.reasons = tuple(reasons)
        self.errors = dict(errors or {})


class InvalidInput(DomainError):
    """A field is invalid in a way the serializer could not see (400)."""

    def __init__(
        self,
        field: str,
        message: str,
        *,
        code: str | None = None,
        rule: str = "",
    ) -> None:
        reasons: tuple[Reason, ...] = ()
        if code:
            reasons = (
                Reason(
                    code=code,
                    rule=rule,
                    message_nl=message,
                    message_en=message,
                    blocking=True,
                ),
            )
        super().__init__(message, reasons=reasons, errors={field: [message]})
        self.field = field
        self.code = code

    @classmethod
    def many(cls, errors: Mapping[str, Sequence[str]]) -> InvalidInput:
        """Several invalid fields at once, so the caller can fix them in one go."""
        field, messages = next(iter(errors.items()))
        exc = cls(field, messages[0])
        exc.errors = {k: list(v) for k, v in errors.items()}
        return exc


class RuleViolation(DomainError):
    """A rule of DOMAIN.md blocks the action (422); `reasons` lists every blocking rule."""

    status = 422
    problem = "rule-violation"
    title = "A rule blocks this action"


class StateConflict(DomainError):
    """The record changed state meanwhile or the action was taken already (409)."""

    status = 409
    problem = "state-conflict"
    title = "Conflict with the current state"

    def __init__(self, detail: str, **kwargs: Any) -> None:
        super().__init__(detail, **kwargs)
        if not self.reasons:
            self.reasons = (
                Reason(
                    code="state_conflict",
                    rule="",
                    message_nl=detail,
                    message_en=detail,
                    blocking=True,
                ),
            )


class DateOutOfRange(RuleViolation):
    """A date outside the range the system knows, or a report period too long (422).

    DOMAIN.md, "Open points": refused with ``date_out_of_range`` (``rules/dates.py``). Raised
    by the API's date fields and period checks; the API's error handler and the pages'
    middleware also raise it for a ``ParameterNotInForce`` or a date computation that
    overflowed, so every service is covered without a check of its own.
    """

    def __init__(self, reason: Reason, *, field: str = "") -> None:
        message = reason.message_nl
        super().__init__(message, reasons=(reason,), errors={field: [message]} if field else None)
        self.field = field
