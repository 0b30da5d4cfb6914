"""Forms of the ESF pages: a new call, a project decision, and the dashboard's filters."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from doorstroom.rules import dates
from doorstroom.web.form_errors import date_errors


class DateInput(forms.DateInput):
    """`<input type="date">`, with its value in ISO form as the browser expects."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def required_date(label: Any, required: Any) -> forms.DateField:
    """A date the form needs, its messages naming it."""
    return forms.DateField(
        label=label,
        widget=DateInput(),
        error_messages={**date_errors(label), "required": required},
    )


class CallForm(forms.Form):
    code = forms.CharField(
        label=_("Code van de oproep"),
        max_length=30,
        help_text=_("Bijvoorbeeld 432."),
        error_messages={"required": _("Vul de code van de oproep in.")},
    )
    title = forms.CharField(
        label=_("Titel"), max_length=300, error_messages={"required": _("Vul de titel in.")}
    )
    opens_on = required_date(_("Opent op"), _("Vul de datum in waarop de oproep opent."))
    closes_on = required_date(_("Sluit op"), _("Vul de datum in waarop de oproep sluit."))
    # That it closes on or after it opens is the service's check (call_create): forms parse,
    # services validate; its message lands on closes_on.


class ProjectDecisionForm(forms.Form):
    approved = forms.ChoiceField(
        label=_("Keurt ESF Vlaanderen het project goed?"),
        choices=[("yes", _("Ja, goedkeuren")), ("no", _("Nee, afwijzen"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies of ESF Vlaanderen het project goedkeurt of afwijst.")},
    )
    decided_on = required_date(
        _("Datum van de beslissing"), _("Vul de datum van de beslissing in.")
    )
    starts_on = forms.DateField(
        label=_("Begindatum van het project"),
        required=False,
        widget=DateInput(attrs={"data-required-when": "approved=yes"}),
        help_text=_("Verplicht bij een goedkeuring."),
        error_messages=date_errors(_("Begindatum van het project")),
    )
    ends_on = forms.DateField(
        label=_("Einddatum van het project"),
        required=False,
        widget=DateInput(attrs={"data-required-when": "approved=yes"}),
        help_text=_("Verplicht bij een goedkeuring."),
        error_messages=date_errors(_("Einddatum van het project")),
    )

    def __init__(self, *args: Any, can_approve: bool = True, **kwargs: Any) -> None:
        """Without a mandate (R2) only a rejection is offered, and no project dates."""
        super().__init__(*args, **kwargs)
        if not can_approve:
            approved = self.fields["approved"]
            approved.choices = [("no", _("Nee, afwijzen"))]  # type: ignore[attr-defined]
            approved.error_messages["invalid_choice"] = _(
                "Goedkeuren kan niet: de organisatie heeft geen actief mandaat (R2)."
            )
            del self.fields["starts_on"], self.fields["ends_on"]


FRAMEWORK_CHOICES = [
    ("", _("Alle kaders")),
    ("maatwerk", _("Maatwerk bij collectieve inschakeling")),
    ("lde", _("Lokale diensteneconomie")),
]


class LongSelect(forms.Select):
    """A select of many options (every partner: 4,000 at scale 100), written in Python in
    one pass: Django's own template includes a template per option, and even one template
    loop over them (`esf/widgets/long_select.html`, still used for grouped choices) cost
    ≈ 200 ms of the dashboard at scale 100. The same markup; every value and label escaped."""

    template_name = "esf/widgets/long_select.html"

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        choices = list(self.choices)
        if any(isinstance(label, list | tuple) for _value, label in choices):  # optgroups
            return super().render(name, value, attrs, renderer)
        chosen = {str(v) for v in self.format_value(value)}
        options = "".join(
            f'\n  <option value="{escape(str(key))}"'
            f"{' selected' if str(key) in chosen else ''}>{escape(str(label))}</option>"
            for key, label in choices
        )
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            SafeString(options),
        )


class DashboardFilterForm(forms.Form):
    """The GET filters. `from` is a Python keyword, so that field is added in `__init__`."""

    to = required_date(_("Tot en met"), _("Vul de einddatum van de periode in."))
    partner = forms.TypedChoiceField(
        label=_("Partner"), required=False, coerce=int, empty_value=None, widget=LongSelect
    )
    province = forms.ChoiceField(label=_("Provincie"), required=False)
    framework = forms.ChoiceField(label=_("Kader"), required=False, choices=FRAMEWORK_CHOICES)

    def __init__(
        self,
        data: Any,
        *,
        partners: list[tuple[int, str]],
        provinces: list[tuple[str, str]],
    ) -> None:
        super().__init__(data)
        self.fields = {
            "from": required_date(_("Van"), _("Vul de begindatum van de periode in.")),
            **self.fields,
        }
        self.fields["partner"].choices = [("", _("Alle partners")), *partners]  # type: ignore[attr-defined]
        self.fields["province"].choices = [("", _("Alle provincies")), *provinces]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        date_from: date | None = data.get("from")
        date_to: date | None = data.get("to")
        if date_from and date_to and date_from > date_to:
            self.add_error("from", _("De begindatum mag niet na de einddatum liggen."))
        elif date_from and date_to:
            self._check_period(date_from, date_to)
        return data

    def _check_period(self, date_from: date, date_to: date) -> None:
        """date_out_of_range (rules/dates.py): both ends known, at most PERIOD_MAX_YEARS long."""
        first, last = dates.date_range()
        for field, day in (("from", date_from), ("to", date_to)):
            if not dates.in_range(day):
                self.add_error(
                    field,
                    _("Kies een datum van %(first)s tot en met %(last)s.")
                    % {"first": first.strftime("%d-%m-%Y"), "last": last.strftime("%d-%m-%Y")},
                )
        if not self.errors and date_to > dates.period_last_day(date_from):
            self.add_error(
                "to",
                _("Een periode duurt hoogstens %(years)d jaar: kies een einddatum tot %(last)s.")
                % {
                    "years": dates.PERIOD_MAX_YEARS,
                    "last": dates.period_last_day(date_from).strftime("%d-%m-%Y"),
                },
            )
