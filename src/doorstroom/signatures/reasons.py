"""Why a signature does not count as an eID signature (stable codes, Dutch text first)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

#: Document level: the PDF's signatures could not be read at all.
UNREADABLE = "signatures_unreadable"
#: Signature level, in the order they are judged: the first that applies is the reason.
SIGNATURE_UNREADABLE = "signature_unreadable"
TAMPERED = "signature_tampered"
MODIFIED_AFTER_SIGNING = "signature_modified_after_signing"
UNTRUSTED = "signature_untrusted"
CERTIFICATE_INVALID = "signature_certificate_invalid"
NOT_A_SIGNATORY = "signer_not_signatory"

MESSAGES: dict[str, Promise] = {
    UNREADABLE: _(
        "De handtekeningen in dit PDF-bestand konden niet gelezen worden. Het bestand is "
        "bewaard, maar telt niet als ondertekend met eID."
    ),
    SIGNATURE_UNREADABLE: _(
        "Deze handtekening kon niet gelezen of gecontroleerd worden en telt daarom niet."
    ),
    TAMPERED: _(
        "De handtekening klopt niet met de inhoud: het document is na het ondertekenen "
        "gewijzigd of beschadigd. Deze handtekening telt niet."
    ),
    MODIFIED_AFTER_SIGNING: _(
        "Het document is na deze handtekening nog gewijzigd (meer dan extra handtekeningen of "
        "ingevulde formuliervelden). Deze handtekening telt niet."
    ),
    UNTRUSTED: _(
        "Het certificaat van de ondertekenaar is niet uitgegeven onder een vertrouwd "
        "eID-basiscertificaat (onbekende of niet-vertrouwde uitgever). Deze handtekening telt "
        "niet."
    ),
    CERTIFICATE_INVALID: _(
        "Het certificaat van de ondertekenaar is niet geldig (verlopen, ingetrokken of niet "
        "bestemd voor handtekeningen). Deze handtekening telt niet."
    ),
    NOT_A_SIGNATORY: _(
        "Geldige handtekening, maar de naam van de ondertekenaar komt niet (eenduidig) overeen "
        "met een ondertekenaar van deze aanvraag. Ze telt niet voor de eID-regel."
    ),
}


def message(code: str) -> str:
    return str(MESSAGES[code]) if code in MESSAGES else ""


#: A short label per outcome for tags (text, not only colour) and its state colour code.
LABELS: dict[str, tuple[str, Promise]] = {
    "": ("approved", _("geldige eID-handtekening")),
    SIGNATURE_UNREADABLE: ("rejected", _("onleesbaar")),
    TAMPERED: ("rejected", _("gewijzigd of beschadigd")),
    MODIFIED_AFTER_SIGNING: ("rejected", _("gewijzigd na ondertekening")),
    UNTRUSTED: ("rejected", _("niet vertrouwd")),
    CERTIFICATE_INVALID: ("rejected", _("certificaat ongeldig")),
    NOT_A_SIGNATORY: ("incomplete", _("geen ondertekenaar van de aanvraag")),
}


def label(code: str) -> tuple[str, str]:
    state, text = LABELS.get(code, ("rejected", _("telt niet")))
    return state, str(text)
