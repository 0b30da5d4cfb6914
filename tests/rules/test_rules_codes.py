"""Stable codes: every code has a Dutch and an English label, target groups match frameworks."""

from __future__ import annotations

import pytest

from doorstroom.rules import codes
from doorstroom.rules.referrals import EmployeeFacts

LABELLED = [
    ("ALL_TARGET_GROUPS", "TARGET_GROUP_LABELS"),
    ("CRITERIA", "CRITERION_LABELS"),
    ("ACTIVITY_KINDS", "ACTIVITY_KIND_LABELS"),
    ("OUTCOME_KINDS", "OUTCOME_KIND_LABELS"),
    ("GUIDANCE_LEVELS", "GUIDANCE_LEVEL_LABELS"),
    ("LOCAL_NETWORK_LEVELS", "LOCAL_NETWORK_LEVEL_LABELS"),
    ("PHASES", "PHASE_LABELS"),
    ("FRAMEWORKS", "FRAMEWORK_LABELS"),
    ("CONDITIONS", "CONDITION_LABELS"),
]


@pytest.mark.parametrize(("codes_name", "labels_name"), LABELLED)
def test_every_code_has_both_labels(codes_name: str, labels_name: str) -> None:
    values = getattr(codes, codes_name)
    assert len(set(values)) == len(values)
    for language in ("NL", "EN"):
        labels = getattr(codes, f"{labels_name}_{language}")
        assert list(labels) == list(values)
        assert all(label.strip() for label in labels.values())


def test_stable_codes_as_in_domain() -> None:
    assert codes.TARGET_GROUPS == {
        "maatwerk": ("work_disability", "psychosocial_limitation", "extremely_vulnerable"),
        "lde": ("distance_to_labour_market",),
    }
    assert tuple(codes.TARGET_GROUPS) == codes.FRAMEWORKS
    assert codes.CRITERIA == ("personal_situation", "employer_continuity", "regional_prospects")
    assert codes.ACTIVITY_KINDS == (
        "guidance",
        "job_search",
        "employer_contact",
        "internship_support",
        "aftercare",
    )
    assert codes.OUTCOME_KINDS == ("hired", "returned", "stopped")
    assert codes.GUIDANCE_LEVELS == ("low", "medium", "high")
    assert codes.LOCAL_NETWORK_LEVELS == ("municipality", "arrondissement", "province", "none")
    assert codes.PHASES == ("intake", "job_matching", "aftercare")
    assert codes.PHASE_LABELS_NL["intake"].startswith("voortraject")
    assert codes.PHASE_LABELS_NL["aftercare"] == "nazorg"
    assert codes.INTERNSHIP_LABEL_NL == "stage"


@pytest.mark.parametrize(
    ("framework", "target_group", "message"),
    [
        ("maatwerk", "distance_to_labour_market", "not one of maatwerk"),
        ("lde", "work_disability", "not one of lde"),
        ("custom", "work_disability", "Unknown framework"),
    ],
)
def test_employee_target_group_must_fit_the_framework(
    framework: str, target_group: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        EmployeeFacts(framework, (target_group,), "44021", "44000", "40000", None)
