"""A service's error on a form: the pages' one way to show a DomainError.

The API shows the same errors as problem+json (``common/api/problems.py``); a page shows them
on the form: each message of ``exc.errors`` on the field it names (through ``aliases`` where
the service's key is not the form's field name), otherwise on top of the form; a rule reason
whose code is in ``reason_fields`` beside that field. When nothing landed on a field or on
top, the error's ``detail`` goes on top, so the form never stays silent.

What is returned are the rule reasons of a ``RuleViolation`` not shown beside a field, for the
page to list beside its error summary; for invalid input and conflicts the message itself says
everything, so nothing is returned.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from doorstroom.common.errors import DomainError, RuleViolation
from doorstroom.rules.outcome import Reason
from doorstroom.web.language import language


def service_error_show(
    form: Any,
    exc: DomainError,
    *,
    aliases: Mapping[str, str] | None = None,
    reason_fields: Mapping[str, str] | None = None,
) -> list[Reason]:
    """Put ``exc`` on ``form``; return the rule reasons left to list beside the summary."""
    aliases = aliases or {}
    reason_fields = reason_fields or {}
    placed = False
    for key, texts in exc.errors.items():
        field = aliases.get(key, key)
        target = field if field in form.fields else None
        for text in texts:
            form.add_error(target, text)
            placed = True
    others: list[Reason] = []
    for reason in exc.reasons:
        reason_field = reason_fields.get(reason.code)
        if reason_field and reason_field in form.fields:
            form.add_error(reason_field, reason.message(language()))
            placed = True
        elif isinstance(exc, RuleViolation):
            others.append(reason)
    if not placed:
        form.add_error(None, exc.detail)
    return others


def date_errors(label: Any, *, example: str = "15-03-2026") -> dict[str, Any]:
    """A date field's messages that name it, so that two date fields of one form never show
    the same message (the error summary says which one)."""
    return {
        "required": format_lazy(_("Vul een datum in bij ‘{field}’."), field=label),
        "invalid": format_lazy(
            _("Vul bij ‘{field}’ een geldige datum in, zoals {example}."),
            field=label,
            example=example,
        ),
    }
