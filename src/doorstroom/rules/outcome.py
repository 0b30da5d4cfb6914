"""What a rule returns: a yes/no plus *every* reason and the parameters it used.

Why this shape: DOMAIN.md (R14, last paragraph) asks that "a rule's outcome lists every reason,
blocking and informative alike; whether it blocks is the outcome's own yes/no", and R16 asks
that "every decision keeps the values it used". An :class:`Outcome` is therefore stored as a
JSON trace next to the decision (``as_trace``) and shown to users in Dutch first, English second.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from doorstroom.rules.params import ParameterValue

#: Types a reason parameter may hold once built; dates are stored as ISO strings.
ParamValue = str | int | bool | None

LANGUAGES = ("nl", "en")


def _json_value(value: object) -> object:
    # Defensive: a caller could build a Reason by hand with a date; traces must stay JSON.
    return value.isoformat() if isinstance(value, date) else value


@dataclass(frozen=True)
class Reason:
    """One reason of an outcome, with its messages already filled in.

    ``blocking`` says whether this reason alone prevents the outcome; informative reasons
    (``transitional_regime_applied``, ``email_subject_mismatch``…) are kept for the record.
    Build reasons with :func:`doorstroom.rules.reasons.reason` so that codes, rule ids and
    wording come from the one catalogue.
    """

    code: str
    rule: str
    message_nl: str
    message_en: str
    blocking: bool
    params: Mapping[str, ParamValue] = field(default_factory=dict)

    def message(self, language: str = "nl") -> str:
        """The message in ``language`` ("nl" or "en"); Dutch is the default (nl-BE first)."""
        if language == "nl":
            return self.message_nl
        if language == "en":
            return self.message_en
        raise ValueError(f"Unsupported language {language!r}; use one of {', '.join(LANGUAGES)}")

    def as_dict(self, language: str = "nl") -> dict[str, object]:
        """JSON-ready form for API responses and decision traces."""
        return {
            "code": self.code,
            "rule": self.rule,
            "message": self.message(language),
            "message_nl": self.message_nl,
            "message_en": self.message_en,
            "blocking": self.blocking,
            "params": {key: _json_value(val) for key, val in self.params.items()},
        }


def _unique(parameters: Iterable[ParameterValue]) -> tuple[ParameterValue, ...]:
    # Several e-mails on the same day use the same parameter value; keep it once, in order.
    return tuple(dict.fromkeys(parameters))


@dataclass(frozen=True)
class Outcome:
    """The result of a rule: ``allowed``, every reason, and the parameter values used.

    ``allowed`` is normally "no blocking reason" (see :meth:`from_reasons`), but a rule may set
    it explicitly when its question is not a permission (R15 ``overdue``: allowed = "not
    overdue"). An outcome that is allowed while carrying a blocking reason is contradictory and
    refused.
    """

    allowed: bool
    reasons: tuple[Reason, ...]
    parameters: tuple[ParameterValue, ...] = ()

    def __post_init__(self) -> None:
        if self.allowed and self.blocking_reasons:
            codes = ", ".join(r.code for r in self.blocking_reasons)
            raise ValueError(f"An allowed outcome cannot carry blocking reasons ({codes})")

    @classmethod
    def from_reasons(
        cls, reasons: Iterable[Reason], parameters: Iterable[ParameterValue] = ()
    ) -> Outcome:
        """Build an outcome that is allowed exactly when no reason is blocking."""
        collected = tuple(reasons)
        return cls(
            allowed=not any(r.blocking for r in collected),
            reasons=collected,
            parameters=_unique(parameters),
        )

    @property
    def blocking_reasons(self) -> tuple[Reason, ...]:
        """The reasons that prevent the outcome."""
        return tuple(r for r in self.reasons if r.blocking)

    @property
    def codes(self) -> tuple[str, ...]:
        """The reason codes, in order (handy in tests and filters)."""
        return tuple(r.code for r in self.reasons)

    def as_trace(self, language: str = "nl") -> dict[str, object]:
        """JSON-serialisable record of the outcome, stored with the decision (R16)."""
        return {
            "allowed": self.allowed,
            "reasons": [r.as_dict(language) for r in self.reasons],
            "parameters": [p.as_dict() for p in self.parameters],
        }
