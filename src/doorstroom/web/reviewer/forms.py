"""Forms of the reviewer's pages: they parse and label; the rules stay in the services."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from doorstroom.mandates.models import Channel
from doorstroom.rules.codes import CONDITIONS
from doorstroom.web.form_errors import date_errors


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
        error_messages=date_errors(label, example="31-12-2025"),
    )


QUEUE_FILTERS = [
    ("", _("Alle openstaande")),
    ("overdue", _("Termijn overschreden")),
    ("due_soon", _("Binnenkort te beslissen")),
    ("incomplete", _("Onvolledig")),
    ("new", _("Nieuw (nog niets ontvangen)")),
    ("complete", _("Volledig")),
    ("decided", _("Beslist")),
]

QUEUE_SORTS = [
    ("due", _("Vervaldatum")),
    ("received", _("Ontvangen op")),
    ("organisation", _("Organisatie")),
    ("reference", _("Referentie")),
]


class InboxFilterForm(forms.Form):
    """The inbox filters (GET): section, organisation name, order within a section."""

    status = forms.ChoiceField(label=_("Toestand"), choices=QUEUE_FILTERS, required=False)
    q = forms.CharField(label=_("Organisatie"), required=False, max_length=100)
    sort = forms.ChoiceField(
        label=_("Sorteer binnen elke groep op"), choices=QUEUE_SORTS, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"


class ReceiptForm(forms.Form):
    """A received registered letter or e-mail (R14)."""

    channel = forms.ChoiceField(
        label=_("Hoe is het dossier binnengekomen?"),
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies e-mail of aangetekende brief.")},
    )
    received_on = date_field(_("Ontvangen op"))
    subject = forms.CharField(label=_("Onderwerp van de e-mail"), required=False, max_length=500)
    eid_signed_by = forms.MultipleChoiceField(
        label=_("Wie heeft het digitale dossier met eID ondertekend?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Alleen bij een e-mail. Duid niemand aan als niemand met eID tekende."),
    )
    tracking_number = forms.CharField(
        label=_("Zendingsnummer van de aangetekende brief"),
        required=False,
        max_length=100,
        help_text=_("Zoals op het ontvangstbewijs van bpost, bijvoorbeeld RR123456789BE."),
    )

    def __init__(
        self, *args: Any, signatories: Sequence[str], email_subject: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        eid = self.fields["eid_signed_by"]
        assert isinstance(eid, forms.MultipleChoiceField)  # noqa: S101 (declared above)
        eid.choices = [(name, name) for name in signatories]
        self.fields["subject"].help_text = _(
            "Alleen bij een e-mail. Het vereiste onderwerp is: ‘%(subject)s’. Een ander "
            "onderwerp wordt geregistreerd en gemarkeerd."
        ) % {"subject": email_subject}


MET_CHOICES = [("yes", _("Voldaan")), ("no", _("Niet voldaan"))]


class DecisionForm(forms.Form):
    """The decision on the five formal conditions (R13) and the mandate's start (R3)."""

    decided_on = date_field(_("Datum van de beslissing"))
    starts_on = date_field(
        _("Startdatum van het mandaat"),
        required=False,
        help_text=_(
            "Laat leeg: het mandaat start op de datum van de beslissing, of bij een vernieuwing "
            "die beslist wordt terwijl het vorige mandaat nog loopt, de dag na de laatste dag "
            "van dat mandaat (R3 bis)."
        ),
    )

    def __init__(
        self,
        *args: Any,
        condition_labels: dict[str, str],
        preview_url: str = "",
        frameworks: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        #: R13: with two frameworks asked, expertise may be judged otherwise for one of them.
        self.frameworks = dict(frameworks or {}) if len(frameworks or {}) > 1 else {}
        for code in CONDITIONS:
            label = condition_labels[code]
            self.fields[f"{code}_met"] = forms.ChoiceField(
                label=_("Is aan ‘%(condition)s’ voldaan?") % {"condition": label},
                choices=MET_CHOICES,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Kies of aan ‘%(condition)s’ voldaan is.") % {"condition": label}
                },
            )
            self.fields[f"{code}_motivation"] = forms.CharField(
                label=_("Motivering voor ‘%(condition)s’") % {"condition": label},
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=5000,
                error_messages={
                    "required": _("Motiveer het oordeel over ‘%(condition)s’.")
                    % {"condition": label}
                },
            )
        for framework, label in self.frameworks.items():
            self.fields[f"expertise_{framework}_met"] = forms.ChoiceField(
                label=_("Deskundigheid voor %(framework)s") % {"framework": label},
                choices=[("", _("Zoals hierboven")), *MET_CHOICES],
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"expertise_{framework}_motivation"] = forms.CharField(
                label=_("Motivering voor %(framework)s") % {"framework": label},
                help_text=_("Alleen als het oordeel voor dit kader anders is."),
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=5000,
                required=False,
            )
        if preview_url:
            # htmx: recompute the mandate dates when either date changes (progressive).
            for name in ("decided_on", "starts_on"):
                self.fields[name].widget.attrs.update(
                    {
                        "hx-get": preview_url,
                        "hx-trigger": "change",
                        "hx-target": "#mandaat-voorbeeld",
                        "hx-include": "#id_decided_on, #id_starts_on",
                    }
                )

    def framework_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [
            (self[f"expertise_{f}_met"], self[f"expertise_{f}_motivation"]) for f in self.frameworks
        ]

    def conditions(self) -> dict[str, dict[str, Any]]:
        """The judgements in the shape decision_create takes (expertise per framework when
        one framework's judgement differs, R13)."""
        data = self.cleaned_data
        judged: dict[str, dict[str, Any]] = {
            code: {"met": data[f"{code}_met"] == "yes", "motivation": data[f"{code}_motivation"]}
            for code in CONDITIONS
        }
        if any(data.get(f"expertise_{f}_met") for f in self.frameworks):
            common = judged["expertise"]
            judged["expertise"] = {
                f: {
                    "met": (data.get(f"expertise_{f}_met") or ("yes" if common["met"] else "no"))
                    == "yes",
                    "motivation": data.get(f"expertise_{f}_motivation") or common["motivation"],
                }
                for f in self.frameworks
            }
        return judged


class InadmissibilityForm(forms.Form):
    """Declare a dossier inadmissible (R15): the day and the written motivation."""

    decided_on = date_field(_("Datum van de beslissing"))
    motivation = forms.CharField(
        label=_("Motivering"),
        help_text=_("Leg uit waarom het dossier onontvankelijk is; dit staat in de brief."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": _("Schrijf een motivering.")},
    )


class PreviewForm(forms.Form):
    """The two dates the mandate preview needs (htmx partial and no-JS preview button)."""

    decided_on = forms.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages=date_errors(_("Datum van de beslissing"), example="31-12-2025"),
    )
    starts_on = forms.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages=date_errors(_("Begindatum van het mandaat"), example="31-12-2025"),
    )

    def start(self) -> date | None:
        if not self.is_valid():
            return None
        return self.cleaned_data.get("starts_on") or self.cleaned_data.get("decided_on")


REGISTER_FILTERS = [
    ("", _("Alle mandaten")),
    ("active", _("Actief")),
    ("expiring", _("Verloopt binnenkort")),
    ("expired", _("Verlopen")),
    ("future", _("Nog niet gestart")),
]

REGISTER_SORTS = [
    ("valid_until", _("Geldig tot en met")),
    ("valid_from", _("Geldig vanaf")),
    ("organisation", _("Organisatie")),
]


class RegisterFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Toestand"), choices=REGISTER_FILTERS, required=False)
    sort = forms.ChoiceField(label=_("Sorteer op"), choices=REGISTER_SORTS, required=False)


class AttachEmailForm(forms.Form):
    """Attach a queued e-mail to an application by hand: by reference or from the list (R14)."""

    reference = forms.CharField(
        label=_("Dossiernummer"),
        required=False,
        max_length=20,
        help_text=_("Zoals MDB-000123. Laat leeg als u de aanvraag hieronder kiest."),
    )
    application = forms.ChoiceField(
        label=_("Of kies een lopende aanvraag"),
        required=False,
        choices=[],
        error_messages={"invalid_choice": _("Kies een lopende aanvraag uit de lijst.")},
    )

    def __init__(self, *args: Any, applications: Sequence[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["application"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 (declared above)
        field.choices = [("", _("— kies een aanvraag —")), *applications]

    def clean_reference(self) -> int | None:
        text = " ".join(str(self.cleaned_data.get("reference") or "").split()).upper()
        if not text:
            return None
        digits = text.removeprefix("MDB-").removeprefix("MDB")
        if not digits.isdigit() or len(digits) > 9:
            raise forms.ValidationError(
                _("Vul een geldig dossiernummer in, zoals MDB-000123."), code="invalid"
            )
        return int(digits)

    def clean_application(self) -> int | None:
        value = self.cleaned_data.get("application")
        return int(value) if value else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        reference, chosen = data.get("reference"), data.get("application")
        if self.errors:
            return data
        if reference is None and chosen is None:
            raise forms.ValidationError(
                _("Vul een dossiernummer in of kies een aanvraag."), code="required"
            )
        if reference is not None and chosen is not None and reference != chosen:
            raise forms.ValidationError(
                _("Het dossiernummer en de gekozen aanvraag verschillen: vul er maar één in."),
                code="ambiguous",
            )
        data["application_id"] = reference if reference is not None else chosen
        return data
