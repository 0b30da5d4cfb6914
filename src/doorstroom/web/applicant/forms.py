"""Forms of the applicant pages: they check the shape of what is typed; services check the rules."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from doorstroom.esf.models import Call
from doorstroom.mandates.models import ApplicationKind
from doorstroom.mandates.services import SIGNATORY_LIST_MESSAGES
from doorstroom.rules.codes import (
    ACTIVITY_KIND_LABELS_EN,
    ACTIVITY_KIND_LABELS_NL,
    ACTIVITY_KINDS,
    CONDITION_LABELS_EN,
    CONDITION_LABELS_NL,
    CONDITIONS,
    FRAMEWORK_LABELS_EN,
    FRAMEWORK_LABELS_NL,
    FRAMEWORKS,
    INTERNSHIP_RESULT_LABELS_EN,
    INTERNSHIP_RESULT_LABELS_NL,
    INTERNSHIP_RESULTS,
    OUTCOME_KIND_LABELS_EN,
    OUTCOME_KIND_LABELS_NL,
    OUTCOME_KINDS,
)
from doorstroom.rules.mandates import signatory_list_problem
from doorstroom.web.form_errors import date_errors
from doorstroom.web.language import code_label

# --- labels of stable codes, in the language of the page -----------------------------------


def coded_choices(
    codes: Iterable[str], nl: Mapping[str, str], en: Mapping[str, str]
) -> list[tuple[str, str]]:
    return [(code, code_label(code, nl, en)) for code in codes]


def internship_result_label(code: str) -> str:
    return code_label(code, INTERNSHIP_RESULT_LABELS_NL, INTERNSHIP_RESULT_LABELS_EN)


def condition_label(code: str) -> str:
    return code_label(code, CONDITION_LABELS_NL, CONDITION_LABELS_EN)


def framework_label(code: str) -> str:
    return code_label(code, FRAMEWORK_LABELS_NL, FRAMEWORK_LABELS_EN)


def activity_label(code: str) -> str:
    return code_label(code, ACTIVITY_KIND_LABELS_NL, ACTIVITY_KIND_LABELS_EN)


def outcome_label(code: str) -> str:
    return code_label(code, OUTCOME_KIND_LABELS_NL, OUTCOME_KIND_LABELS_EN)


def _framework_choices() -> list[tuple[str, str]]:
    return coded_choices(FRAMEWORKS, FRAMEWORK_LABELS_NL, FRAMEWORK_LABELS_EN)


def _condition_choices() -> list[tuple[str, Any]]:
    return [
        ("", _("Kies een voorwaarde")),
        *coded_choices(CONDITIONS, CONDITION_LABELS_NL, CONDITION_LABELS_EN),
    ]


def _activity_choices() -> list[tuple[str, Any]]:
    return [
        ("", _("Kies een soort")),
        *coded_choices(ACTIVITY_KINDS, ACTIVITY_KIND_LABELS_NL, ACTIVITY_KIND_LABELS_EN),
    ]


def _outcome_choices() -> list[tuple[str, str]]:
    return coded_choices(OUTCOME_KINDS, OUTCOME_KIND_LABELS_NL, OUTCOME_KIND_LABELS_EN)


class RadioButtons(forms.RadioSelect):
    """Radio buttons whose field id points at the first option, so that the error summary's
    link moves focus into the group (Django leaves it empty for a screen reader's sake, which
    only matters for a <label for>; field.html uses a fieldset and legend instead)."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return super().id_for_label(id_, "0" if index is None else index)


class Checkboxes(forms.CheckboxSelectMultiple):
    """Checkboxes with the same error-summary link as RadioButtons."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return super().id_for_label(id_, "0" if index is None else index)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DateInput(),
        error_messages=date_errors(label),
        **kwargs,
    )


class WithdrawalForm(forms.Form):
    """Withdraw the application (R15): the day and, if the applicant wants, why."""

    withdrawn_on = date_field(_("Datum van de intrekking"))
    reason = forms.CharField(
        label=_("Reden (niet verplicht)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# --- organisation ---------------------------------------------------------------------------


class SiteForm(forms.Form):
    name = forms.CharField(
        label=_("Naam van de vestiging"),
        max_length=200,
        error_messages={"required": _("Vul de naam van de vestiging in.")},
    )
    street = forms.CharField(label=_("Straat en nummer"), max_length=200, required=False)
    postal_code = forms.CharField(
        label=_("Postcode"),
        max_length=4,
        help_text=_("Vier cijfers, zoals 9000."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
        error_messages={"required": _("Vul de postcode in.")},
    )


SEPARATORS = re.compile(r"[,;\n]+")


class LocalNetworkForm(forms.Form):
    municipalities = forms.CharField(
        label=_("Gemeenten van uw lokale netwerk"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Eén gemeente per regel of gescheiden door komma's: de naam of de NIS-code, "
            "zoals Gent of 44021. Laat leeg om het lokale netwerk te wissen."
        ),
    )

    def terms(self) -> list[str]:
        text: str = self.cleaned_data.get("municipalities") or ""
        return [t.strip() for t in SEPARATORS.split(text) if t.strip()]


# --- mandate application ----------------------------------------------------------------------


class ApplicationStartForm(forms.Form):
    frameworks = forms.MultipleChoiceField(
        label=_("Voor welke kaders vraagt u een mandaat aan?"),
        help_text=_("Kies een of beide kaders."),
        choices=_framework_choices,
        widget=Checkboxes,
        error_messages={"required": _("Kies minstens één kader.")},
    )
    kind = forms.ChoiceField(
        label=_("Soort aanvraag"),
        choices=ApplicationKind.choices,
        widget=RadioButtons,
        error_messages={"required": _("Kies of het een nieuwe aanvraag of een vernieuwing is.")},
    )


class SignatoriesForm(forms.Form):
    """A variable number of rows (name, function); at least one name (R14: all parties sign)."""

    def __init__(self, *args: Any, rows: int = 2, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.row_count = max(1, min(rows, 20))
        for i in range(1, self.row_count + 1):
            self.fields[f"name_{i}"] = forms.CharField(
                label=_("Naam van ondertekenaar %(n)s") % {"n": i},
                max_length=200,
                required=False,
                widget=forms.TextInput(attrs={"autocomplete": "name"}),
            )
            if i == 1:  # at least one name (R14): the service refuses none
                self.fields[f"name_{i}"].widget.attrs["data-required"] = ""
            self.fields[f"function_{i}"] = forms.CharField(
                label=_("Functie van ondertekenaar %(n)s") % {"n": i},
                max_length=200,
                required=False,
                widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
            )

    def row_fields(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [(i, self[f"name_{i}"], self[f"function_{i}"]) for i in range(1, self.row_count + 1)]

    def clean(self) -> dict[str, Any]:
        """Parse the rows; the list itself is judged by R14's rule, as the service judges it
        (`rules.mandates.signatory_list_problem`), so that the message lands on its row."""
        cleaned = super().clean() or {}
        named_rows = []
        for i in range(1, self.row_count + 1):
            name = (cleaned.get(f"name_{i}") or "").strip()
            function = (cleaned.get(f"function_{i}") or "").strip()
            if function and not name:
                self.add_error(f"name_{i}", _("Vul de naam in van wie deze functie heeft."))
            if name:
                named_rows.append((i, name))
        problem = signatory_list_problem([name for _row, name in named_rows])
        if problem:
            code, position = problem
            row = named_rows[position][0] if named_rows else 1
            if f"name_{row}" not in self.errors:
                self.add_error(f"name_{row}", gettext(SIGNATORY_LIST_MESSAGES[code]))
        return cleaned

    def signatories(self) -> list[tuple[str, str]]:
        rows = []
        for i in range(1, self.row_count + 1):
            name = (self.cleaned_data.get(f"name_{i}") or "").strip()
            if name:
                rows.append((name, (self.cleaned_data.get(f"function_{i}") or "").strip()))
        return rows


class EvidenceForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        megabytes = settings.EVIDENCE_MAX_BYTES // (1024 * 1024)
        self.fields["file"].help_text = _("Enkel PDF-bestanden, maximaal %(mb)s MB.") % {
            "mb": megabytes
        }

    condition = forms.ChoiceField(
        label=_("Voor welke voorwaarde is dit bewijs?"),
        choices=_condition_choices,
        error_messages={"required": _("Kies de voorwaarde die dit document aantoont.")},
    )
    file = forms.FileField(
        label=_("Document (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={
            "required": _("Kies een PDF-bestand om op te laden."),
            "empty": _("Het gekozen bestand is leeg."),
        },
    )
    description = forms.CharField(
        label=_("Korte beschrijving"),
        max_length=500,
        required=False,
        help_text=_("Bijvoorbeeld: kwaliteitshandboek 2025, hoofdstuk 3."),
    )


# --- ESF ------------------------------------------------------------------------------------


class CallChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.title}"


class ProjectForm(forms.Form):
    call = CallChoiceField(
        label=_("ESF-oproep"),
        queryset=Call.objects.none(),
        empty_label=_("Kies een oproep"),
        error_messages={"required": _("Kies de oproep waarin u het project indiende.")},
    )
    submitted_on = date_field(_("Ingediend op"))

    def __init__(self, *args: Any, calls: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["call"]
        assert isinstance(field, CallChoiceField)  # noqa: S101 (narrowing for mypy)
        field.queryset = calls


# --- referrals and trajectories -------------------------------------------------------------


class TrajectoryStartForm(forms.Form):
    started_on = date_field(_("Startdatum van het traject"))


class ActivityForm(forms.Form):
    on = date_field(_("Datum"))
    kind = forms.ChoiceField(
        label=_("Soort activiteit"),
        choices=_activity_choices,
        error_messages={"required": _("Kies de soort activiteit.")},
    )
    hours = forms.DecimalField(
        label=_("Aantal uren"),
        help_text=_("In uren, zoals 1,5 of 2."),
        min_value=Decimal("0.25"),
        max_value=Decimal(24),
        max_digits=4,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "required": _("Vul het aantal uren in."),
            "invalid": _("Vul een aantal uren in, zoals 1,5."),
            "min_value": _("Vul minstens een kwartier (0,25) in."),
            "max_value": _("Eén activiteit duurt hoogstens 24 uur."),
        },
    )
    note = forms.CharField(
        label=_("Notitie"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class InternshipForm(forms.Form):
    employer_name = forms.CharField(
        label=_("Naam van de stagewerkgever"),
        max_length=200,
        error_messages={"required": _("Vul de naam van de stagewerkgever in.")},
    )
    employer_enterprise_number = forms.CharField(
        label=_("Ondernemingsnummer van de stagewerkgever"),
        max_length=20,
        help_text=_("Zoals 0403.170.701."),
        error_messages={"required": _("Vul een geldig ondernemingsnummer in, zoals 0403.170.701.")},
    )
    vacancy = forms.CharField(
        label=_("Vacature"),
        max_length=300,
        help_text=_("De concrete vacature waarvoor de stage loopt."),
        error_messages={"required": _("Een stage hoort bij een concrete vacature.")},
    )
    starts_on = date_field(_("Eerste stagedag"))
    ends_on = date_field(_("Laatste stagedag"))

    def __init__(self, *args: Any, max_months: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if max_months:
            self.fields["ends_on"].help_text = _(
                "Een stage duurt hoogstens %(months)s maanden."
            ) % {"months": max_months}


class InternshipResultForm(forms.Form):
    """How the internship ended (R12), once."""

    result = forms.ChoiceField(
        label=_("Resultaat van de stage"),
        choices=lambda: coded_choices(
            INTERNSHIP_RESULTS, INTERNSHIP_RESULT_LABELS_NL, INTERNSHIP_RESULT_LABELS_EN
        ),
        widget=RadioButtons,
        error_messages={"required": _("Kies het resultaat.")},
    )
    result_on = date_field(
        _("Datum van het resultaat"),
        help_text=_(
            "Vanaf de eerste stagedag. Vroegtijdig gestopt: uiterlijk de laatste stagedag; "
            "aangeworven of niet: uiterlijk %(days)s dagen na de laatste stagedag."
        ),
    )

    def __init__(self, *args: Any, days_after_end: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["result_on"].help_text = self.fields["result_on"].help_text % {
            "days": days_after_end
        }


class SuspensionForm(forms.Form):
    starts_on = date_field(_("Eerste dag van de schorsing"))
    ends_on = date_field(_("Laatste dag van de schorsing"))
    reason = forms.CharField(
        label=_("Reden"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Geef de reden van de schorsing.")},
    )


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Uitkomst van het traject"),
        choices=_outcome_choices,
        widget=RadioButtons,
        error_messages={"required": _("Kies de uitkomst.")},
    )
    on = date_field(_("Datum"), help_text=_("De dag waarop het traject eindigt."))
    employer_enterprise_number = forms.CharField(
        label=_("Ondernemingsnummer van de werkgever"),
        max_length=20,
        required=False,
        help_text=_("Verplicht bij een aanwerving, zoals 0403.170.701."),
        widget=forms.TextInput(attrs={"data-required-when": "kind=hired"}),
    )
    employer_name = forms.CharField(
        label=_("Naam van de werkgever"), max_length=200, required=False
    )
    first_working_day = forms.DateField(
        label=_("Eerste werkdag bij de werkgever"),
        widget=DateInput(),
        required=False,
        help_text=_("Bij een aanwerving; leeg: de datum hierboven."),
        error_messages=date_errors(_("Eerste werkdag bij de werkgever")),
    )
    reason = forms.CharField(
        label=_("Reden"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "data-required-when": "kind=stopped"}),
        help_text=_("Verplicht als het traject stopgezet werd."),
    )
    beyond_employee = forms.BooleanField(
        label=_("Het traject eindigde om redenen buiten de werknemer"),
        required=False,
        help_text=_(
            "Dan krijgt de werknemer het terugvalpakket tot een nieuw traject kan starten."
        ),
    )
