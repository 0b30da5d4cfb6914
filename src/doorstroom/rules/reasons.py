"""The reason catalogue: one place for every reason code's rule, weight and wording.

Why one catalogue: reason codes are stable identifiers stored in decision traces and shown to
applicants and reviewers (DOMAIN.md, "Stable codes"). Defining the rule id, whether the reason
blocks, and the Dutch and English wording once means the API, the screens and the e-mails all
say the same thing, and a change in wording is made in one place.

Templates use ``{placeholders}`` filled from the reason's params. For convenience two kinds of
param get a readable rendering in the message while the stored param stays machine-readable:

* a ``date`` is stored as an ISO string and written "31 december 2025" / "31 December 2025";
* a ``condition`` code is stored as the code and available as ``{condition_nl}`` /
  ``{condition_en}`` (the source's Dutch wording, e.g. "kwaliteitsvolle bedrijfsvoering").
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from doorstroom.rules.codes import CONDITION_LABELS_EN, CONDITION_LABELS_NL
from doorstroom.rules.outcome import ParamValue, Reason

MONTHS_NL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class UnknownReasonCode(KeyError):
    """The code is not in the catalogue (a programming error)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class ReasonSpec:
    """Catalogue entry: rule id, blocking default, accepted params and message templates."""

    code: str
    rule: str
    blocking: bool
    params: tuple[str, ...]
    template_nl: str
    template_en: str


CATALOGUE: dict[str, ReasonSpec] = {
    spec.code: spec
    for spec in (
        ReasonSpec(
            code="recognition_missing",
            rule="R1",
            blocking=True,
            params=("received_on",),
            template_nl=(
                "De organisatie heeft geen erkenning als dienstverlener bij DWSE (label en "
                "registratie) die geldig is op {received_on}, de dag waarop de aanvraag werd "
                "ontvangen. Die erkenning is een voorwaarde voor elke aanvraag."
            ),
            template_en=(
                "The organisation holds no DWSE recognition as a service provider (label and "
                "registration) valid on {received_on}, the day the application was received. "
                "That recognition is required for every application."
            ),
        ),
        ReasonSpec(
            code="transitional_regime_applied",
            rule="R1",
            blocking=False,
            params=("received_on", "transitional_period_end"),
            template_nl=(
                "De overgangsregeling voor huidige deelnemers is toegepast: de aanvraag werd "
                "ontvangen op {received_on}, binnen de overgangsperiode die afloopt op "
                "{transitional_period_end}. Een erkenning als dienstverlener bij DWSE is daarom "
                "nog niet vereist."
            ),
            template_en=(
                "The transitional regime for current participants was applied: the application "
                "was received on {received_on}, within the transitional period that ends on "
                "{transitional_period_end}. A DWSE recognition as a service provider is therefore "
                "not yet required."
            ),
        ),
        ReasonSpec(
            code="mandate_required",
            rule="R2",
            blocking=True,
            params=("decided_on",),
            template_nl=(
                "Het projectvoorstel kan niet goedgekeurd worden: de organisatie heeft op "
                "{decided_on} geen goedgekeurd en geldig mandaat doorstroombegeleiding van VDAB."
            ),
            template_en=(
                "The project proposal cannot be approved: on {decided_on} the organisation has "
                "no approved, valid VDAB mandate for transition guidance."
            ),
        ),
        ReasonSpec(
            code="condition_not_met",
            rule="R13",
            blocking=True,
            params=("condition",),
            template_nl="Aan de formele voorwaarde '{condition_nl}' is niet voldaan.",
            template_en="The formal condition '{condition_en}' is not met.",
        ),
        ReasonSpec(
            code="motivation_missing",
            rule="R13",
            blocking=True,
            params=("condition",),
            template_nl=(
                "Het oordeel over de formele voorwaarde '{condition_nl}' heeft nog geen motivering."
            ),
            template_en="The judgement on the formal condition '{condition_en}' has no motivation.",
        ),
        ReasonSpec(
            code="evidence_missing",
            rule="R13",
            blocking=False,
            params=("condition",),
            template_nl=(
                "Voor de formele voorwaarde '{condition_nl}' werd geen bewijsstuk opgeladen. "
                "Controleer of het bewijs in het ingediende dossier staat."
            ),
            template_en=(
                "No evidence was uploaded for the formal condition '{condition_en}'. Check "
                "whether the evidence is in the submitted dossier."
            ),
        ),
        ReasonSpec(
            code="digital_dossier_missing",
            rule="R14",
            blocking=True,
            params=(),
            template_nl="Het volledige ingescande dossier is nog niet per e-mail ontvangen.",
            template_en="The complete scanned dossier has not yet been received by e-mail.",
        ),
        ReasonSpec(
            code="paper_original_missing",
            rule="R14",
            blocking=True,
            params=("signatories", "signatories_without_eid"),
            # The counts stay in the params (for screens), not in the text: with an empty
            # signatory list "0 of 0" would read as nonsense.
            template_nl=(
                "Het ondertekende origineel is nog niet per aangetekende brief ontvangen. Dat is "
                "nodig omdat niet alle partijen via eID getekend hebben."
            ),
            template_en=(
                "The signed original has not yet been received by registered letter. It is "
                "needed because not all parties signed with eID."
            ),
        ),
        ReasonSpec(
            code="email_subject_mismatch",
            rule="R14",
            blocking=False,
            params=("received_on", "subject", "expected_subject"),
            template_nl=(
                "De e-mail van {received_on} heeft als onderwerp '{subject}' in plaats van "
                "'{expected_subject}'. De e-mail is wel geregistreerd."
            ),
            template_en=(
                "The e-mail of {received_on} has the subject '{subject}' instead of "
                "'{expected_subject}'. The e-mail has been recorded nonetheless."
            ),
        ),
        ReasonSpec(
            code="decision_overdue",
            rule="R15",
            blocking=False,
            params=("due_on",),
            template_nl=(
                "De beoordeling is over tijd: de streefdatum was {due_on} en er is nog geen "
                "beslissing."
            ),
            template_en=(
                "The review is overdue: the target date was {due_on} and there is no decision yet."
            ),
        ),
    )
}


def _date_nl(d: date) -> str:
    return f"{d.day} {MONTHS_NL[d.month - 1]} {d.year}"


def _date_en(d: date) -> str:
    # Not strftime("%B"): that follows the process locale, and traces must not depend on it.
    return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"


def _renderings(params: Mapping[str, object]) -> tuple[dict[str, object], dict[str, object]]:
    nl: dict[str, object] = {}
    en: dict[str, object] = {}
    for key, val in params.items():
        if isinstance(val, date):
            nl[key], en[key] = _date_nl(val), _date_en(val)
        else:
            nl[key] = en[key] = val
        if key == "condition" and isinstance(val, str):
            nl["condition_nl"] = CONDITION_LABELS_NL.get(val, val)
            en["condition_en"] = CONDITION_LABELS_EN.get(val, val)
    return nl, en


def _stored(val: object) -> ParamValue:
    if isinstance(val, datetime):
        raise TypeError("Reason params take dates, not datetimes (rules have no time of day)")
    if isinstance(val, date):
        return val.isoformat()
    if val is None or isinstance(val, str | int | bool):
        return val
    raise TypeError(f"Reason param of type {type(val).__name__} is not JSON-ready")


def reason(code: str, **params: date | str | int | bool | None) -> Reason:
    """Build the :class:`Reason` for ``code`` from the catalogue, filling in its messages.

    Why strict about params: the catalogue declares exactly which params each code takes, so a
    typo in a rule fails in the tests instead of producing a message with a hole in it.
    """
    spec = CATALOGUE.get(code)
    if spec is None:
        raise UnknownReasonCode(
            f"Unknown reason code {code!r}; known codes: {', '.join(sorted(CATALOGUE))}"
        )
    missing = sorted(set(spec.params) - set(params))
    unknown = sorted(set(params) - set(spec.params))
    if missing or unknown:
        raise ValueError(
            f"Reason {code!r} takes params {list(spec.params)}; "
            f"missing {missing}, unknown {unknown}"
        )
    nl, en = _renderings(params)
    return Reason(
        code=spec.code,
        rule=spec.rule,
        message_nl=spec.template_nl.format_map(nl),
        message_en=spec.template_en.format_map(en),
        blocking=spec.blocking,
        params={key: _stored(val) for key, val in params.items()},
    )


def template_fields(template: str) -> set[str]:
    """Names used as ``{placeholders}`` in a template (used by the catalogue's own tests)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
