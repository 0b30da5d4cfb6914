"""Each of the six letters, rendered with WeasyPrint and read back with pypdf (Dutch text)."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import pytest

from doorstroom.common import clock
from doorstroom.employees.models import Employee
from doorstroom.employees.services import evaluation_create
from doorstroom.letters.models import Letter
from doorstroom.letters.services import letter_file, letter_render
from doorstroom.mandates import services as mandates
from doorstroom.mandates.scheduled import mandates_tick
from doorstroom.organisations.models import Organisation
from doorstroom.referrals.services import referral_create
from tests.conftest import ALL_MET, SUBJECT, complete_application
from tests.factories import make_partner
from tests.letters.conftest import pdf_text
from tests.transition.conftest import employee, employer  # noqa: F401

pytestmark = pytest.mark.django_db

ADDRESS = "VDAB Centrale diensten Dienst samenwerking Keizerslaan 11 1000 Brussel"


def rendered_text(letter: Letter) -> str:
    return pdf_text(letter_file(letter=letter))


def assert_letterhead(text: str, letter: Letter) -> None:
    assert ADDRESS in text  # the department's address block, from the parameter
    assert "mandaatdoorstroom@vdab.be" in text
    assert f"Ons kenmerk {letter.reference}" in text
    assert "Het diensthoofd Dienst samenwerking" in text  # signature block (parameter)


def test_acknowledgement_and_missing_items(organisation: Organisation) -> None:
    app = mandates.application_create(
        organisation=organisation,
        kind="new",
        frameworks=["maatwerk"],
        signatories=[mandates.SignatoryInput(name="An Peeters")],
    )
    mandates.receipt_register(
        application=app,
        channel="email",
        received_on=date(2025, 3, 3),
        subject=SUBJECT,
        today=date(2025, 3, 4),
    )
    ack = Letter.objects.get(application=app, kind="acknowledgement")
    text = rendered_text(ack)
    assert_letterhead(text, ack)
    assert ack.reference == f"MDB-{app.pk:06d}"
    assert "Jobkracht Gent vzw Korenmarkt 1 9000 Gent" in text  # recipient from the organisation
    assert "Datum 4 maart 2025" in text
    assert "Ontvangstbevestiging" in text
    assert "per e-mail ontvangen hebben op 3 maart 2025" in text
    assert "nog niet volledig" in text

    missing = Letter.objects.get(application=app, kind="missing_items")
    text = rendered_text(missing)
    assert_letterhead(text, missing)
    assert "Vraag om ontbrekende stukken" in text
    # The reason of the R14 outcome, in Dutch: the paper original is missing (no eID).
    reason = missing.content["reasons"][0]
    assert reason["code"] == "paper_original_missing"
    assert " ".join(reason["message_nl"].split()) in text
    assert "professionele deskundigheid" in text  # evidence_missing for each condition


def test_complete_submission_asks_for_nothing(organisation: Organisation) -> None:
    app = complete_application(organisation, received_on=date(2022, 2, 1))
    kinds = list(Letter.objects.filter(application=app).values_list("kind", flat=True))
    assert kinds == ["acknowledgement"]
    text = rendered_text(Letter.objects.get(application=app))
    assert "Uw dossier is volledig sinds 1 februari 2022" in text
    assert "uiterlijk op 1 april 2022" in text  # R15: two months


def test_approval_letter_shows_the_validity_dates(organisation: Organisation) -> None:
    app = complete_application(organisation, received_on=date(2022, 2, 1))
    decision = mandates.decision_create(
        application=app, decided_on=date(2022, 3, 1), starts_on=None, conditions=ALL_MET
    )
    letter = Letter.objects.get(kind="decision", decision=decision)
    assert letter.mandate is not None
    text = rendered_text(letter)
    assert_letterhead(text, letter)
    assert "Datum 1 maart 2022" in text
    assert "het mandaat doorstroombegeleiding toe te kennen" in text
    # R3: start 2022-03-01 → last day 2028-02-29.
    assert "geldig van 1 maart 2022 tot en met 29 februari 2028" in text
    assert "om de 6 jaar vernieuwd" in text


def test_rejection_letter_motivates_each_condition(organisation: Organisation) -> None:
    app = complete_application(organisation, received_on=date(2022, 2, 1))
    conditions = {
        **ALL_MET,
        "results": {"met": False, "motivation": "Geen cijfers over plaatsingen voorgelegd."},
        "methodology": {"met": False, "motivation": "De trajectaanpak is niet beschreven."},
    }
    decision = mandates.decision_create(
        application=app, decided_on=date(2022, 3, 1), starts_on=None, conditions=conditions
    )
    text = rendered_text(Letter.objects.get(kind="decision", decision=decision))
    assert "niet toe te kennen" in text
    assert "Aan de formele voorwaarde 'aantoonbare resultaten' is niet voldaan." in text
    assert "Aantoonbare resultaten niet voldaan Geen cijfers over plaatsingen voorgelegd." in text
    assert "Methodische aanpak niet voldaan De trajectaanpak is niet beschreven." in text
    assert "Kwaliteitsvolle bedrijfsvoering voldaan Aangetoond met concrete cijfers." in text
    assert "geldig van" not in text


def test_referral_notice_names_employee_and_partner_without_national_number(
    employee: Employee,  # noqa: F811
) -> None:
    partner = make_partner("Dichtbij Gent vzw", "9000", network=("44021",))
    evaluation = evaluation_create(
        employee=employee,
        evaluated_on=clock.today(),
        needs_support=False,
        package_still_correct=True,
        criteria={
            c: {"favourable": True, "motivation": "ok"}
            for c in ("personal_situation", "employer_continuity", "regional_prospects")
        },
    )
    referral = referral_create(evaluation=evaluation, partner=partner, referred_on=clock.today())
    letter = Letter.objects.get(kind="referral_notice", referral=referral)
    assert letter.application is None
    assert letter.organisation == partner
    data = letter_file(letter=letter)
    text = pdf_text(data)
    assert_letterhead(text, letter)
    assert letter.reference == f"TL-{referral.pk:06d}"
    assert "Dichtbij Gent vzw" in text
    assert "Sofie Claes" in text
    assert "Maatwerk" in text
    digits = "".join(ch for ch in text if ch.isdigit())
    assert "85073003328" not in digits
    assert "85.07.30" not in text and "033.28" not in text
    assert b"Claes" not in letter.download_name.encode()


def test_renewal_reminder_from_tick(organisation: Organisation) -> None:
    app = complete_application(organisation, received_on=date(2022, 2, 1))
    mandates.decision_create(
        application=app, decided_on=date(2022, 3, 1), starts_on=None, conditions=ALL_MET
    )
    # 180 days (renewal_reminder_lead_days) before 2028-02-29.
    report = mandates_tick(today=date(2027, 9, 2))
    assert report.renewal_reminders
    letter = Letter.objects.get(kind="renewal_reminder")
    text = rendered_text(letter)
    assert_letterhead(text, letter)
    assert "Datum 2 september 2027" in text
    assert "geldig van 1 maart 2022 tot en met 29 februari 2028" in text
    assert "aanvraag tot vernieuwing" in text
    mandates_tick(today=date(2027, 9, 3))
    assert Letter.objects.filter(kind="renewal_reminder").count() == 1


def test_checksum_stored_is_the_files_sha256(organisation: Organisation) -> None:
    app = complete_application(organisation, received_on=date(2022, 2, 1))
    letter = Letter.objects.get(application=app)
    assert not letter.rendered  # rendered after the commit, or on the first download
    letter = letter_render(letter=letter)
    with letter.file.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF-")
    assert letter.sha256 == hashlib.sha256(data).hexdigest()
    assert letter.size == len(data)
    again = letter_render(letter=letter)
    assert again.sha256 == letter.sha256 and again.file.name == letter.file.name


def test_rendering_after_commit(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        app = complete_application(organisation, received_on=date(2022, 2, 1))
    letter = Letter.objects.get(application=app)
    assert letter.rendered


def test_bulk_loads_leave_rendering_to_the_download(
    organisation: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    from doorstroom.letters.services import letters_rendered_on_download

    with letters_rendered_on_download(), django_capture_on_commit_callbacks(execute=True):
        app = complete_application(organisation, received_on=date(2022, 2, 1))
    letter = Letter.objects.get(application=app)
    assert not letter.rendered
    assert rendered_text(letter)  # rendered now, on the first download
    letter.refresh_from_db()
    assert letter.rendered


def test_registering_the_same_receipt_twice_writes_one_acknowledgement(
    organisation: Organisation,
) -> None:
    app = complete_application(organisation, received_on=date(2022, 2, 1))
    for _ in range(2):
        mandates.receipt_register(
            application=app,
            channel="registered_letter",
            received_on=date(2022, 2, 3),
            tracking_number="RR123456789BE",
            today=date(2022, 2, 4),
        )
    kinds = sorted(Letter.objects.filter(application=app).values_list("kind", flat=True))
    assert kinds == ["acknowledgement", "acknowledgement"]  # e-mail on 1/2, letter on 3/2


def test_inadmissibility_letter_gives_the_reasons_and_the_motivation(
    organisation: Organisation,
) -> None:
    """R15: the letter of a dossier declared inadmissible (no DWSE recognition, R1)."""
    app = mandates.application_create(
        organisation=organisation,
        kind="new",
        frameworks=["maatwerk"],
        signatories=[mandates.SignatoryInput(name="A")],
    )
    mandates.receipt_register(
        application=app,
        channel="email",
        received_on=date(2022, 2, 1),
        subject=SUBJECT,
        eid_signed_by=["A"],
        today=date(2022, 2, 1),
    )
    decision = mandates.application_declare_inadmissible(
        application=app,
        decided_on=date(2022, 3, 1),
        motivation="Geen label en registratie bij DWSE op de dag van ontvangst.",
        today=date(2022, 3, 1),
    )
    letter = Letter.objects.get(kind="inadmissibility", decision=decision)
    text = rendered_text(letter)
    assert_letterhead(text, letter)
    assert "Op 1 maart 2022 hebben wij uw aanvraag" in text
    assert "onontvankelijk verklaard" in text
    assert "geen erkenning als dienstverlener bij DWSE" in text  # the R1 reason
    assert "Geen label en registratie bij DWSE op de dag van ontvangst." in text
    assert "Aanvraag mandaat doorstroombegeleiding" in text  # how to apply again (parameter)


def test_partial_approval_letter_names_the_framework_not_covered(
    organisation: Organisation,
) -> None:
    app = complete_application(
        organisation, received_on=date(2022, 2, 1), frameworks=("maatwerk", "lde")
    )
    conditions = {
        **ALL_MET,
        "expertise": {
            "maatwerk": {"met": True, "motivation": "Jaren ervaring in maatwerk."},
            "lde": {"met": False, "motivation": "Geen ervaring met de doelgroepen van LDE."},
        },
    }
    decision = mandates.decision_create(
        application=app, decided_on=date(2022, 3, 1), starts_on=None, conditions=conditions
    )
    text = rendered_text(Letter.objects.get(kind="decision", decision=decision))
    assert "toe te kennen voor: Maatwerk bij collectieve inschakeling." in text
    assert "Het mandaat dekt Lokale diensteneconomie niet" in text
    assert "Professionele deskundigheid (Lokale diensteneconomie)" in text  # its judgement row
    assert "Geen ervaring met de doelgroepen van LDE." in text
