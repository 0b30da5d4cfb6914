"""The consultant's pages through the Django test client: access, forms, rules, privacy log."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from doorstroom.accounts.models import User
from doorstroom.common import clock
from doorstroom.employees.models import Employee, Evaluation
from doorstroom.employees.services import PackageInput, employee_create, evaluation_create
from doorstroom.organisations import services as organisations
from doorstroom.organisations.models import Organisation
from doorstroom.privacy.models import AccessLog
from doorstroom.referrals.models import Referral
from doorstroom.referrals.services import referral_create
from doorstroom.trajectories.models import Trajectory
from doorstroom.trajectories.services import trajectory_start
from tests.factories import NATIONAL_NUMBER, enterprise_number, make_partner

pytestmark = pytest.mark.django_db

FORMATTED = "85.07.30-033.28"
MASKED = "85.07.30-***.**"
CRITERIA = ("personal_situation", "employer_continuity", "regional_prospects")
FAVOURABLE = {c: {"favourable": True, "motivation": "Gunstig, goed gemotiveerd."} for c in CRITERIA}


def favourable_form(**extra: str) -> dict[str, str]:
    data = {
        "evaluated_on": clock.today().isoformat(),
        "needs_support": "no",
        "package_still_correct": "yes",
        "transition_starts_on": "",
    }
    for code in CRITERIA:
        data[f"{code}_favourable"] = "yes"
        data[f"{code}_motivation"] = "Gunstig: motivatie en competenties aanwezig."
    data.update(extra)
    return data


@pytest.fixture
def employer(db: Any) -> Organisation:
    return organisations.organisation_create(
        enterprise_number=enterprise_number(6_100_001),
        name="Maatwerkbedrijf Gent",
        postal_code="9000",
    )


@pytest.fixture
def employee(employer: Organisation) -> Employee:
    return employee_create(
        national_number=NATIONAL_NUMBER,
        given_name="Sofie",
        family_name="Claes",
        postal_code="9000",
        employer=employer,
        framework="maatwerk",
        target_group="work_disability",
        hired_on=date(2020, 3, 1),
        package=PackageInput(wage_premium_percent=60, guidance_level="medium"),
    )


@pytest.fixture
def partners(db: Any) -> tuple[Organisation, Organisation]:
    near = make_partner("Dichtbij Gent vzw", "9000", network=("44021",))
    far = make_partner("Ver weg Hasselt vzw", "3500")
    return near, far


@pytest.fixture
def consultant(make_user: Any) -> User:
    user: User = make_user("consultant")
    return user


@pytest.fixture
def client_for(make_user: Any) -> Any:
    def make(role: str, organisation: Organisation | None = None) -> Client:
        client = Client()
        client.force_login(make_user(role, organisation))
        return client

    return make


@pytest.fixture
def web(consultant: User) -> Client:
    client = Client()
    client.force_login(consultant)
    return client


@pytest.fixture
def evaluation(employee: Employee, consultant: User) -> Evaluation:
    return evaluation_create(
        employee=employee,
        evaluated_on=clock.today(),
        needs_support=False,
        package_still_correct=True,
        criteria=FAVOURABLE,
        consultant=consultant,
    )


@pytest.fixture
def referral(evaluation: Evaluation, partners: Any, consultant: User) -> Referral:
    return referral_create(
        evaluation=evaluation,
        partner=partners[0],
        referred_on=clock.today(),
        consultant=consultant,
    )


@pytest.fixture
def trajectory(referral: Referral) -> Trajectory:
    return trajectory_start(referral=referral, started_on=clock.today())


def page_urls(employee: Employee, evaluation: Evaluation, referral: Referral) -> list[str]:
    trajectory = trajectory_start(referral=referral, started_on=clock.today())
    return [
        reverse("consultant:home"),
        reverse("consultant:search"),
        reverse("consultant:employee", args=[employee.pk]),
        reverse("consultant:evaluation_new", args=[employee.pk]),
        reverse("consultant:ranking", args=[evaluation.pk]),
        reverse("consultant:referral", args=[referral.pk]),
        reverse("consultant:trajectories"),
        reverse("consultant:trajectory", args=[trajectory.pk]),
    ]


# --- access -------------------------------------------------------------------------------


def test_every_page_answers_200_for_a_consultant(
    web: Client, employee: Employee, evaluation: Evaluation, referral: Referral
) -> None:
    for url in page_urls(employee, evaluation, referral):
        response = web.get(url)
        assert response.status_code == 200, url
        assert response["Content-Security-Policy"]
        assert FORMATTED not in response.content.decode()
        assert NATIONAL_NUMBER not in response.content.decode()


@pytest.mark.parametrize("role", ["applicant", "reviewer", "esf_officer"])
def test_every_page_is_403_for_other_roles(
    role: str,
    client_for: Any,
    employee: Employee,
    evaluation: Evaluation,
    referral: Referral,
    partners: Any,
) -> None:
    client = client_for(role, partners[0] if role == "applicant" else None)
    urls = [
        *page_urls(employee, evaluation, referral),
        reverse("consultant:referral_new", args=[evaluation.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
    feedback = reverse("consultant:evaluation_feedback", args=[employee.pk])
    assert client.post(feedback, favourable_form()).status_code == 403


def test_anonymous_users_are_sent_to_the_login_page(client: Client) -> None:
    response = client.get(reverse("consultant:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_unknown_records_are_404(web: Client) -> None:
    for name in ("employee", "evaluation_new", "ranking", "referral_new", "referral", "trajectory"):
        assert web.get(reverse(f"consultant:{name}", args=[999_999])).status_code == 404, name


# --- search -------------------------------------------------------------------------------


def test_search_by_name_shows_the_masked_number_and_logs(web: Client, employee: Employee) -> None:
    response = web.get(reverse("consultant:search"), {"q": "claes"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Claes, Sofie" in content
    assert MASKED in content
    assert FORMATTED not in content
    assert NATIONAL_NUMBER not in content
    assert AccessLog.objects.filter(employee=employee, purpose="employee_search").count() == 1


def test_search_by_national_number_is_a_post_and_never_echoes_the_number(
    web: Client, employee: Employee
) -> None:
    url = reverse("consultant:search")
    for typed in (NATIONAL_NUMBER, FORMATTED):
        response = web.post(url, {"national_number": typed})
        content = response.content.decode()
        assert response.status_code == 200
        assert MASKED in content
        assert "Claes, Sofie" in content
        assert NATIONAL_NUMBER not in content
        assert FORMATTED not in content
    assert (
        AccessLog.objects.filter(
            employee=employee, purpose="employee_search_national_number"
        ).count()
        == 2
    )
    assert not AccessLog.objects.filter(path__contains=NATIONAL_NUMBER).exists()


def test_an_invalid_or_unknown_number_is_not_echoed(web: Client, employee: Employee) -> None:
    invalid = web.post(reverse("consultant:search"), {"national_number": "85073003329"})
    content = invalid.content.decode()
    assert "Vul een geldig rijksregisternummer in" in content
    assert "85073003329" not in content
    unknown = web.post(reverse("consultant:search"), {"national_number": "90020199748"})
    assert "90020199748" not in unknown.content.decode()


def test_a_number_typed_in_the_name_search_is_refused_and_not_echoed(
    web: Client, employee: Employee
) -> None:
    response = web.get(reverse("consultant:search"), {"q": NATIONAL_NUMBER}, follow=True)
    assert response.redirect_chain == [(reverse("consultant:search"), 302)]
    content = response.content.decode()
    assert "Zoeken op rijksregisternummer" in content
    assert NATIONAL_NUMBER not in content
    assert "Claes" not in content
    assert not AccessLog.objects.exists()


# --- employee file ------------------------------------------------------------------------


def test_employee_file_shows_labels_packages_and_logs(web: Client, employee: Employee) -> None:
    response = web.get(reverse("consultant:employee", args=[employee.pk]))
    content = response.content.decode()
    assert MASKED in content
    assert "Maatwerk bij collectieve inschakeling" in content
    assert "arbeidshandicap" in content
    assert "row--current" in content
    assert "Maatwerkbedrijf Gent" in content
    assert AccessLog.objects.filter(employee=employee, purpose="employee_detail").count() == 1


# --- evaluation ---------------------------------------------------------------------------


def feedback(web: Client, employee: Employee, data: dict[str, str]) -> Any:
    return web.post(reverse("consultant:evaluation_feedback", args=[employee.pk]), data)


def test_live_feedback_support_still_needed(web: Client, employee: Employee) -> None:
    response = feedback(web, employee, {"needs_support": "yes"})
    assert response.status_code == 200
    assert response.context["feedback"]["state"] == "no_transition"
    content = response.content.decode()
    assert 'data-codes="support_still_needed"' in content
    assert "nog behoefte aan werkondersteunende maatregelen" in content
    assert "<html" not in content  # a partial, not a page


def test_live_feedback_chances_unfavourable(web: Client, employee: Employee) -> None:
    data = favourable_form(employer_continuity_favourable="no")
    response = feedback(web, employee, data)
    assert response.context["feedback"]["state"] == "no_transition"
    assert 'data-codes="chances_unfavourable"' in response.content.decode()
    assert "continuïteit van het maatwerkbedrijf" in response.content.decode()


def test_live_feedback_transition_incomplete_and_past_start(
    web: Client, employee: Employee
) -> None:
    assert feedback(web, employee, favourable_form()).context["feedback"]["state"] == "transition"
    incomplete = feedback(web, employee, {"needs_support": "no"})
    assert incomplete.context["feedback"]["state"] == "incomplete"
    assert "Nog niet te bepalen" in incomplete.content.decode()
    yesterday = (clock.today() - timedelta(days=1)).isoformat()
    past = feedback(web, employee, favourable_form(transition_starts_on=yesterday))
    assert past.context["feedback"]["state"] == "start_refused"
    assert 'data-codes="start_date_in_past"' in past.content.decode()


def test_feedback_is_post_only(web: Client, employee: Employee) -> None:
    url = reverse("consultant:evaluation_feedback", args=[employee.pk])
    assert web.get(url).status_code == 405


def test_evaluation_form_has_htmx_live_region_and_employer_count(
    web: Client, employee: Employee
) -> None:
    response = web.get(reverse("consultant:evaluation_new", args=[employee.pk]))
    content = response.content.decode()
    assert 'hx-post="' + reverse("consultant:evaluation_feedback", args=[employee.pk]) in content
    assert 'hx-trigger="change"' in content
    assert 'aria-live="polite"' in content
    assert "Op dit moment zitten 0 werknemers van Maatwerkbedrijf Gent" in content
    assert 'value="75"' in content and 'value="40"' in content and 'value="35"' not in content
    assert "<script>" not in content and "style=" not in content
    assert AccessLog.objects.filter(employee=employee, purpose="evaluation_form").exists()


def test_evaluation_transition_redirects_to_the_ranking(
    web: Client, employee: Employee, partners: Any
) -> None:
    url = reverse("consultant:evaluation_new", args=[employee.pk])
    response = web.post(url, favourable_form())
    evaluation = Evaluation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("consultant:ranking", args=[evaluation.pk])
    assert evaluation.decision == "transition"
    assert evaluation.criteria.count() == 3


def test_evaluation_no_transition_with_adjusted_package(web: Client, employee: Employee) -> None:
    url = reverse("consultant:evaluation_new", args=[employee.pk])
    data = {
        "evaluated_on": clock.today().isoformat(),
        "needs_support": "yes",
        "package_still_correct": "no",
        "wage_premium_percent": "55",
        "guidance_level": "high",
    }
    response = web.post(url, data, follow=True)
    evaluation = Evaluation.objects.get()
    assert evaluation.decision == "no_transition"
    assert evaluation.adjusted_package is not None
    assert evaluation.adjusted_package.version == 2
    assert evaluation.adjusted_package.wage_premium_percent == 55
    content = response.content.decode()
    assert "geen doorstroom" in content
    assert "nog behoefte aan werkondersteunende maatregelen" in content


def test_evaluation_form_errors(web: Client, employee: Employee) -> None:
    url = reverse("consultant:evaluation_new", args=[employee.pk])
    response = web.post(
        url,
        {"evaluated_on": clock.today().isoformat(), "needs_support": "no"},
    )
    assert response.status_code == 422
    form = response.context["form"]
    assert "package_still_correct" in form.errors
    assert "Er is een probleem" in response.content.decode()
    # The judgements are the service's to check: every criterion not judged, on its field.
    unjudged = web.post(url, favourable_form(**{f"{c}_favourable": "" for c in CRITERIA}))
    assert unjudged.status_code == 422
    assert set(unjudged.context["form"].errors) == {f"{c}_favourable" for c in CRITERIA}
    adjusted = web.post(url, favourable_form(package_still_correct="no"))
    assert "wage_premium_percent" in adjusted.context["form"].errors
    future = web.post(
        url, favourable_form(evaluated_on=(clock.today() + timedelta(days=1)).isoformat())
    )
    assert future.context["form"].errors["evaluated_on"] == [
        "De evaluatiedatum mag niet in de toekomst liggen."
    ]
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_evaluation_error_names_its_criterion_all_at_once(
    web: Client, employee: Employee, language: str
) -> None:
    """The service (evaluation_create) checks the judgements and motivations, all at once,
    each message naming its criterion in the page's language; the page puts each on its
    field (issue 13: forms parse, services validate; issue 15: one message per field)."""
    if language == "en":
        web.post(reverse("set_language"), {"language": "en", "next": "/"})
    url = reverse("consultant:evaluation_new", args=[employee.pk])
    data = favourable_form(
        personal_situation_favourable="",
        employer_continuity_motivation="",
        regional_prospects_motivation="  ",
    )
    response = web.post(url, data)
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert set(errors) == {
        "personal_situation_favourable",
        "employer_continuity_motivation",
        "regional_prospects_motivation",
    }
    messages = [str(m) for field in errors.values() for m in field]
    assert len(messages) == len(set(messages)) == 3
    if language == "nl":
        assert (
            "Motiveer het oordeel over ‘continuïteit van het maatwerkbedrijf of de "
            "maatwerkafdeling’." in messages
        )
    else:
        assert "continuity of the custom-work company or department" in " ".join(messages)
        assert not any("Motiveer" in m or "Beoordeel" in m for m in messages)
    assert not Evaluation.objects.exists()


def test_evaluation_start_in_the_past_is_a_field_error(web: Client, employee: Employee) -> None:
    url = reverse("consultant:evaluation_new", args=[employee.pk])
    yesterday = clock.today() - timedelta(days=1)
    response = web.post(url, favourable_form(transition_starts_on=yesterday.isoformat()))
    assert response.status_code == 422
    errors = response.context["form"].errors["transition_starts_on"]
    assert "ligt in het verleden" in errors[0]
    assert not Evaluation.objects.exists()


def test_preview_shows_the_verdict_without_saving(web: Client, employee: Employee) -> None:
    url = reverse("consultant:evaluation_new", args=[employee.pk])
    response = web.post(url, {**favourable_form(needs_support="yes"), "preview": "1"})
    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-codes="support_still_needed"' in content
    assert "Er is een probleem" not in content
    assert not Evaluation.objects.exists()


# --- ranking and referral -----------------------------------------------------------------


def test_ranking_page(
    web: Client, employee: Employee, evaluation: Evaluation, partners: Any
) -> None:
    no_esf = make_partner("Zonder ESF vzw", "9000", esf_project=False)
    response = web.get(reverse("consultant:ranking", args=[evaluation.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert content.index("Dichtbij Gent vzw") < content.index("Ver weg Hasselt vzw")
    assert "niet gebruikt voor de toewijzing (R11)" in content
    assert "gemeente" in content  # local network level in Dutch
    ranked = response.context["ranking"]["eligible"]
    far_km = ranked[1]["factors"]["distance_km"]
    assert f"{far_km:.1f}".replace(".", ",") in content  # decimal comma
    assert "Dichtstbijzijnde vestiging op" in content
    assert no_esf.name in content
    assert "ESF" in content.split(no_esf.name)[1]
    assert AccessLog.objects.filter(employee=employee, purpose="ranking").count() == 1


def test_ranking_of_a_no_transition_evaluation_sends_back(
    web: Client, employee: Employee, consultant: User
) -> None:
    evaluation = evaluation_create(
        employee=employee,
        evaluated_on=clock.today(),
        needs_support=True,
        package_still_correct=True,
        criteria=None,
        consultant=consultant,
    )
    for name in ("ranking", "referral_new"):
        response = web.get(reverse(f"consultant:{name}", args=[evaluation.pk]))
        assert response.status_code == 302
        assert response["Location"] == reverse("consultant:employee", args=[employee.pk])


def test_referral_preselects_the_first_and_requires_a_reason_for_another(
    web: Client, evaluation: Evaluation, partners: Any
) -> None:
    near, far = partners
    url = reverse("consultant:referral_new", args=[evaluation.pk])
    form = web.get(url).context["form"]
    assert form.initial["partner"] == near.pk
    today = clock.today().isoformat()
    refused = web.post(url, {"partner": far.pk, "referred_on": today, "override_reason": ""})
    assert refused.status_code == 422
    errors = refused.context["form"].errors["override_reason"]
    assert "Geef schriftelijk de reden" in errors[0]
    assert not Referral.objects.exists()
    done = web.post(
        url,
        {"partner": far.pk, "referred_on": today, "override_reason": "Verhuist naar Hasselt."},
    )
    referral = Referral.objects.get()
    assert done.status_code == 302
    assert done["Location"] == reverse("consultant:referral", args=[referral.pk])
    assert referral.chosen_rank == 2
    confirmation = web.get(done["Location"]).content.decode()
    assert 'class="panel"' in confirmation
    assert "Toegeleid naar Ver weg Hasselt vzw" in confirmation
    assert "De toeleiding is opgeslagen." in confirmation
    # A second visit to the form goes to the confirmation; the ranking shows the stored one.
    assert web.get(url)["Location"] == reverse("consultant:referral", args=[referral.pk])
    stored = web.get(reverse("consultant:ranking", args=[evaluation.pk]))
    assert stored.context["referral"] == referral


def test_referral_to_the_first_needs_no_reason_and_future_dates_are_refused(
    web: Client, evaluation: Evaluation, partners: Any
) -> None:
    url = reverse("consultant:referral_new", args=[evaluation.pk])
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    future = web.post(url, {"partner": partners[0].pk, "referred_on": tomorrow})
    assert "toekomst" in future.context["form"].errors["referred_on"][0]
    done = web.post(url, {"partner": partners[0].pk, "referred_on": clock.today().isoformat()})
    assert done.status_code == 302
    assert Referral.objects.get().chosen_rank == 1


# --- follow-up and trajectories -----------------------------------------------------------


def test_home_lists_the_three_queues(
    web: Client, employee: Employee, evaluation: Evaluation, partners: Any, consultant: User
) -> None:
    home = web.get(reverse("consultant:home")).content.decode()
    assert reverse("consultant:ranking", args=[evaluation.pk]) in home
    referral = referral_create(
        evaluation=evaluation, partner=partners[0], referred_on=clock.today()
    )
    home = web.get(reverse("consultant:home")).content.decode()
    assert reverse("consultant:referral", args=[referral.pk]) in home
    assert "Dichtbij Gent vzw" in home
    trajectory = trajectory_start(referral=referral, started_on=clock.today())
    response = web.get(reverse("consultant:home"))
    assert response.context["running_rows"][0]["next_deadline"] is not None
    assert reverse("consultant:trajectory", args=[trajectory.pk]) in response.content.decode()
    assert AccessLog.objects.filter(employee=employee, purpose="followup_list").count() == 3


def test_trajectory_list_filters_and_detail_logs(
    web: Client, employee: Employee, trajectory: Trajectory
) -> None:
    listed = web.get(reverse("consultant:trajectories"))
    assert "Sofie Claes" in listed.content.decode()
    ended = web.get(reverse("consultant:trajectories"), {"status": "ended"})
    assert "Sofie Claes" not in ended.content.decode()
    detail = web.get(reverse("consultant:trajectory", args=[trajectory.pk]))
    content = detail.content.decode()
    assert "Voortraject (intake) tot" in content
    assert "Het traject loopt nog." in content
    assert AccessLog.objects.filter(employee=employee, purpose="trajectory_list").count() == 1
    assert AccessLog.objects.filter(employee=employee, purpose="trajectory_detail").count() == 1


def test_pages_are_translated_to_english(web: Client, employee: Employee) -> None:
    web.post(reverse("set_language"), {"language": "en"})
    content = web.get(reverse("consultant:evaluation_new", args=[employee.pk])).content.decode()
    assert "Evaluation on the work floor" in content
    assert "Continuity of the custom-work company or department" in content
