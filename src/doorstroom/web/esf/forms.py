"""Forms of the ESF pages: a new call, a project decision, and the dashboard's filters."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from doorstroom.common.converters import ID_MAX
from doorstroom.monitoring import selectors as monitoring
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


class DashboardFilterForm(forms.Form):
    """The GET filters. `from` is a Python keyword, so that field is added in `__init__`."""

    to = required_date(_("Tot en met"), _("Vul de einddatum van de periode in."))
    partner_search = forms.CharField(
        label=_("Partner"),
        required=False,
        max_length=200,
        help_text=_("Typ (een deel van) de naam; leeg voor alle partners."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        error_messages={"max_length": _("Typ hoogstens %(limit_value)d tekens.")},
    )
    #: the chosen partner's id (the export links and bookmarks carry it); see `_clean_partner`
    partner = forms.CharField(required=False, widget=forms.HiddenInput)
    province = forms.ChoiceField(label=_("Provincie"), required=False)
    framework = forms.ChoiceField(label=_("Kader"), required=False, choices=FRAMEWORK_CHOICES)

    def __init__(self, data: Any, *, provinces: list[tuple[str, str]]) -> None:
        super().__init__(data)
        self.fields = {
            "from": required_date(_("Van"), _("Vul de begindatum van de periode in.")),
            **self.fields,
        }
        self.fields["province"].choices = [("", _("Alle provincies")), *provinces]  # type: ignore[attr-defined]
        #: the partners the search found when it found several (the page offers them)
        self.partner_matches: list[tuple[int, str]] = []

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._clean_partner(data)
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

    def _clean_partner(self, data: dict[str, Any]) -> None:
        """`partner` (an id) from the search field, or from the id alone.

        A partner is searched by name, not picked from a list of every partner (4,000 at
        scale 100: a page of options nobody scrolls, and a query per request). The form
        sent from the page carries `partner_search`: empty means all partners; the chosen
        partner's own name keeps that partner; other text is searched, and one match (or
        one exact name) is taken, several are offered as links, none is an error. A link
        that carries only `partner` (the export links, a bookmark) names the partner by id.
        The resolved partner is written back into the form's data, so the field shows its
        name and the hidden field its id."""
        text = " ".join((data.get("partner_search") or "").split())
        sent = data.get("partner") or ""
        chosen = _partner_id(sent)
        data["partner"] = None
        if self.errors.pop("partner", None):  # hidden (e.g. a NUL): said on the search field
            self.add_error("partner_search", UNKNOWN_PARTNER)
        if "partner_search" in self.errors:
            return
        if sent and chosen is None:
            self.add_error("partner_search", UNKNOWN_PARTNER)
            return
        if "partner_search" in self.data:
            if not text:
                self._show_partner("", "")
                return
            if chosen and monitoring.partner_name(chosen) == text:
                found = [(chosen, text)]
            else:
                found = self._search(text)
        elif chosen:
            name = monitoring.partner_name(chosen)
            if name is None:
                self.add_error("partner_search", UNKNOWN_PARTNER)
                return
            found = [(chosen, name)]
        else:
            return
        if found:
            data["partner"], name = found[0]
            self._show_partner(str(data["partner"]), name)

    def _show_partner(self, pk: str, name: str) -> None:
        """The fields show the partner the figures are for (or none), not the text sent."""
        data = dict(self.data.items())  # a QueryDict's items are its last values
        data["partner"], data["partner_search"] = pk, name
        self.data = data

    def _search(self, text: str) -> list[tuple[int, str]]:
        """One partner for `text`, or [] with the error (and the matches) on the field."""
        matches = monitoring.partner_search(text, PARTNER_MATCHES + 1)
        exact = [m for m in matches if m[1].casefold() == text.casefold()]
        if len(matches) == 1 or len(exact) == 1:
            return exact or matches
        if not matches:
            self.add_error(
                "partner_search",
                _("Geen partner gevonden met „%(text)s” in de naam.") % {"text": text},
            )
        else:
            self.partner_matches = matches[:PARTNER_MATCHES]
            self.add_error(
                "partner_search",
                _(
                    "Meer dan één partner heeft „%(text)s” in de naam: kies er een hieronder of "
                    "typ meer van de naam."
                )
                % {"text": text},
            )
        return []


PARTNER_MATCHES = 20  # the partners a search offers when it finds several
UNKNOWN_PARTNER = _("Die partner kennen we niet: zoek de partner op naam.")


def _partner_id(value: str) -> int | None:
    """A partner id as sent, or None when it is not one: empty, or not a positive integer a
    database key can hold (the `<id:…>` converter's bounds: no query with an absurd number)."""
    if value.isascii() and value.isdigit() and len(value) <= 19 and 0 < int(value) <= ID_MAX:
        return int(value)
    return None
