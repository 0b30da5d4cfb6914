"""Forms of the consultant's pages: they parse and check the shape; the services judge (R6–R10)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from doorstroom.common import clock
from doorstroom.rules.codes import (
    CRITERIA,
    CRITERION_LABELS_EN,
    CRITERION_LABELS_NL,
    FRAMEWORK_LABELS_EN,
    FRAMEWORK_LABELS_NL,
    GUIDANCE_LEVEL_LABELS_EN,
    GUIDANCE_LEVEL_LABELS_NL,
    GUIDANCE_LEVELS,
    TARGET_GROUP_LABELS_EN,
    TARGET_GROUP_LABELS_NL,
    TARGET_GROUPS,
)
from doorstroom.rules.packages import wage_premium_bounds
from doorstroom.web.form_errors import date_errors
from doorstroom.web.language import is_english

YES_NO = [("yes", _("Ja")), ("no", _("Nee"))]
FAVOURABLE = [("yes", _("Gunstig")), ("no", _("Ongunstig"))]


def wage_premiums(on: date) -> list[int]:
    """The wage premiums allowed on ``on`` (R6 context), from the parameters in force: the
    service checks the evaluation's own day again."""
    low, high, step, _used = wage_premium_bounds(on)
    return list(range(low, high + 1, step))


def criterion_label(code: str) -> str:
    return (CRITERION_LABELS_EN if is_english() else CRITERION_LABELS_NL)[code]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class NoValueTextInput(forms.TextInput):
    """A text box that never writes a submitted value back into the page (national numbers)."""

    def format_value(self, value: Any) -> None:
        return None


class NameSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Naam"),
        max_length=100,
        help_text=_("Voornaam, familienaam of een deel ervan."),
        error_messages={"required": _("Vul een naam of een deel ervan in.")},
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class NationalNumberSearchForm(forms.Form):
    national_number = forms.CharField(
        label=_("Rijksregisternummer"),
        max_length=20,
        help_text=_(
            "11 cijfers, met of zonder punten en streepje. Het nummer wordt niet bewaard en "
            "niet opnieuw getoond."
        ),
        error_messages={"required": _("Vul een rijksregisternummer in.")},
        widget=NoValueTextInput(
            attrs={
                "autocomplete": "off",
                "inputmode": "numeric",
                "spellcheck": "false",
                # Never echoed by the server: app.js keeps what was typed in this tab and
                # puts it back when the form is refused (docs/security.md).
                "data-remember-typed": "",
            }
        ),
    )


def _target_group_choices() -> list[tuple[str, str]]:
    """Every target group, labelled with its framework: the service checks that the ticked
    groups belong to the chosen framework ("en/of": one or more)."""
    english = is_english()
    groups = TARGET_GROUP_LABELS_EN if english else TARGET_GROUP_LABELS_NL
    frameworks = FRAMEWORK_LABELS_EN if english else FRAMEWORK_LABELS_NL
    return [
        (group, f"{groups[group]} ({frameworks[framework]})")
        for framework, codes in TARGET_GROUPS.items()
        for group in codes
    ]


class EmployeeForm(forms.Form):
    """A new target-group employee (R6–R8): one or more target groups of the framework."""

    national_number = forms.CharField(
        label=_("Rijksregisternummer"),
        max_length=20,
        help_text=_("11 cijfers. Het nummer wordt enkel versleuteld en gemaskeerd bewaard."),
        error_messages={"required": _("Vul een rijksregisternummer in.")},
        widget=NoValueTextInput(
            attrs={
                "autocomplete": "off",
                "inputmode": "numeric",
                "spellcheck": "false",
                # Never echoed by the server: app.js keeps what was typed in this tab and
                # puts it back when the form is refused (docs/security.md).
                "data-remember-typed": "",
            }
        ),
    )
    given_name = forms.CharField(
        label=_("Voornaam"),
        max_length=100,
        error_messages={"required": _("Vul de voornaam in.")},
    )
    family_name = forms.CharField(
        label=_("Familienaam"),
        max_length=100,
        error_messages={"required": _("Vul de familienaam in.")},
    )
    postal_code = forms.CharField(
        label=_("Postcode van de woonplaats"),
        max_length=10,
        error_messages={"required": _("Vul een Belgische postcode in.")},
    )
    employer = forms.TypedChoiceField(
        label=_("Maatwerkbedrijf of LDE-werkgever"),
        coerce=int,
        choices=[],
        error_messages={"required": _("Kies de werkgever.")},
    )
    framework = forms.ChoiceField(
        label=_("Kader"),
        choices=[],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies het kader.")},
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Doelgroepen"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Een of meer doelgroepen van het gekozen kader."),
        error_messages={"required": _("Kies minstens één doelgroep.")},
    )
    hired_on = forms.DateField(
        label=_("In dienst sinds"),
        widget=DateInput(),
        error_messages={
            "required": _("Vul de datum van indiensttreding in."),
            "invalid": _("Vul een geldige datum in, zoals 15-03-2026."),
        },
    )

    def __init__(self, *args: Any, employers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        frameworks = FRAMEWORK_LABELS_EN if is_english() else FRAMEWORK_LABELS_NL
        self.fields["employer"].choices = [  # type: ignore[attr-defined]
            ("", _("Kies een werkgever")),
            *employers,
        ]
        self.fields["framework"].choices = [  # type: ignore[attr-defined]
            (code, frameworks[code]) for code in TARGET_GROUPS
        ]
        self.fields["target_groups"].choices = _target_group_choices()  # type: ignore[attr-defined]


def _yes_no(label: Any, choices: list[tuple[str, Any]] = YES_NO, **kwargs: Any) -> forms.Field:
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, **kwargs)


class EvaluationForm(forms.Form):
    """R6 (support, package), R8 (three criteria with motivation) and R9 (later start).

    Only the form's own shape is checked here (answers given, package filled in when it no
    longer fits); the decision, the package bounds and the start date are the service's.
    """

    evaluated_on = forms.DateField(
        label=_("Datum van de evaluatie"),
        widget=DateInput(),
        error_messages={
            **date_errors(_("Datum van de evaluatie")),
            "required": _("Vul de datum van de evaluatie in."),
        },
    )
    needs_support = _yes_no(
        _("Heeft de werknemer nog behoefte aan werkondersteunende maatregelen?"),
        error_messages={"required": _("Kies of de werknemer nog ondersteuning nodig heeft.")},
    )
    package_still_correct = _yes_no(
        _("Is het toegekende werkondersteuningspakket nog correct?"),
        error_messages={"required": _("Kies of het pakket nog correct is.")},
    )
    wage_premium_percent = forms.TypedChoiceField(
        label=_("Aangepaste loonpremie (%)"),
        choices=[],  # the bounds in force (R16): set in __init__
        coerce=int,
        empty_value=None,
        required=False,
    )
    guidance_level = forms.ChoiceField(
        label=_("Aangepaste begeleidingspremie"),
        choices=[],
        required=False,
    )
    transition_starts_on = forms.DateField(
        label=_("Doorstroomtraject later laten starten op"),
        help_text=_("Alleen invullen als het traject later mag starten dan vandaag (R9)."),
        widget=DateInput(),
        required=False,
        error_messages=date_errors(_("Doorstroomtraject later laten starten op")),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        levels = GUIDANCE_LEVEL_LABELS_EN if is_english() else GUIDANCE_LEVEL_LABELS_NL
        self.fields["wage_premium_percent"].choices = [  # type: ignore[attr-defined]
            ("", _("Kies een percentage")),
            *((p, f"{p} %") for p in wage_premiums(clock.today())),
        ]
        self.fields["guidance_level"].choices = [  # type: ignore[attr-defined]
            ("", _("Kies een niveau")),
            *((code, levels[code]) for code in GUIDANCE_LEVELS),
        ]
        if not self.is_bound:
            self.initial.setdefault("evaluated_on", clock.today())
        for code in CRITERIA:
            # Each label names its criterion, so an error in the summary says which one.
            named = {"criterion": criterion_label(code)}
            self.fields[f"{code}_favourable"] = _yes_no(
                _("Oordeel over ‘%(criterion)s’") % named, FAVOURABLE, required=False
            )
            self.fields[f"{code}_motivation"] = forms.CharField(
                label=_("Motivering bij ‘%(criterion)s’") % named,
                max_length=5000,
                required=False,
                # Required by the service with every judgement: never "(optioneel)".
                widget=forms.Textarea(attrs={"rows": 3, "data-required": ""}),
            )

    @property
    def criteria(self) -> list[dict[str, Any]]:
        """Per criterion: its code, Dutch/English label and its two bound fields."""
        return [
            {
                "code": code,
                "label": criterion_label(code),
                "favourable": self[f"{code}_favourable"],
                "motivation": self[f"{code}_motivation"],
            }
            for code in CRITERIA
        ]

    @property
    def package_fields(self) -> list[forms.BoundField]:
        return [self["wage_premium_percent"], self["guidance_level"]]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("package_still_correct") == "no":
            if data.get("wage_premium_percent") is None:
                self.add_error("wage_premium_percent", _("Kies de aangepaste loonpremie."))
            if not data.get("guidance_level"):
                self.add_error("guidance_level", _("Kies de aangepaste begeleidingspremie."))
        # The judgements (R8) are the service's to check (evaluation_create: every missing
        # judgement and motivation at once, each on its field): forms parse, services validate.
        return data

    def service_criteria(self) -> dict[str, dict[str, Any]] | None:
        """The judged criteria in the service's shape (an unanswered one left out, for the
        service to name), or None when none were judged."""
        data = self.cleaned_data
        if not any(data.get(f"{c}_favourable") for c in CRITERIA):
            return None
        return {
            code: {
                "favourable": data[f"{code}_favourable"] == "yes",
                "motivation": data[f"{code}_motivation"],
            }
            for code in CRITERIA
            if data.get(f"{code}_favourable")
        }


class ReferralForm(forms.Form):
    """The consultant's choice of partner (R10): the first-ranked one is preselected."""

    partner = forms.TypedChoiceField(
        label=_("Gemandateerde partner"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een partner.")},
    )
    referred_on = forms.DateField(
        label=_("Datum van toeleiding"),
        widget=DateInput(),
        error_messages={
            "required": _("Vul de datum van toeleiding in."),
            "invalid": _("Vul een geldige datum in, zoals 15-03-2026."),
        },
    )
    override_reason = forms.CharField(
        label=_("Reden om niet de eerste partner te kiezen"),
        help_text=_(
            "Verplicht als u een andere partner kiest dan de eerste in de rangschikking (R10)."
        ),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, partners: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = partners  # type: ignore[attr-defined]
        if partners and not self.is_bound:
            self.initial.setdefault("partner", partners[0][0])
        if partners:  # R10: a reason only when another than the first partner is chosen
            self.fields["override_reason"].widget.attrs["data-required-when"] = (
                f"partner!={partners[0][0]}"
            )
        if not self.is_bound:
            self.initial.setdefault("referred_on", clock.today())


class TrajectoryFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Toon"),
        required=False,
        choices=[("open", _("lopende trajecten")), ("ended", _("afgesloten")), ("all", _("alle"))],
    )


def parse_date(value: str | None) -> date | None:
    """An ISO date from a lenient form value (the live feedback), or None."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
