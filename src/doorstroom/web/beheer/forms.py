"""Forms of the administrator's pages; the services check again what they own."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from doorstroom.accounts.models import Role
from doorstroom.common.identifiers import enterprise_number_compact
from doorstroom.organisations.models import Organisation
from doorstroom.web.applicant.forms import LocalNetworkForm as PartnerLocalNetworkForm
from doorstroom.web.applicant.forms import SiteForm
from doorstroom.web.esf.forms import CallForm as EsfCallForm
from doorstroom.web.esf.forms import DateInput
from doorstroom.web.form_errors import date_errors

ROLE_CHOICES = [("", _("Kies een rol")), *Role.choices]


class OrganisationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.enterprise_number_display})"


def _organisation_field() -> OrganisationChoice:
    return OrganisationChoice(
        label=_("Organisatie"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("Geen organisatie"),
        help_text=_("Alleen voor een aanvrager: de organisatie waarvoor hij optreedt."),
        error_messages={"invalid_choice": _("Kies een organisatie uit de lijst.")},
    )


class UserForm(forms.Form):
    """Role, organisation and e-mail address; the password is never shown nor set here."""

    role = forms.ChoiceField(
        label=_("Rol"),
        choices=ROLE_CHOICES,
        error_messages={
            "required": _("Kies een rol."),
            "invalid_choice": _("Kies een rol uit de lijst."),
        },
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        required=False,
        error_messages={"invalid": _("Vul een geldig e-mailadres in, zoals naam@voorbeeld.be.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = _organisation_field()

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        organisation = data.get("organisation")
        return {
            "role": data["role"],
            "organisation_id": organisation.pk if organisation else None,
            "email": data.get("email") or "",
        }


class UserCreateForm(UserForm):
    username = forms.RegexField(
        label=_("Gebruikersnaam"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        help_text=_("Letters, cijfers en de tekens . @ + - _ (zoals bij de aanmelding)."),
        error_messages={
            "required": _("Vul de gebruikersnaam in."),
            "invalid": _("Gebruik alleen letters, cijfers en de tekens . @ + - _."),
        },
    )
    field_order = ["username", "role", "organisation", "email"]

    def service_arguments(self) -> dict[str, Any]:
        return {**super().service_arguments(), "username": self.cleaned_data["username"]}


class UserEditForm(UserForm):
    is_active = forms.BooleanField(
        label=_("Actief: de gebruiker mag zich aanmelden"),
        required=False,
        help_text=_(
            "Een geblokkeerde gebruiker kan zich niet aanmelden en verliest zijn API-sleutel."
        ),
    )
    field_order = ["role", "organisation", "email", "is_active"]

    def service_arguments(self) -> dict[str, Any]:
        return {**super().service_arguments(), "is_active": self.cleaned_data["is_active"]}


class OrganisationForm(forms.Form):
    enterprise_number = forms.CharField(
        label=_("Ondernemingsnummer"),
        max_length=20,
        help_text=_("Zoals 0403.170.701."),
        error_messages={"required": _("Vul het ondernemingsnummer in.")},
    )
    name = forms.CharField(
        label=_("Naam"), max_length=200, error_messages={"required": _("Vul de naam in.")}
    )
    street = forms.CharField(label=_("Straat en nummer"), max_length=200, required=False)
    postal_code = forms.CharField(
        label=_("Postcode"),
        max_length=4,
        help_text=_("Vier cijfers, zoals 9000."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
        error_messages={"required": _("Vul de postcode in.")},
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        required=False,
        error_messages={"invalid": _("Vul een geldig e-mailadres in, zoals naam@voorbeeld.be.")},
    )
    current_participant = forms.BooleanField(
        label=_("Huidige deelnemer (nam deel vóór de overgangsperiode, R1)"), required=False
    )
    current_participant_motivation = forms.CharField(
        label=_("Motivering huidige deelnemer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Verplicht voor een huidige deelnemer."),
    )

    def clean_enterprise_number(self) -> str:
        value: str = self.cleaned_data["enterprise_number"]
        if enterprise_number_compact(value) is None:
            raise forms.ValidationError(
                _("Vul een geldig ondernemingsnummer in, zoals 0403.170.701.")
            )
        return value


class RecognitionForm(forms.Form):
    label_number = forms.CharField(
        label=_("Labelnummer"),
        max_length=50,
        error_messages={"required": _("Vul het labelnummer in.")},
    )
    registration_number = forms.CharField(
        label=_("Registratienummer"),
        max_length=50,
        error_messages={"required": _("Vul het registratienummer in.")},
    )
    valid_from = forms.DateField(
        label=_("Geldig vanaf"),
        widget=DateInput(),
        error_messages={**date_errors(_("Geldig vanaf")), "required": _("Vul de begindatum in.")},
    )
    valid_until = forms.DateField(
        label=_("Geldig tot en met"),
        required=False,
        widget=DateInput(),
        help_text=_("Leeg laten voor een erkenning zonder einddatum."),
        error_messages=date_errors(_("Geldig tot en met")),
    )


class CallForm(EsfCallForm):
    """The ESF officer's form (an error of its own for each field), on the admin's pages."""


class LocalNetworkForm(PartnerLocalNetworkForm):
    """The partner's form, with a label in the third person."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].label = _("Gemeenten van het lokale netwerk")


__all__ = [
    "CallForm",
    "LocalNetworkForm",
    "OrganisationForm",
    "RecognitionForm",
    "SiteForm",
    "UserCreateForm",
    "UserEditForm",
]
