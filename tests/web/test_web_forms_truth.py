"""Issue 15, forms that say the truth: a refused national-number search never echoes what was
typed (the browser restores it, tests/browser/test_browser_forms.py); an evidence upload
shows the partner a plain message in their language, never the parser's words."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django import forms as forms_module
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from doorstroom.accounts.models import User
from doorstroom.common import pdf
from doorstroom.mandates.models import Evidence, MandateApplication
from doorstroom.organisations.models import Organisation
from tests.conftest import make_pdf
from tests.security.hostile_files import broken_signature, encrypted
from tests.web.test_web_applicant_pages import draft_application

pytestmark = pytest.mark.django_db

# --- the national-number search --------------------------------------------------------------

REFUSED_SPELLINGS = ["85073003329", "85.07.30-033.29", "85 07 30 033 29", "8507300332"]


@pytest.fixture
def consultant(client: Client, make_user: Callable[..., User]) -> Client:
    client.force_login(make_user("consultant"))
    return client


def digits_of(text: str) -> str:
    return re.sub(r"\D", "", text)


@pytest.mark.parametrize("typed", REFUSED_SPELLINGS)
def test_a_refused_search_never_contains_the_typed_number(consultant: Client, typed: str) -> None:
    response = consultant.post(reverse("consultant:search"), {"national_number": typed})
    html = response.content.decode()
    assert "Er is een probleem" in html
    assert typed not in html
    assert digits_of(typed) not in digits_of(html.replace(typed, ""))  # no other spelling
    field = re.search(r"<input[^>]*name=\"national_number\"[^>]*>", html)
    assert field is not None
    assert "data-remember-typed" in field.group(0)  # app.js puts the typed value back
    assert "value=" not in field.group(0)
    assert 'aria-invalid="true"' in field.group(0)


def test_the_search_number_is_never_in_the_address(consultant: Client) -> None:
    html = consultant.get(reverse("consultant:search")).content.decode()
    form = re.search(r"<form[^>]*aria-labelledby=\"op-nummer\"[^>]*>", html)
    assert form is not None and 'method="post"' in form.group(0)


# --- evidence uploads ------------------------------------------------------------------------

TECHNICAL = (
    "%PDF",
    "pypdf",
    "pyhanko",
    "asn1",
    "cryptography",
    "xref",
    "trailer",
    "/Encrypt",
    "/ByteRange",
    "Traceback",
    "stream",
    "signature_",
)

ENGLISH = {
    "not-a-pdf": "This is not a PDF file. Choose a document in PDF format.",
    "truncated": "This PDF file is damaged or cannot be read.",
    "encrypted": "This PDF file is protected with a password or encrypted.",
    "zero-bytes": "The chosen file is empty.",
    "no-pages": "This PDF file has no pages.",
}
DUTCH = {
    "not-a-pdf": str(pdf.NOT_PDF),
    "truncated": "Dit PDF-bestand is beschadigd of kan niet gelezen worden.",
    "encrypted": "Dit PDF-bestand is beveiligd met een wachtwoord of versleuteld.",
    "zero-bytes": "Het gekozen bestand is leeg.",
    "no-pages": str(pdf.NO_PAGES),
}


def refused_file(name: str) -> bytes:
    good = make_pdf()
    return {
        "not-a-pdf": b"Dit is gewone tekst, geen PDF.\n",
        "truncated": good[: len(good) // 2],
        "encrypted": encrypted("AES-256", "geheim"),
        "zero-bytes": b"",
        "no-pages": make_pdf(pages=0),
    }[name]


@pytest.fixture
def applicant(client: Client, make_user: Callable[..., User], organisation: Organisation) -> Client:
    client.force_login(make_user("applicant", organisation))
    return client


@pytest.fixture
def application(organisation: Organisation, settings: Any, tmp_path: Any) -> MandateApplication:
    settings.MEDIA_ROOT = str(tmp_path)
    return draft_application(organisation)


def post_evidence(client: Client, application: MandateApplication, data: bytes) -> Any:
    return client.post(
        reverse("applicant:evidence_add", args=[application.pk]),
        {
            "condition": "results",
            "file": SimpleUploadedFile("bewijs.pdf", data, content_type="application/pdf"),
        },
    )


def english(client: Client) -> None:
    client.post(reverse("set_language"), {"language": "en", "next": "/"})


def assert_plain(html: str) -> None:
    text = re.sub(r"<[^>]+>", " ", html)  # what is read, not the markup
    found = [word for word in TECHNICAL if word in text]
    found += re.findall(r"\b[A-Z][A-Za-z]+(?:Error|Exception)\b", text)  # a class name
    assert not found, found


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("case", sorted(ENGLISH))
def test_a_refused_upload_says_what_to_do_in_the_partners_language(
    applicant: Client, application: MandateApplication, case: str, language: str
) -> None:
    if language == "en":
        english(applicant)
    response = post_evidence(applicant, application, refused_file(case))
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    expected = (ENGLISH if language == "en" else DUTCH)[case]
    assert expected in html
    assert_plain(html)
    if language == "en":
        assert not any(dutch in html for dutch in DUTCH.values())
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_huge_upload_is_refused_plainly(
    applicant: Client, application: MandateApplication, settings: Any, language: str
) -> None:
    settings.EVIDENCE_MAX_BYTES = 64 * 1024
    if language == "en":
        english(applicant)
    response = post_evidence(applicant, application, make_pdf(padding=200 * 1024))
    html = response.content.decode()
    assert response.status_code == 413
    assert ("too large" if language == "en" else "te groot") in html
    assert_plain(html)
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    "data",
    [make_pdf(), broken_signature()],
    ids=["without-signature", "signature-that-does-not-verify"],
)
def test_an_accepted_upload_shows_no_signature_check_words_to_the_partner(
    applicant: Client, application: MandateApplication, data: bytes
) -> None:
    response = post_evidence(applicant, application, data)
    assert response.status_code == 302
    assert Evidence.objects.filter(application=application).count() == 1
    page = applicant.get(reverse("applicant:application", args=[application.pk]))
    assert_plain(page.content.decode())


def test_the_pdf_check_speaks_the_language_of_the_request() -> None:
    from django.utils import translation

    with translation.override("en"), pytest.raises(pdf.PdfCheckError) as refused:
        pdf.pdf_check(b"geen pdf")
    assert str(refused.value) == ENGLISH["not-a-pdf"]
    with translation.override("nl-be"), pytest.raises(pdf.PdfCheckError) as refused:
        pdf.pdf_check(io.BytesIO(b"").read())
    assert str(refused.value) == "Het bestand is leeg."


# --- every error names its field ------------------------------------------------------------


def every_form() -> list[tuple[str, Callable[[dict[str, str]], Any]]]:
    """(name, a builder taking the posted data) for each form of the pages."""
    from doorstroom.esf.models import Call
    from doorstroom.rules.codes import CONDITION_LABELS_NL
    from doorstroom.web.applicant import forms as applicant
    from doorstroom.web.beheer import forms as beheer
    from doorstroom.web.consultant import forms as consultant
    from doorstroom.web.esf import forms as esf
    from doorstroom.web.reviewer import forms as reviewer

    extra: dict[Any, dict[str, Any]] = {
        applicant.SignatoriesForm: {"rows": 2},
        applicant.ProjectForm: {"calls": Call.objects.none()},
        applicant.InternshipResultForm: {"days_after_end": 30},
        consultant.EmployeeForm: {"employers": [(1, "Werkgever")]},
        consultant.ReferralForm: {"partners": [(1, "Eerste"), (2, "Tweede")]},
        reviewer.AttachEmailForm: {"applications": [(1, "Aanvraag")]},
        esf.DashboardFilterForm: {"provinces": [("10000", "Antwerpen")]},
        reviewer.ReceiptForm: {"signatories": ["An Peeters", "Jan Janssens"], "email_subject": "S"},
        reviewer.DecisionForm: {
            "condition_labels": dict(CONDITION_LABELS_NL),
            "frameworks": {"maatwerk": "Maatwerk", "lde": "LDE"},
        },
    }
    built = []
    for module in (applicant, beheer, consultant, esf, reviewer):
        for name, cls in sorted(vars(module).items()):
            if (
                isinstance(cls, type)
                and issubclass(cls, forms_module.BaseForm)
                and cls.__module__ == module.__name__
            ):
                kwargs = extra.get(cls, {})
                if cls is not esf.DashboardFilterForm:  # a GET form: no files
                    kwargs = {"files": {}, **kwargs}
                built.append(
                    (
                        f"{module.__name__.split('.')[-2]}.{name}",
                        lambda data, cls=cls, kwargs=kwargs: cls(data=data, **kwargs),
                    )
                )
    return built


FORMS = [name for name, _ in every_form()]
TYPED = (forms_module.DateField, forms_module.IntegerField, forms_module.DecimalField)


@pytest.mark.parametrize("language", ["nl-be", "en"])
@pytest.mark.parametrize("name", FORMS)
def test_a_form_sent_empty_or_unreadable_names_each_field_in_its_error(
    name: str, language: str
) -> None:
    from django.utils import translation

    build = dict(every_form())[name]
    with translation.override(language):
        empty = build({})
        unreadable = build({n: "x" for n, f in empty.fields.items() if isinstance(f, TYPED)})
        for form in (empty, unreadable):
            form.is_valid()
            messages = [str(m) for errors in form.errors.values() for m in errors]
            assert len(messages) == len(set(messages)), (name, messages)


def test_the_reviewers_five_judgements_say_which_condition() -> None:
    build = dict(every_form())["reviewer.DecisionForm"]
    form = build({"decided_on": "2026-03-16"})
    assert not form.is_valid()
    motivations = [str(e[0]) for name, e in form.errors.items() if name.endswith("_motivation")]
    assert len(motivations) == 5 == len(set(motivations))
    assert all(m.startswith("Motiveer het oordeel over ‘") for m in motivations)


# --- forms parse, services validate (issue 13) ----------------------------------------------


@pytest.mark.parametrize("language", ["nl-be", "en"])
def test_the_esf_decision_service_names_every_wrong_date_at_once(language: str) -> None:
    from datetime import date

    from django.utils import translation

    from doorstroom.common.errors import InvalidInput
    from doorstroom.esf import services as esf
    from tests.factories import make_partner

    call = esf.call_create(
        code="498", title="Doorstroom", opens_on=date(2024, 1, 1), closes_on=date(2030, 1, 1)
    )
    partner = make_partner("Jobkracht Antwerpen vzw", "2000", esf_project=False)
    project = esf.project_create(organisation=partner, call=call, submitted_on=date(2024, 2, 1))
    with translation.override(language), pytest.raises(InvalidInput) as refused:
        esf.project_decide(
            project=project,
            approved=True,
            decided_on=date(2024, 1, 15),  # before the submission
            starts_on=None,
            ends_on=None,
        )
    errors = refused.value.errors
    assert set(errors) == {"decided_on", "starts_on", "ends_on"}
    messages = [m for field in errors.values() for m in field]
    assert len(set(messages)) == 3
    if language == "en":
        assert not any("Vul" in m or "beslissing" in m for m in messages), messages
    with pytest.raises(InvalidInput) as backwards:
        esf.project_decide(
            project=project,
            approved=True,
            decided_on=date(2024, 2, 15),
            starts_on=date(2024, 6, 1),
            ends_on=date(2024, 5, 31),
        )
    assert list(backwards.value.errors) == ["ends_on"]
