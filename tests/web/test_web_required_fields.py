"""A field the service requires is never labelled "(optioneel)"; a field an earlier answer makes
required says under which answer (data-required-when, revealed by app.js); every error message
names its field, so the error summary never repeats one message for three fields."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django import forms
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation

from doorstroom.rules.codes import CONDITION_LABELS_NL
from doorstroom.web.applicant.forms import OutcomeForm, SignatoriesForm
from doorstroom.web.consultant.forms import EvaluationForm, ReferralForm
from doorstroom.web.esf.forms import ProjectDecisionForm
from doorstroom.web.reviewer.forms import DecisionForm
from doorstroom.web.templatetags.doorstroom import is_optional
from tests import pinned_clock

pytestmark = pinned_clock.on("2026-03-16")


@pytest.fixture(autouse=True)
def _dutch() -> Iterator[None]:
    """Forms built outside a request: in the administrative language, whatever ran before."""
    with translation.override("nl-be"):
        yield


def label_of(field: forms.BoundField) -> str:
    return render_to_string("web/components/field.html", {"field": field})


def required_by_service() -> list[tuple[str, forms.BoundField, str | None]]:
    """(what, bound field, the answer that makes it required, or None: always)."""
    evaluation = EvaluationForm()
    referral = ReferralForm(partners=[(11, "Eerste vzw"), (12, "Tweede vzw")])
    outcome = OutcomeForm()
    decision = ProjectDecisionForm()
    signatories = SignatoriesForm(rows=2)
    return [
        *(
            (f"evaluation {code}", evaluation[f"{code}_motivation"], None)
            for code in ("personal_situation", "employer_continuity", "regional_prospects")
        ),
        ("override reason", referral["override_reason"], "partner!=11"),
        ("outcome enterprise number", outcome["employer_enterprise_number"], "kind=hired"),
        ("outcome reason", outcome["reason"], "kind=stopped"),
        ("ESF start", decision["starts_on"], "approved=yes"),
        ("ESF end", decision["ends_on"], "approved=yes"),
        ("first signatory", signatories["name_1"], None),
    ]


@pytest.mark.parametrize("index", range(9))
def test_a_field_the_service_requires_is_not_optional(index: int) -> None:
    what, field, when = required_by_service()[index]
    assert not is_optional(field), what
    html = label_of(field)
    assert "(optioneel)" not in html, what
    if when:
        assert f'data-required-when="{when}"' in html, what
    else:
        assert "data-required" in html, what


def test_optional_fields_still_say_so() -> None:
    outcome = OutcomeForm()
    assert "(optioneel)" in label_of(outcome["employer_name"])
    assert "(optioneel)" in label_of(SignatoriesForm(rows=2)["name_2"])


def test_without_partners_no_reason_is_asked() -> None:
    referral = ReferralForm(partners=[])
    assert "data-required-when" not in label_of(referral["override_reason"])


def test_the_error_summary_never_repeats_a_line() -> None:
    form = DecisionForm(
        data={"decided_on": "2026-03-16"}, condition_labels=dict(CONDITION_LABELS_NL)
    )
    form.is_valid()
    html = Template("{% load doorstroom %}{% error_summary form %}").render(Context({"form": form}))
    items = html.split("<li>")[1:]
    assert len(items) == len(set(items)) >= 6


def test_reveal_rules_are_well_formed() -> None:
    """app.js reads `name=value` or `name!=value`; the name is a field of the same form."""
    for _, field, when in required_by_service():
        if when:
            name = when.replace("!=", "=").split("=")[0]
            assert name in field.form.fields, when
            assert list(field.form.fields).index(name) < list(field.form.fields).index(
                field.name
            ), f"{field.name} is not under the answer {name}"


def test_a_partner_reads_reasons_without_rule_ids() -> None:
    """Technical words stay out of a partner's pages: the sentence, not "R14"."""
    from types import SimpleNamespace

    reasons = [{"rule": "R14", "message_nl": "Een handtekening ontbreekt.", "message": "x"}]
    for role, shown in (("applicant", False), ("reviewer", True), ("consultant", True)):
        html = render_to_string(
            "web/components/reasons.html",
            {"reasons": reasons, "user": SimpleNamespace(role=role), "LANGUAGE_CODE": "nl-be"},
        )
        assert "Een handtekening ontbreekt." in html
        assert ("R14" in html) is shown, role
