"""Outcome, Reason and the reason catalogue: every reason is listed, traced and bilingual."""

from __future__ import annotations

import json
from datetime import date

import pytest

from doorstroom.rules.codes import (
    CONDITION_LABELS_EN,
    CONDITION_LABELS_NL,
    CONDITIONS,
    FRAMEWORKS,
)
from doorstroom.rules.outcome import Outcome, Reason
from doorstroom.rules.params import parameter
from doorstroom.rules.reasons import (
    CATALOGUE,
    LABELLED_PARAMS,
    UnknownReasonCode,
    reason,
    reason_for,
    template_fields,
)

EXPECTED_CODES = {
    "recognition_missing": ("R1", True),
    "transitional_regime_applied": ("R1", False),
    "mandate_required": ("R2", True),
    "mandate_not_active": ("R4", True),
    "framework_not_covered": ("R4", True),
    "esf_project_required": ("R4", True),
    "package_adjusted": ("R6", False),
    "support_still_needed": ("R7", True),
    "chances_unfavourable": ("R7", True),
    "start_date_in_past": ("R9", True),
    "override_reason_required": ("R10", True),
    "partner_not_ranked": ("R10", True),
    "internship_too_long": ("R12", True),
    "internship_outside_trajectory": ("R12", True),
    "outcome_before_start": ("R12", True),
    "internship_result_outside_period": ("R12", True),
    "first_working_day_out_of_range": ("R12", True),
    "date_out_of_range": ("R16", True),
    "condition_not_met": ("R13", True),
    "motivation_missing": ("R13", True),
    "evidence_missing": ("R13", False),
    "digital_dossier_missing": ("R14", True),
    "paper_original_missing": ("R14", True),
    "email_subject_mismatch": ("R14", False),
    "decision_overdue": ("R15", False),
    "national_number_in_url": ("", True),
    "not_inadmissible": ("R15", True),
    "start_date_invalid": ("R3 bis", True),
    "framework_not_granted": ("R13", False),
}


def test_catalogue_has_exactly_the_expected_codes() -> None:
    assert {code: (s.rule, s.blocking) for code, s in CATALOGUE.items()} == EXPECTED_CODES


#: Codes that other rules may emit too, with their own params and wording.
EXPECTED_VARIANTS = {"recognition_missing": ("R4",)}


def test_only_the_expected_codes_have_rule_variants() -> None:
    variants = {code: tuple(v.rule for v in s.variants) for code, s in CATALOGUE.items()}
    assert {code: rules for code, rules in variants.items() if rules} == EXPECTED_VARIANTS


def _templates() -> list[tuple[str, str | None]]:
    return [
        (code, rule)
        for code in sorted(EXPECTED_CODES)
        for rule in (None, *EXPECTED_VARIANTS.get(code, ()))
    ]


@pytest.mark.parametrize(("code", "rule"), _templates())
def test_templates_only_use_declared_params(code: str, rule: str | None) -> None:
    variant = CATALOGUE[code].for_rule(rule)
    derived = {
        f"{p}_{lang}" for p in variant.params if p in LABELLED_PARAMS for lang in ("nl", "en")
    }
    allowed = set(variant.params) | derived
    assert template_fields(variant.template_nl) <= allowed
    assert template_fields(variant.template_en) <= allowed
    assert variant.template_nl != variant.template_en


SAMPLE_PARAMS: dict[str, date | str | int | bool | None] = {
    "received_on": date(2025, 12, 31),
    "transitional_period_end": date(2021, 9, 1),
    "decided_on": date(2024, 1, 2),
    "condition": "quality_management",
    "signatories": 2,
    "signatories_without_eid": 1,
    "subject": "dossier",
    "expected_subject": "Aanvraag mandaat doorstroombegeleiding",
    "due_on": date(2026, 2, 28),
    "on": date(2026, 3, 2),
    "framework": "lde",
    "wage_premium_percent": 40,
    "guidance_level": "low",
    "criterion": "regional_prospects",
    "starts_on": date(2026, 1, 31),
    "ends_on": date(2026, 4, 30),
    "latest_end": date(2026, 4, 29),
    "chosen_rank": 2,
    "partner_id": 7,
    "started_on": date(2026, 1, 5),
    "first": date(2019, 1, 1),
    "last": date(9899, 12, 31),
    "expected_starts_on": date(2026, 2, 1),
    "first_day": date(2019, 1, 1),
    "result": "hired",
    "result_on": date(2026, 6, 1),
    "earliest": date(2026, 2, 1),
    "latest": date(2026, 5, 30),
    "first_working_day": date(2026, 7, 1),
}


@pytest.mark.parametrize(("code", "rule"), _templates())
def test_every_code_builds_a_json_ready_reason(code: str, rule: str | None) -> None:
    params = {name: SAMPLE_PARAMS[name] for name in CATALOGUE[code].for_rule(rule).params}
    built = reason_for(code, rule, **params) if rule else reason(code, **params)
    assert (built.rule, built.blocking) == (
        (rule or EXPECTED_CODES[code][0]),
        EXPECTED_CODES[code][1],
    )
    assert "{" not in built.message_nl and "{" not in built.message_en
    as_dict = built.as_dict("en")
    assert set(as_dict) == {
        "code",
        "rule",
        "message",
        "message_nl",
        "message_en",
        "blocking",
        "params",
    }
    assert as_dict["message"] == built.message_en
    json.dumps(as_dict)


def test_dates_are_iso_in_params_and_readable_in_messages() -> None:
    built = reason("decision_overdue", due_on=date(2026, 2, 28))
    assert built.params == {"due_on": "2026-02-28"}
    assert "28 februari 2026" in built.message()
    assert "28 February 2026" in built.message("en")


@pytest.mark.parametrize("condition", CONDITIONS)
def test_condition_labels_in_messages(condition: str) -> None:
    built = reason("condition_not_met", condition=condition)
    assert CONDITION_LABELS_NL[condition] in built.message_nl
    assert CONDITION_LABELS_EN[condition] in built.message_en
    assert built.params == {"condition": condition}


def test_dutch_condition_labels() -> None:
    assert CONDITION_LABELS_NL == {
        "quality_management": "kwaliteitsvolle bedrijfsvoering",
        "facilities": "nodige faciliteiten",
        "expertise": "professionele deskundigheid",
        "results": "aantoonbare resultaten",
        "methodology": "methodische aanpak",
    }
    assert FRAMEWORKS == ("maatwerk", "lde")


def test_unknown_code_and_wrong_params_are_refused() -> None:
    with pytest.raises(UnknownReasonCode, match="no_such_code"):
        reason("no_such_code")
    with pytest.raises(ValueError, match="missing \\['due_on'\\]"):
        reason("decision_overdue")
    with pytest.raises(ValueError, match="unknown \\['due'\\]"):
        reason("decision_overdue", due_on=date(2026, 1, 1), due=date(2026, 1, 1))


def test_recognition_missing_for_r4_has_its_own_wording() -> None:
    r1 = reason("recognition_missing", received_on=date(2025, 1, 2))
    r4 = reason_for("recognition_missing", "R4", on=date(2025, 1, 2))
    assert (r1.rule, r4.rule) == ("R1", "R4")
    assert r4.code == r1.code == "recognition_missing"
    assert r4.params == {"on": "2025-01-02"} and "partner" in r4.message_nl
    assert reason_for("recognition_missing", "R1", received_on=date(2025, 1, 2)) == r1
    with pytest.raises(ValueError, match="R9"):
        reason_for("recognition_missing", "R9", on=date(2025, 1, 2))
    with pytest.raises(ValueError, match="missing \\['on'\\]"):
        reason_for("recognition_missing", "R4", received_on=date(2025, 1, 2))


@pytest.mark.parametrize(
    ("param", "code", "nl", "en"),
    [
        ("framework", "lde", "Lokale diensteneconomie", "local service economy (LDE)"),
        ("criterion", "employer_continuity", "continuïteit van het maatwerkbedrijf", "continuity"),
        ("guidance_level", "low", "laag", "low"),
    ],
)
def test_code_params_are_labelled_in_messages(param: str, code: str, nl: str, en: str) -> None:
    spec = next(s for s in CATALOGUE.values() if param in s.params)
    params = {name: SAMPLE_PARAMS[name] for name in spec.params} | {param: code}
    built = reason(spec.code, **params)
    assert nl in built.message_nl and en in built.message_en
    assert built.params[param] == code


def test_unsupported_language() -> None:
    with pytest.raises(ValueError, match="fr"):
        reason("digital_dossier_missing").message("fr")


def test_outcome_from_reasons_and_trace() -> None:
    used = parameter("email_subject", date(2025, 1, 1))
    info = reason(
        "email_subject_mismatch", received_on=date(2025, 1, 1), subject="x", expected_subject="y"
    )
    block = reason("digital_dossier_missing")
    allowed = Outcome.from_reasons([info], [used, used])
    assert allowed.allowed and allowed.blocking_reasons == () and allowed.parameters == (used,)
    refused = Outcome.from_reasons([block, info], [used])
    assert not refused.allowed
    assert refused.codes == ("digital_dossier_missing", "email_subject_mismatch")
    assert refused.blocking_reasons == (block,)
    trace = refused.as_trace()
    assert json.loads(json.dumps(trace)) == trace
    assert trace["allowed"] is False
    assert [r["code"] for r in trace["reasons"]] == list(refused.codes)  # type: ignore[attr-defined]
    assert trace["parameters"] == [used.as_dict()]


def test_allowed_outcome_with_blocking_reason_is_contradictory() -> None:
    with pytest.raises(ValueError, match="digital_dossier_missing"):
        Outcome(allowed=True, reasons=(reason("digital_dossier_missing"),))


def test_hand_built_reason_with_a_date_still_traces_as_iso() -> None:
    hand = Reason("x", "R0", "nl", "en", False, {"on": date(2025, 1, 1)})  # type: ignore[dict-item]
    assert hand.as_dict()["params"] == {"on": "2025-01-01"}
