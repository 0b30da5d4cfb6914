from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from doorstroom.registers.reading import Unreadable


class RegisterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Registerbestand"),
        help_text=_(
            "Excel (.xlsx) met een tabblad per register, of een CSV-bestand genoemd naar "
            "één register (bv. werknemers.csv)."
        ),
        error_messages={"required": _("Kies het registerbestand.")},
    )
    dry_run = forms.BooleanField(
        label=_("Alleen controleren (proefimport: er wordt niets bewaard)"),
        required=False,
        initial=True,
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Kies een .xlsx- of .csv-bestand."))
        if upload.size > settings.EVIDENCE_MAX_BYTES:
            raise forms.ValidationError(_("Het bestand is te groot."))
        return upload


__all__ = ["RegisterUploadForm", "Unreadable"]
