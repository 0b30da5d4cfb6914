"""Template helpers shared by every page: accessible fields, tags for states, money of dates."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from doorstroom.common.identifiers import enterprise_number_compact, enterprise_number_display

register = template.Library()


@register.simple_tag
def widget(field: forms.BoundField, **attrs: Any) -> SafeString:
    """Render a field's widget tied to its hint and error (aria-describedby, aria-invalid)."""
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_hint")
    if field.errors:
        described.append(f"{field.auto_id}_error")
    extra = dict(attrs)
    if described:
        extra["aria-describedby"] = " ".join(described)
    if field.errors:
        extra["aria-invalid"] = "true"
    return field.as_widget(attrs=extra)


@register.filter
def is_choice_group(field: forms.BoundField) -> bool:
    """Radio buttons and checkbox lists are grouped in a fieldset with a legend."""
    return isinstance(field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple)


@register.filter
def is_optional(field: forms.BoundField) -> bool:
    """Labelled "(optioneel)": not required by the form, and not marked as required by the
    service either (`data-required`, or `data-required-when="name=value"` for a field an
    earlier answer makes required: app.js shows it under that answer)."""
    attrs = field.field.widget.attrs
    return not (field.field.required or "data-required" in attrs or "data-required-when" in attrs)


@register.filter
def is_checkbox(field: forms.BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


STATE_TAGS = {
    # state code → (css modifier); the text is always the state's own label, never colour alone
    "draft": "grey",
    "incomplete": "yellow",
    "complete": "blue",
    "overdue": "red",
    "approved": "green",
    "rejected": "red",
    "active": "green",
    "expired": "grey",
    "future": "blue",
    "transition": "green",
    "no_transition": "grey",
    "hired": "green",
    "returned": "yellow",
    "stopped": "grey",
    "open": "blue",
    "submitted": "blue",
}


@register.inclusion_tag("web/components/error_summary.html")
def error_summary(*candidates: Any, focus_once: bool = False) -> dict[str, Any]:
    """The page's one error summary, first in ``main`` (``web/base.html``): the errors of every
    form given, each linked to its field. ``focus_once``: focused on load only, not after an
    htmx swap (the evaluation form's live feedback, ``consultant.js``)."""
    bound = [form for form in candidates if isinstance(form, forms.BaseForm) and form.errors]
    return {"summary_forms": bound, "focus_once": focus_once}


@register.simple_tag
def tag(code: str, label: str | None = None) -> SafeString:
    """A state tag: text first (WCAG 1.4.1), colour as a second cue."""
    modifier = STATE_TAGS.get(code, "grey")
    return format_html('<strong class="tag tag--{}">{}</strong>', modifier, label or code)


@register.filter
def enterprise_number(value: object) -> str:
    """An enterprise number written one way everywhere (0403.170.701), from any spelling; an
    empty or invalid value is shown as it is."""
    text = "" if value is None else str(value)
    return enterprise_number_display(enterprise_number_compact(text) or text)
