from __future__ import annotations

from django import forms
from django.conf import settings

from doorstroom.registers.reading import Unreadable


class RegisterUploadForm(forms.Form):
    file = forms.FileField(
        label="Registerbestand",
        help_text="Excel (.xlsx) met een tabblad per register, of een CSV-bestand genoemd naar "
        "één register (bv. werknemers.csv).",
        error_messages={"required": "Kies het registerbestand."},
    )
    dry_run = forms.BooleanField(
        label="Alleen controleren (proefimport: er wordt niets bewaard)",
        required=False,
        initial=True,
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError("Kies een .xlsx- of .csv-bestand.")
        if upload.size > settings.EVIDENCE_MAX_BYTES:
            raise forms.ValidationError("Het bestand is te groot.")
        return upload


__all__ = ["RegisterUploadForm", "Unreadable"]
