"""The reason catalogue: one place for every reason code's rule, weight and wording.

Why one catalogue: reason codes are stable identifiers stored in decision traces and shown to
applicants and reviewers (DOMAIN.md, "Stable codes"). Defining the rule id, whether the reason
blocks, and the Dutch and English wording once means the API, the screens and the e-mails all
say the same thing, and a change in wording is made in one place.

Templates use ``{placeholders}`` filled from the reason's params. For convenience two kinds of
param get a readable rendering in the message while the stored param stays machine-readable:

* a ``date`` is stored as an ISO string and written "31 december 2025" / "31 December 2025";
* a ``condition`` code is stored as the code and available as ``{condition_nl}`` /
  ``{condition_en}`` (the source's Dutch wording, e.g. "kwaliteitsvolle bedrijfsvoering");
  likewise ``framework``, ``criterion``, ``guidance_level`` and ``result`` (see
  ``LABELLED_PARAMS``).

A code belongs to one rule, but the same fact can block under another rule: a missing DWSE
recognition makes an application inadmissible (R1) and a partner ineligible for referral (R4).
Such a code carries a :class:`RuleVariant` per extra rule, with that rule's params and wording,
and ``reason_for(code, "R4", ...)`` picks it.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from doorstroom.rules.codes import (
    CONDITION_LABELS_EN,
    CONDITION_LABELS_NL,
    CRITERION_LABELS_EN,
    CRITERION_LABELS_NL,
    FRAMEWORK_LABELS_EN,
    FRAMEWORK_LABELS_NL,
    GUIDANCE_LEVEL_LABELS_EN,
    GUIDANCE_LEVEL_LABELS_NL,
    INTERNSHIP_RESULT_LABELS_EN,
    INTERNSHIP_RESULT_LABELS_NL,
)
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


#: Code-valued params that get a readable label in messages: ``{<param>_nl}``/``{<param>_en}``.
LABELLED_PARAMS: dict[str, tuple[Mapping[str, str], Mapping[str, str]]] = {
    "condition": (CONDITION_LABELS_NL, CONDITION_LABELS_EN),
    "framework": (FRAMEWORK_LABELS_NL, FRAMEWORK_LABELS_EN),
    "criterion": (CRITERION_LABELS_NL, CRITERION_LABELS_EN),
    "guidance_level": (GUIDANCE_LEVEL_LABELS_NL, GUIDANCE_LEVEL_LABELS_EN),
    "result": (INTERNSHIP_RESULT_LABELS_NL, INTERNSHIP_RESULT_LABELS_EN),
}


@dataclass(frozen=True)
class RuleVariant:
    """The same reason code used by another rule, with that rule's params and wording."""

    rule: str
    params: tuple[str, ...]
    template_nl: str
    template_en: str


@dataclass(frozen=True)
class ReasonSpec:
    """Catalogue entry: rule id, blocking default, accepted params and message templates.

    ``variants`` lets another rule emit the same code (same blocking weight) with its own params
    and wording; see :func:`reason_for`.
    """

    code: str
    rule: str
    blocking: bool
    params: tuple[str, ...]
    template_nl: str
    template_en: str
    variants: tuple[RuleVariant, ...] = ()

    def for_rule(self, rule: str | None) -> RuleVariant:
        """The params and wording of this code under ``rule`` (``None``: its own rule)."""
        if rule is None or rule == self.rule:
            return RuleVariant(self.rule, self.params, self.template_nl, self.template_en)
        for variant in self.variants:
            if variant.rule == rule:
                return variant
        known = [self.rule, *(v.rule for v in self.variants)]
        raise ValueError(f"Reason {self.code!r} is not used by rule {rule!r}; rules: {known}")


CATALOGUE: dict[str, ReasonSpec] = {
    spec.code: spec
    for spec in (
        ReasonSpec(
            code="date_out_of_range",
            rule="R16",
            blocking=True,
            params=("on", "first", "last"),
            template_nl=(
                "De datum {on} valt buiten het bereik van {first} tot en met {last}. Het "
                "systeem kent geen procedure vóór {first} en geen datum zo ver in de toekomst."
            ),
            template_en=(
                "The date {on} lies outside the range from {first} to {last}. The system holds "
                "no procedure before {first} and no date that far ahead."
            ),
        ),
        ReasonSpec(
            code="national_number_in_url",
            rule="",
            blocking=True,
            params=(),
            template_nl=(
                "Een rijksregisternummer hoort niet in een URL of zoekopdracht in de adresbalk: "
                "zoek op rijksregisternummer met POST /api/v1/employees/search/ of met het "
                "zoekformulier."
            ),
            template_en=(
                "A national number does not belong in a URL or query string: search by national "
                "number with POST /api/v1/employees/search/ or with the search form."
            ),
        ),
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
            variants=(
                RuleVariant(
                    rule="R4",
                    params=("on",),
                    template_nl=(
                        "De partner heeft op {on} geen geldige erkenning als dienstverlener bij "
                        "DWSE (label en registratie). Zonder erkenning kan VDAB niet naar deze "
                        "partner toeleiden."
                    ),
                    template_en=(
                        "On {on} the partner holds no valid DWSE recognition as a service "
                        "provider (label and registration). Without it VDAB cannot refer "
                        "employees to this partner."
                    ),
                ),
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
            code="mandate_not_active",
            rule="R4",
            blocking=True,
            params=("on",),
            template_nl=(
                "De partner heeft op {on} geen geldig mandaat doorstroombegeleiding van VDAB."
            ),
            template_en=(
                "On {on} the partner holds no valid VDAB mandate for transition guidance."
            ),
        ),
        ReasonSpec(
            code="framework_not_covered",
            rule="R4",
            blocking=True,
            params=("framework",),
            template_nl=(
                "Geen geldig mandaat van de partner dekt het kader van de werknemer "
                "({framework_nl})."
            ),
            template_en=(
                "None of the partner's valid mandates covers the employee's framework "
                "({framework_en})."
            ),
        ),
        ReasonSpec(
            code="esf_project_required",
            rule="R4",
            blocking=True,
            params=("on",),
            template_nl=(
                "De partner heeft op {on} geen goedgekeurd en lopend project binnen de oproep "
                "doorstroombegeleiding van ESF Vlaanderen."
            ),
            template_en=(
                "On {on} the partner has no approved project running under ESF Vlaanderen's "
                "call for transition guidance."
            ),
        ),
        ReasonSpec(
            code="package_adjusted",
            rule="R6",
            blocking=False,
            params=("wage_premium_percent", "guidance_level"),
            template_nl=(
                "Het werkondersteuningspakket is aangepast: loonpremie {wage_premium_percent} %, "
                "begeleidingspremie {guidance_level_nl}. Het vorige pakket blijft bewaard."
            ),
            template_en=(
                "The work support package was adjusted: wage premium {wage_premium_percent}%, "
                "guidance premium {guidance_level_en}. The previous package is kept."
            ),
        ),
        ReasonSpec(
            code="support_still_needed",
            rule="R7",
            blocking=True,
            params=(),
            template_nl=(
                "De doelgroepwerknemer heeft nog behoefte aan werkondersteunende maatregelen; "
                "doorstroom kan niet beslist worden."
            ),
            template_en=(
                "The target-group employee still needs support measures; transition cannot be "
                "decided."
            ),
        ),
        ReasonSpec(
            code="chances_unfavourable",
            rule="R7",
            blocking=True,
            params=("criterion",),
            template_nl=(
                "De kansen op doorstroom zijn niet gunstig voor het criterium '{criterion_nl}'."
            ),
            template_en=(
                "The chances of transition are not favourable on the criterion '{criterion_en}'."
            ),
        ),
        ReasonSpec(
            code="start_date_in_past",
            rule="R9",
            blocking=True,
            params=("starts_on",),
            template_nl=(
                "De gevraagde startdatum van het doorstroomtraject ({starts_on}) ligt in het "
                "verleden; kies vandaag of een latere datum."
            ),
            template_en=(
                "The requested start date of the trajectory ({starts_on}) is in the past; "
                "choose today or a later date."
            ),
        ),
        ReasonSpec(
            code="override_reason_required",
            rule="R10",
            blocking=True,
            params=("chosen_rank",),
            template_nl=(
                "De gekozen partner staat op plaats {chosen_rank} in de rangschikking, niet op de "
                "eerste plaats. Geef schriftelijk de reden voor die keuze."
            ),
            template_en=(
                "The chosen partner is ranked {chosen_rank}, not first. Give a written reason "
                "for this choice."
            ),
        ),
        ReasonSpec(
            code="partner_not_ranked",
            rule="R10",
            blocking=True,
            params=("partner_id",),
            template_nl=(
                "De gekozen partner komt niet voor in de rangschikking voor deze werknemer."
            ),
            template_en="The chosen partner does not appear in the ranking for this employee.",
        ),
        ReasonSpec(
            code="internship_too_long",
            rule="R12",
            blocking=True,
            params=("starts_on", "ends_on", "latest_end"),
            template_nl=(
                "De stage van {starts_on} tot {ends_on} is te lang: een stage die op "
                "{starts_on} begint, mag uiterlijk tot {latest_end} lopen."
            ),
            template_en=(
                "The internship from {starts_on} to {ends_on} is too long: an internship "
                "starting on {starts_on} may last until {latest_end} at the latest."
            ),
        ),
        ReasonSpec(
            code="internship_outside_trajectory",
            rule="R12",
            blocking=True,
            params=("starts_on", "ends_on"),
            template_nl=(
                "De stage van {starts_on} tot {ends_on} valt niet binnen de looptijd van het "
                "doorstroomtraject."
            ),
            template_en=(
                "The internship from {starts_on} to {ends_on} does not fall within the trajectory."
            ),
        ),
        ReasonSpec(
            code="outcome_before_start",
            rule="R12",
            blocking=True,
            params=("on", "started_on"),
            template_nl=(
                "De uitkomst ({on}) ligt vóór de start van het doorstroomtraject ({started_on})."
            ),
            template_en=(
                "The outcome ({on}) is dated before the start of the trajectory ({started_on})."
            ),
        ),
        ReasonSpec(
            code="internship_result_outside_period",
            rule="R12",
            blocking=True,
            params=("result", "result_on", "earliest", "latest"),
            template_nl=(
                "Het resultaat van de stage ({result_nl}) kan niet op {result_on} vallen: het kan "
                "geregistreerd worden van {earliest} tot en met {latest}."
            ),
            template_en=(
                "The internship's result ({result_en}) cannot be dated {result_on}: it can be "
                "recorded from {earliest} up to and including {latest}."
            ),
        ),
        ReasonSpec(
            code="first_working_day_out_of_range",
            rule="R12",
            blocking=True,
            params=("first_working_day", "earliest", "latest"),
            template_nl=(
                "De eerste werkdag bij de reguliere werkgever ({first_working_day}) ligt niet "
                "tussen {earliest} en {latest}."
            ),
            template_en=(
                "The first working day with the regular employer ({first_working_day}) is not "
                "between {earliest} and {latest}."
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
            code="start_date_invalid",
            rule="R3 bis",
            blocking=True,
            params=("starts_on", "expected_starts_on"),
            template_nl=(
                "De startdatum {starts_on} kan niet: dit mandaat start op {expected_starts_on}. "
                "Een mandaat start op de dag van de beslissing; een vernieuwing die beslist wordt "
                "terwijl het vorige mandaat nog loopt, start de dag na de laatste dag van dat "
                "mandaat."
            ),
            template_en=(
                "The start date {starts_on} is not possible: this mandate starts on "
                "{expected_starts_on}. A mandate starts on its decision date; a renewal decided "
                "while the previous mandate still runs starts the day after that mandate's last "
                "day."
            ),
        ),
        ReasonSpec(
            code="framework_not_granted",
            rule="R13",
            blocking=False,
            params=("framework",),
            template_nl=(
                "Het mandaat dekt het kader {framework_nl} niet: de professionele deskundigheid "
                "met de doelgroepen van dat kader werd niet aangetoond."
            ),
            template_en=(
                "The mandate does not cover the framework {framework_en}: professional expertise "
                "with that framework's target groups was not shown."
            ),
        ),
        ReasonSpec(
            code="not_inadmissible",
            rule="R15",
            blocking=True,
            params=(),
            template_nl=(
                "Het dossier kan niet onontvankelijk verklaard worden: het is volledig (R14) en "
                "ontvankelijk (R1). Beslis over de vijf formele voorwaarden."
            ),
            template_en=(
                "The dossier cannot be declared inadmissible: it is complete (R14) and admissible "
                "(R1). Decide on the five formal conditions."
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
        if key in LABELLED_PARAMS and isinstance(val, str):
            labels_nl, labels_en = LABELLED_PARAMS[key]
            nl[f"{key}_nl"] = labels_nl.get(val, val)
            en[f"{key}_en"] = labels_en.get(val, val)
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
    return _build(code, None, params)


def reason_for(code: str, rule: str, /, **params: date | str | int | bool | None) -> Reason:
    """Like :func:`reason`, for ``code`` emitted by another ``rule`` than its own.

    ``reason_for("recognition_missing", "R4", on=day)`` uses the code's R4 variant: its params
    and wording, with ``rule="R4"`` on the reason. A rule the code has no variant for is
    refused (``ValueError``); the code's own rule gives the same as :func:`reason`.
    Positional-only ``code`` and ``rule``, so that ``**params`` can never be taken for them.
    """
    return _build(code, rule, params)


def _build(
    code: str, rule: str | None, params: Mapping[str, date | str | int | bool | None]
) -> Reason:
    spec = CATALOGUE.get(code)
    if spec is None:
        raise UnknownReasonCode(
            f"Unknown reason code {code!r}; known codes: {', '.join(sorted(CATALOGUE))}"
        )
    variant = spec.for_rule(rule)
    missing = sorted(set(variant.params) - set(params))
    unknown = sorted(set(params) - set(variant.params))
    if missing or unknown:
        raise ValueError(
            f"Reason {code!r} ({variant.rule}) takes params {list(variant.params)}; "
            f"missing {missing}, unknown {unknown}"
        )
    nl, en = _renderings(params)
    return Reason(
        code=spec.code,
        rule=variant.rule,
        message_nl=variant.template_nl.format_map(nl),
        message_en=variant.template_en.format_map(en),
        blocking=spec.blocking,
        params={key: _stored(val) for key, val in params.items()},
    )


def template_fields(template: str) -> set[str]:
    """Names used as ``{placeholders}`` in a template (used by the catalogue's own tests)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
