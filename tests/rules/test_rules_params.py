"""R16: dated parameters are loaded from YAML and looked up by the date in force."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from doorstroom.rules import params
from doorstroom.rules.params import (
    PARAMETERS_DIRECTORY,
    ParameterFileError,
    ParameterNotInForce,
    ParameterValue,
    UnknownParameter,
    all_parameters,
    load_parameters,
    parameter,
    parameter_value,
)

EXPECTED_CURRENT = {
    "transitional_period_start": date(2019, 9, 1),
    "transitional_period_end": date(2021, 9, 1),
    "mandate_validity_years": 6,
    "decision_target_months": 2,
    "renewal_reminder_lead_days": 180,
    "email_subject": "Aanvraag mandaat doorstroombegeleiding",
    "cooperation_department_address": (
        "VDAB Centrale diensten\nDienst samenwerking\nKeizerslaan 11\n1000 Brussel"
    ),
    "cooperation_department_email": "mandaatdoorstroom@vdab.be",
    "letter_signature": "Het diensthoofd\nDienst samenwerking\nVDAB Centrale diensten",
    "phase_intake_months": 1,
    "phase_job_matching_months": 3,
    "internship_max_months": 3,
    "phase_aftercare_months": 3,
    "support_package_validity_years": 5,
    "support_package_validity_applies_from": date(2019, 1, 1),
    "wage_premium_min_percent": 40,
    "wage_premium_max_percent": 75,
    "wage_premium_step_percent": 5,
    "fallback_wage_premium_percent": 40,
    "fallback_guidance_level": "low",
    "ranking_weight_proximity": 0.4,
    "ranking_weight_local_network": 0.3,
    "ranking_weight_experience": 0.3,
    "ranking_proximity_zero_km": 60,
    "ranking_local_network_score_municipality": 1.0,
    "ranking_local_network_score_arrondissement": 0.6,
    "ranking_local_network_score_province": 0.3,
    "ranking_local_network_score_none": 0.0,
    "ranking_experience_full_trajectories": 20,
    "ranking_experience_full_years": 6,
    "ranking_experience_full_target_group": 10,
    "decision_due_alert_lead_days": 7,
    "recognition_expiry_reminder_lead_days": 90,
    "package_evaluation_lead_days": 90,
    "retention_years": 10,
    "internship_result_max_days_after_end": 30,
    "first_working_day_max_days_after_outcome": 90,
}


@pytest.mark.parametrize(("name", "expected"), EXPECTED_CURRENT.items())
def test_shipped_values(name: str, expected: object) -> None:
    assert parameter_value(name, date(2025, 12, 31)) == expected
    assert parameter(name, date(2025, 12, 31)).value == expected


def test_exactly_the_expected_parameters_are_shipped() -> None:
    assert set(all_parameters()) == set(EXPECTED_CURRENT)


@pytest.mark.parametrize("name", sorted(EXPECTED_CURRENT))
def test_every_value_in_force_from_2019(name: str) -> None:
    # Evaluation on any date from 2019 on must work (the oldest cases of the system).
    assert parameter(name, date(2019, 1, 1)).in_force_from <= date(2019, 1, 1)


@pytest.mark.parametrize("path", sorted(PARAMETERS_DIRECTORY.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_file_is_documented(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data["description"], str) and data["description"].strip()
    assert data["unit"] in params.UNITS
    assert data["values"]
    for in_force_from, entry in data["values"].items():
        assert isinstance(in_force_from, date)
        assert "value" in entry
        assert isinstance(entry["reference"], str) and entry["reference"].strip()


@pytest.mark.parametrize(
    "name",
    [
        "renewal_reminder_lead_days",
        *sorted(name for name in EXPECTED_CURRENT if name.startswith("ranking_")),
    ],
)
def test_system_choices_are_cited_as_such(name: str) -> None:
    reference = parameter(name, date(2025, 1, 1)).reference
    assert "Choice of this system" in reference


@pytest.mark.parametrize(
    "name", ["phase_intake_months", "phase_job_matching_months", "internship_max_months"]
)
def test_phase_durations_cite_the_implementing_order(name: str) -> None:
    assert "17 februari 2017" in parameter(name, date(2025, 1, 1)).reference


def test_ranking_weights_add_up_to_one() -> None:
    on = date(2025, 1, 1)
    weights = [
        parameter(f"ranking_weight_{f}", on).as_float()
        for f in ("proximity", "local_network", "experience")
    ]
    assert sum(weights) == pytest.approx(1.0)


def test_float_units_accept_whole_numbers_and_refuse_text(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "w",
        "description: d\nunit: weight\nvalues:\n  2019-01-01: {value: 1, reference: r}\n",
    )
    found = load_parameters(tmp_path).parameter("w", date(2020, 1, 1))
    assert found.value == 1.0 and isinstance(found.value, float) and found.as_float() == 1.0
    _write(
        tmp_path,
        "w",
        "description: d\nunit: score\nvalues:\n  2019-01-01: {value: x, reference: r}\n",
    )
    with pytest.raises(ParameterFileError, match="float"):
        load_parameters(tmp_path)


def test_before_the_first_entry_raises() -> None:
    with pytest.raises(ParameterNotInForce, match=r"2018-12-31.*2019-01-01"):
        parameter("mandate_validity_years", date(2018, 12, 31))


def test_on_the_first_entry_date() -> None:
    found = parameter("mandate_validity_years", date(2019, 1, 1))
    assert found == ParameterValue(
        name="mandate_validity_years",
        value=6,
        in_force_from=date(2019, 1, 1),
        reference=found.reference,
    )


def test_unknown_name_raises_a_key_error_with_a_clear_message() -> None:
    with pytest.raises(UnknownParameter) as raised:
        parameter("mandate_validity_yeras", date(2025, 1, 1))
    assert isinstance(raised.value, KeyError)
    assert "mandate_validity_yeras" in str(raised.value)
    assert "mandate_validity_years" in str(raised.value)  # lists the known names


def test_not_in_force_is_a_lookup_error() -> None:
    assert issubclass(ParameterNotInForce, LookupError)


def test_all_parameters_returns_copies() -> None:
    listing = all_parameters()
    listing["email_subject"].clear()
    assert all_parameters()["email_subject"]


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


TWO_VALUES = """\
description: Test parameter whose value changes
unit: months
values:
  2026-01-01:
    value: 3
    reference: "A later amendment"
  2019-01-01:
    value: 2
    reference: "The original text"
"""


@pytest.mark.parametrize(
    ("on", "expected", "in_force_from"),
    [
        (date(2019, 1, 1), 2, date(2019, 1, 1)),
        (date(2025, 12, 31), 2, date(2019, 1, 1)),  # day before the change
        (date(2026, 1, 1), 3, date(2026, 1, 1)),  # day of the change
        (date(2030, 6, 1), 3, date(2026, 1, 1)),
    ],
)
def test_dated_change_on_both_sides(
    tmp_path: Path, on: date, expected: int, in_force_from: date
) -> None:
    _write(tmp_path, "target_months", TWO_VALUES)
    loaded = load_parameters(tmp_path)
    found = loaded.parameter("target_months", on)
    assert (found.value, found.in_force_from) == (expected, in_force_from)
    assert loaded.value("target_months", on) == expected


def test_history_is_sorted_whatever_the_file_order(tmp_path: Path) -> None:
    _write(tmp_path, "target_months", TWO_VALUES)
    history = load_parameters(tmp_path).histories["target_months"]
    assert [entry.value for entry in history] == [2, 3]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a list\n", "mapping"),
        ("unit: days\nvalues:\n  2019-01-01: {value: 1, reference: r}\n", "description"),
        ("description: d\nunit: weeks\nvalues: {}\n", "unit"),
        ("description: d\nunit: days\nvalues: {}\n", "values"),
        ("description: d\nunit: days\nvalues:\n  '2019-01-01': {value: 1, reference: r}\n", "ISO"),
        ("description: d\nunit: days\nvalues:\n  2019-01-01: {value: 1}\n", "reference"),
        ("description: d\nunit: days\nvalues:\n  2019-01-01: {value: 1, reference: ' '}\n", "ref"),
        ("description: d\nunit: days\nvalues:\n  2019-01-01: {value: six, reference: r}\n", "int"),
        ("description: d\nunit: days\nvalues:\n  2019-01-01: {value: true, reference: r}\n", "int"),
        ("description: d\nunit: date\nvalues:\n  2019-01-01: {value: 5, reference: r}\n", "date"),
        ("description: d\nunit: text\nvalues:\n  2019-01-01: {reference: r}\n", "value"),
    ],
)
def test_malformed_files_are_refused_at_load(tmp_path: Path, text: str, message: str) -> None:
    _write(tmp_path, "broken", text)
    with pytest.raises(ParameterFileError, match=message):
        load_parameters(tmp_path)


@pytest.mark.parametrize(
    ("raw", "method"),
    [
        (6, "as_date"),
        ("x", "as_int"),
        (True, "as_int"),
        (date(2025, 1, 1), "as_str"),
        ("x", "as_float"),
        (True, "as_float"),
    ],
)
def test_typed_accessors_refuse_the_wrong_unit(raw: object, method: str) -> None:
    entry = ParameterValue(name="p", value=raw, in_force_from=date(2019, 1, 1), reference="r")
    with pytest.raises(TypeError, match="'p'"):
        getattr(entry, method)()


def test_as_dict_is_json_ready() -> None:
    entry = parameter("transitional_period_end", date(2025, 1, 1))
    assert entry.as_dict() == {
        "name": "transitional_period_end",
        "value": "2021-09-01",
        "in_force_from": "2019-01-01",
        "reference": entry.reference,
    }
