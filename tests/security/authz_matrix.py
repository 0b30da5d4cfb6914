"""The one authorization table: operation x role x own/other organisation -> expected answer.

Source: the role table of ../shared/API.md ("A record the caller may not see answers 404, an
action the caller's role may not take 403"), refined where the code grants more and that is
deliberate (each such row says why in its ``note``). Two generated tests read it:
``test_security_authz_api.py`` (every API operation) and ``test_security_authz_pages.py``
(every page). A URL that is not in this table fails ``test_every_*_is_in_the_matrix``: a new
endpoint must be added here before it can ship.

Roles (columns):
- ``anonymous``: no credentials;
- ``applicant_own``: an applicant of organisation A, asking for A's record;
- ``applicant_other``: an applicant of organisation B, asking for A's record;
- ``reviewer``, ``consultant``, ``esf_officer``, ``admin`` (admin may do everything).

Expected answers (cells), derived by ``expected()``:
- anonymous: API 401; page: redirect (302) to the login page;
- a role outside ``write`` (for POST/PUT) or outside ``write`` + ``read`` (for GET): 403;
- ``applicant_other`` on a ``scoped`` record of A: 404 (the record is not in its selectors);
  for a create whose body points at A's record: refused with 400 or 404, never 2xx;
- pages that act for the user's own organisation (``own_organisation``): 404 for an admin,
  who belongs to none (admins work in the API and the Django admin);
- otherwise allowed: GET answers 200 (302 for a page marked ``redirects``); a write answers
  2xx, or 400/409/422 when the body or the record's state blocks it (that is past
  authorization, and is tested elsewhere).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ROLES = (
    "anonymous",
    "applicant_own",
    "applicant_other",
    "reviewer",
    "consultant",
    "esf_officer",
    "admin",
)

APPLICANT = frozenset({"applicant_own", "applicant_other"})
REVIEWER = frozenset({"reviewer"})
CONSULTANT = frozenset({"consultant"})
ESF = frozenset({"esf_officer"})
STAFF = REVIEWER | CONSULTANT | ESF
EVERYONE = APPLICANT | STAFF

# Status sets of the cells.
OK = "ok"  # GET 200, write 2xx
WRITE_OK = "write_ok"  # 2xx, or 400/409/422 (past authorization)
FORBIDDEN = "forbidden"  # 403
NOT_FOUND = "not_found"  # 404
REFUSED = "refused"  # 400 or 404, never 2xx (a body pointing at another organisation's record)
UNAUTHENTICATED = "unauthenticated"  # API 401, page redirect to login
PUBLIC = "public"  # anyone, signed in or not
REDIRECT = "redirect"  # 302: a page that sends an allowed user on (wizard step, done action)

ACCEPTED: dict[str, set[int]] = {
    OK: {200, 201, 204},
    WRITE_OK: {200, 201, 204, 400, 409, 422},
    FORBIDDEN: {403},
    NOT_FOUND: {404},
    REFUSED: {400, 404},
    UNAUTHENTICATED: {401},
    PUBLIC: {200},
    REDIRECT: {302},
}

Body = Callable[[dict[str, int]], Any]


@dataclass(frozen=True)
class Op:
    """One operation: method and path, who may write, who may only read, and its record."""

    method: str
    path: str  # Django route syntax with {id}, {evidence_id}, {table}
    write: frozenset[str] = frozenset()  # roles that may take this action (admin always)
    read: frozenset[str] = frozenset()  # roles that may only read (GET)
    record: str = ""  # which record fills {id}: a key of conftest.Records.ids
    scoped: bool = False  # the record (or the body's record) belongs to organisation A
    body: Body | str | None = None  # a valid body from A's ids; "pdf"/"email": built by the test
    lists: str = ""  # a list of these records: A's appear for applicant_own, never for _other
    public: bool = False
    redirects: bool = False  # a wizard step or a done action: allowed roles are sent on (302)
    own_organisation: bool = False  # acts for the user's organisation: admin has none (404)
    hidden_from: frozenset[str] = frozenset()  # roles past the role check that cannot see it
    note: str = ""

    @property
    def id(self) -> str:
        return f"{self.method} {self.path}"

    def allows(self, role: str) -> bool:
        if role == "admin":
            return True
        if role in self.write:
            return True
        return self.method == "GET" and role in self.read


def expected(op: Op, role: str) -> str:
    """The cell of the table for one operation and one role."""
    if op.public:
        return PUBLIC
    if role == "anonymous":
        return UNAUTHENTICATED
    if not op.allows(role):
        return FORBIDDEN
    if role in op.hidden_from:
        return NOT_FOUND
    if role == "applicant_other" and op.scoped:
        return NOT_FOUND if op.record else REFUSED
    if role == "admin" and op.own_organisation:
        return NOT_FOUND
    if op.redirects:
        return REDIRECT
    return OK if op.method == "GET" else WRITE_OK


def _signatories() -> list[dict[str, str]]:
    return [{"name": "A", "function": "voorzitter"}]


_CONDITIONS = ("quality_management", "facilities", "expertise", "results", "methodology")
_CRITERIA = ("personal_situation", "employer_continuity", "regional_prospects")

# -- the API (config/api_urls.py), in its order -------------------------------------------
API: tuple[Op, ...] = (
    Op("GET", "schema/", public=True, note="the OpenAPI document is public"),
    Op("GET", "docs/", public=True, note="the browsable docs are public"),
    Op(
        "GET",
        "organisations/",
        write=REVIEWER,
        read=APPLICANT,
        lists="organisation",
        note="an applicant: its own",
    ),
    Op(
        "POST",
        "organisations/",
        write=REVIEWER,
        body=lambda ids: {
            "enterprise_number": "0417.497.106",
            "name": "Nieuwe Partner vzw",
            "postal_code": "1000",
        },
    ),
    Op(
        "GET",
        "organisations/{id}/",
        write=REVIEWER,
        read=APPLICANT,
        record="organisation",
        scoped=True,
        note="an applicant reads its own organisation",
    ),
    Op(
        "GET",
        "organisations/{id}/recognitions/",
        write=REVIEWER,
        read=APPLICANT,
        record="organisation",
        scoped=True,
    ),
    Op(
        "POST",
        "organisations/{id}/recognitions/",
        write=REVIEWER,
        read=APPLICANT,
        record="organisation",
        scoped=True,
        body=lambda ids: {
            "label_number": "L2",
            "registration_number": "R2",
            "valid_from": "2030-01-01",
            "valid_until": None,
        },
    ),
    Op(
        "GET",
        "organisations/{id}/sites/",
        write=REVIEWER | APPLICANT,
        record="organisation",
        scoped=True,
    ),
    Op(
        "POST",
        "organisations/{id}/sites/",
        write=REVIEWER | APPLICANT,
        record="organisation",
        scoped=True,
        body=lambda ids: {"name": "Filiaal", "postal_code": "9000", "street": "Veldstraat 1"},
    ),
    Op(
        "GET",
        "organisations/{id}/local-network/",
        write=REVIEWER | APPLICANT,
        record="organisation",
        scoped=True,
    ),
    Op(
        "PUT",
        "organisations/{id}/local-network/",
        write=REVIEWER | APPLICANT,
        record="organisation",
        scoped=True,
        body=lambda ids: {"municipalities": ["44021"]},
    ),
    Op("GET", "mandate-applications/", write=APPLICANT | REVIEWER, lists="application"),
    Op(
        "POST",
        "mandate-applications/",
        write=APPLICANT | REVIEWER,
        scoped=True,
        body=lambda ids: {
            "organisation": ids["organisation"],
            "kind": "renewal",
            "frameworks": ["maatwerk"],
            "signatories": _signatories(),
        },
    ),
    Op(
        "GET",
        "mandate-applications/{id}/",
        write=APPLICANT | REVIEWER,
        record="application",
        scoped=True,
    ),
    Op(
        "GET",
        "mandate-applications/{id}/evidence/",
        write=APPLICANT | REVIEWER,
        record="application",
        scoped=True,
    ),
    Op(
        "POST",
        "mandate-applications/{id}/evidence/",
        write=APPLICANT | REVIEWER,
        record="application",
        scoped=True,
        body="pdf",
    ),
    Op(
        "GET",
        "mandate-applications/{id}/evidence/{evidence_id}/file/",
        write=APPLICANT | REVIEWER,
        record="application",
        scoped=True,
    ),
    Op(
        "GET",
        "mandate-applications/{id}/receipts/",
        write=REVIEWER,
        read=APPLICANT,
        record="application",
        scoped=True,
    ),
    Op(
        "POST",
        "mandate-applications/{id}/receipts/",
        write=REVIEWER,
        read=APPLICANT,
        record="application",
        scoped=True,
        body=lambda ids: {
            "channel": "email",
            "received_on": "2024-01-02",
            "subject": "Aanvraag mandaat doorstroombegeleiding",
            "eid_signed_by": ["A"],
        },
    ),
    Op(
        "GET",
        "mandate-applications/{id}/decision/",
        write=REVIEWER,
        read=APPLICANT,
        record="decided_application",
        scoped=True,
    ),
    Op(
        "POST",
        "mandate-applications/{id}/decision/",
        write=REVIEWER,
        read=APPLICANT,
        record="application",
        scoped=True,
        body=lambda ids: {
            "decided_on": "2024-02-01",
            "conditions": {c: {"met": True, "motivation": "Aangetoond."} for c in _CONDITIONS},
        },
        note="the draft is incomplete: 422 is past authorization",
    ),
    Op(
        "POST",
        "mandate-applications/{id}/inadmissibility/",
        write=REVIEWER,
        record="application",
        scoped=True,
        body=lambda ids: {"decided_on": "2024-02-01", "motivation": "Geen erkenning."},
        note="a draft: 409 is past authorization",
    ),
    Op(
        "POST",
        "mandate-applications/{id}/withdrawal/",
        write=APPLICANT | REVIEWER,
        record="application",
        scoped=True,
        body=lambda ids: {"withdrawn_on": "2024-02-01", "reason": "Wij stoppen."},
        note="the applicant of the organisation, or a reviewer (API.md)",
    ),
    Op(
        "GET",
        "mandates/",
        read=EVERYONE,
        lists="mandate",
        note="the register; an applicant sees its own",
    ),
    Op(
        "GET",
        "mandates/{id}/",
        read=EVERYONE,
        record="mandate",
        scoped=True,
        note="VDAB and ESF staff read every mandate (R4, R5); an applicant its own",
    ),
    Op("GET", "esf/calls/", write=ESF, read=EVERYONE, note="calls are public facts"),
    Op(
        "POST",
        "esf/calls/",
        write=ESF,
        read=EVERYONE,
        body=lambda ids: {
            "code": "999",
            "title": "Nieuwe oproep",
            "opens_on": "2030-01-01",
            "closes_on": "2030-06-30",
        },
    ),
    Op("GET", "esf/calls/{id}/", write=ESF, read=EVERYONE, record="call"),
    Op(
        "GET",
        "esf/projects/",
        write=ESF | APPLICANT,
        read=REVIEWER,
        lists="project",
        note="reviewers read projects (R2: mandate before ESF)",
    ),
    Op(
        "POST",
        "esf/projects/",
        write=ESF | APPLICANT,
        read=REVIEWER,
        scoped=True,
        body=lambda ids: {
            "organisation": ids["organisation"],
            "call": ids["call"],
            "submitted_on": "2024-03-01",
        },
    ),
    Op(
        "GET",
        "esf/projects/{id}/",
        write=ESF | APPLICANT,
        read=REVIEWER,
        record="project",
        scoped=True,
    ),
    Op(
        "POST",
        "esf/projects/{id}/decision/",
        write=ESF,
        record="project",
        scoped=True,
        body=lambda ids: {
            "approved": True,
            "decided_on": "2024-02-01",
            "starts_on": "2024-02-01",
            "ends_on": "2029-12-31",
        },
    ),
    Op("GET", "employees/", write=CONSULTANT),
    Op(
        "POST",
        "employees/",
        write=CONSULTANT,
        body=lambda ids: {
            "national_number": "90.02.01-997.04",
            "given_name": "Lotte",
            "family_name": "Peeters",
            "postal_code": "9000",
            "employer": ids["organisation"],
            "framework": "maatwerk",
            "target_group": "work_disability",
            "hired_on": "2021-01-04",
        },
    ),
    Op(
        "POST",
        "employees/search/",
        write=CONSULTANT,
        body=lambda ids: {"national_number": "90020199704"},
    ),
    Op("GET", "employees/{id}/", write=CONSULTANT, record="employee"),
    Op(
        "POST",
        "employees/{id}/support-packages/",
        write=CONSULTANT,
        record="employee",
        body=lambda ids: {
            "wage_premium_percent": 50,
            "guidance_level": "low",
            "valid_from": "2024-06-01",
            "reason": "Herevaluatie.",
        },
    ),
    Op("GET", "evaluations/", write=CONSULTANT),
    Op(
        "POST",
        "evaluations/",
        write=CONSULTANT,
        body=lambda ids: {
            "employee": ids["employee"],
            "evaluated_on": "2024-05-01",
            "needs_support": True,
            "package_still_correct": True,
            "criteria": {c: {"favourable": False, "motivation": "Nog niet."} for c in _CRITERIA},
        },
    ),
    Op("GET", "evaluations/{id}/", write=CONSULTANT, record="evaluation"),
    Op("GET", "evaluations/{id}/ranking/", write=CONSULTANT, record="evaluation"),
    Op(
        "GET",
        "referrals/",
        write=CONSULTANT,
        read=APPLICANT,
        lists="referral",
        note="an applicant: its own",
    ),
    Op(
        "POST",
        "referrals/",
        write=CONSULTANT,
        read=APPLICANT,
        body=lambda ids: {
            "evaluation": ids["evaluation"],
            "partner": ids["organisation"],
            "referred_on": "TODAY",
        },
        note="the evaluation has a referral already: 409/422 is past authorization",
    ),
    Op(
        "GET",
        "mandate-applications/{id}/letters/",
        read=APPLICANT | REVIEWER,
        record="decided_application",
        scoped=True,
    ),
    Op(
        "GET",
        "letters/{id}/pdf",
        read=APPLICANT | REVIEWER | CONSULTANT,
        record="letter",
        scoped=True,
        hidden_from=CONSULTANT,
        note="a decision letter: consultants download referral notices only, so 404 here",
    ),
    Op(
        "GET",
        "referrals/{id}/letters/",
        read=APPLICANT | CONSULTANT,
        record="referral",
        scoped=True,
    ),
    Op(
        "GET",
        "referrals/{id}/",
        write=CONSULTANT,
        read=APPLICANT,
        record="referral",
        scoped=True,
    ),
    Op(
        "GET",
        "trajectories/",
        write=APPLICANT,
        read=CONSULTANT,
        lists="trajectory",
        note="an applicant: its own",
    ),
    Op(
        "POST",
        "trajectories/",
        write=APPLICANT,
        read=CONSULTANT,
        scoped=True,
        body=lambda ids: {"referral": ids["referral"], "started_on": "TODAY"},
        note="the referral has its trajectory already: 400/409 is past authorization",
    ),
    Op(
        "GET",
        "trajectories/{id}/",
        write=APPLICANT,
        read=CONSULTANT,
        record="trajectory",
        scoped=True,
    ),
    Op(
        "POST",
        "trajectories/{id}/activities/",
        write=APPLICANT,
        read=CONSULTANT,
        record="trajectory",
        scoped=True,
        body=lambda ids: {"on": "TODAY", "kind": "guidance", "hours": "2.0", "note": "Gesprek"},
    ),
    Op(
        "POST",
        "trajectories/{id}/internships/",
        write=APPLICANT,
        read=CONSULTANT,
        record="trajectory",
        scoped=True,
        body=lambda ids: {
            "employer_enterprise_number": "0202.239.951",
            "employer_name": "Bakkerij Peeters",
            "vacancy": "Verkoper",
            "starts_on": "TODAY",
            "ends_on": "TODAY",
        },
    ),
    Op(
        "POST",
        "trajectories/{id}/suspensions/",
        write=APPLICANT,
        read=CONSULTANT,
        record="trajectory",
        scoped=True,
        body=lambda ids: {"starts_on": "TODAY", "ends_on": "TODAY", "reason": "Ziekte"},
    ),
    Op(
        "PATCH",
        "trajectories/{id}/internships/{internship_id}/",
        write=APPLICANT,
        read=CONSULTANT,
        record="trajectory",
        scoped=True,
        body=lambda ids: {"result": "stopped_early", "result_on": "TODAY"},
        note="the internship's result (R12), once",
    ),
    Op(
        "POST",
        "trajectories/{id}/outcome/",
        write=APPLICANT,
        read=CONSULTANT,
        record="trajectory",
        scoped=True,
        body=lambda ids: {"kind": "stopped", "on": "TODAY", "reason": "Verhuisd"},
    ),
    Op(
        "GET",
        "monitoring/indicators/",
        read=EVERYONE,
        note="counts only; an applicant its own organisation (R5)",
    ),
    Op(
        "POST",
        "intake/emails/",
        write=REVIEWER,
        body="email",
    ),
    Op("GET", "monitoring/export.csv", read=EVERYONE),
    Op("GET", "monitoring/export.xlsx", read=EVERYONE),
    Op(
        "GET",
        "exports/mandates.csv",
        read=REVIEWER | ESF,
        note="the reviewer decides mandates; an ESF project decision needs one (mandate_required)",
    ),
    Op("GET", "exports/mandates.xlsx", read=REVIEWER | ESF),
    Op(
        "GET",
        "exports/applications.csv",
        read=REVIEWER | APPLICANT,
        note="API.md: mandate applications are the applicant's (own) and the reviewer's",
    ),
    Op("GET", "exports/applications.xlsx", read=REVIEWER | APPLICANT),
    Op("GET", "exports/trajectories.csv", read=EVERYONE),
    Op("GET", "exports/trajectories.xlsx", read=EVERYONE),
    Op("GET", "access-log/", note="the processing log: administrators only"),
)

# -- the pages (config/urls.py and web/<role>/urls.py): every page, opened (GET) ------------------
PARTNER = APPLICANT
ESF_PAGE_TABLE = "uitstroom-per-partner"

PAGES: tuple[Op, ...] = (
    Op("GET", "/healthz", public=True),
    Op("GET", "/readyz", public=True),
    Op("GET", "/metrics", public=True, note="the test client comes from 127.0.0.1 (allowed)"),
    Op("GET", "/favicon.ico", public=True, note="the site icon; browsers ask without a session"),
    Op("GET", "/aanmelden/", public=True),
    Op("GET", "/partner/", write=PARTNER),
    Op("GET", "/partner/organisatie/", write=PARTNER, own_organisation=True),
    Op("GET", "/partner/organisatie/vestigingen/nieuw/", write=PARTNER, own_organisation=True),
    Op("GET", "/partner/organisatie/lokaal-netwerk/", write=PARTNER, own_organisation=True),
    Op("GET", "/partner/aanvragen/", write=PARTNER),
    Op("GET", "/partner/aanvragen/nieuw/", write=PARTNER, own_organisation=True),
    Op(
        "GET",
        "/partner/aanvragen/nieuw/ondertekenaars/",
        write=PARTNER,
        own_organisation=True,
        redirects=True,
        note="step 2 of the wizard: without step 1 it sends the user back",
    ),
    Op("GET", "/partner/aanvragen/{id}/", write=PARTNER, record="application", scoped=True),
    Op("GET", "/partner/aanvragen/{id}/bewijs/", write=PARTNER, record="application", scoped=True),
    Op(
        "GET",
        "/partner/aanvragen/{id}/bewijs/{evidence_id}/",
        write=PARTNER,
        record="application",
        scoped=True,
    ),
    Op(
        "GET",
        "/partner/aanvragen/{id}/bewijs/{evidence_id}/verwijderen/",
        write=PARTNER,
        record="application",
        scoped=True,
        note="issue 15: the confirm step of removing evidence before the dossier is sent",
    ),
    Op(
        "GET",
        "/partner/aanvragen/{id}/brieven/{letter_id}/",
        write=PARTNER,
        record="decided_application",
        scoped=True,
    ),
    Op(
        "GET",
        "/partner/aanvragen/{id}/versturen/",
        write=PARTNER,
        record="application",
        scoped=True,
    ),
    Op(
        "GET",
        "/partner/aanvragen/{id}/intrekken/",
        write=PARTNER,
        record="application",
        scoped=True,
    ),
    Op("GET", "/partner/mandaten/", write=PARTNER),
    Op("GET", "/partner/projecten/", write=PARTNER),
    Op("GET", "/partner/projecten/nieuw/", write=PARTNER, own_organisation=True),
    Op("GET", "/partner/toeleidingen/", write=PARTNER),
    Op("GET", "/partner/toeleidingen/{id}/", write=PARTNER, record="referral", scoped=True),
    Op("GET", "/partner/trajecten/", write=PARTNER),
    Op("GET", "/partner/trajecten/{id}/", write=PARTNER, record="trajectory", scoped=True),
    Op(
        "GET",
        "/partner/trajecten/{id}/activiteit/",
        write=PARTNER,
        record="trajectory",
        scoped=True,
    ),
    Op("GET", "/partner/trajecten/{id}/stage/", write=PARTNER, record="trajectory", scoped=True),
    Op(
        "GET",
        "/partner/trajecten/{id}/stage/{internship_id}/resultaat/",
        write=PARTNER,
        record="trajectory",
        scoped=True,
    ),
    Op(
        "GET",
        "/partner/trajecten/{id}/schorsing/",
        write=PARTNER,
        record="trajectory",
        scoped=True,
    ),
    Op(
        "GET",
        "/partner/trajecten/{id}/uitkomst/",
        write=PARTNER,
        record="trajectory",
        scoped=True,
    ),
    Op("GET", "/beoordeling/", write=REVIEWER),
    Op("GET", "/beoordeling/aanvragen/{id}/", write=REVIEWER, record="application"),
    Op(
        "GET",
        "/beoordeling/aanvragen/{id}/bewijs/{evidence_id}/",
        write=REVIEWER,
        record="application",
    ),
    Op(
        "GET",
        "/beoordeling/aanvragen/{id}/brieven/{letter_id}/",
        write=REVIEWER,
        record="decided_application",
    ),
    Op("GET", "/beoordeling/berichten/", write=REVIEWER),
    Op("GET", "/beoordeling/berichten/{id}/", write=REVIEWER, record="incoming_email"),
    Op("GET", "/beoordeling/aanvragen/{id}/ontvangst/", write=REVIEWER, record="application"),
    Op("GET", "/beoordeling/aanvragen/{id}/beslissing/", write=REVIEWER, record="application"),
    Op(
        "GET",
        "/beoordeling/aanvragen/{id}/onontvankelijk/",
        write=REVIEWER,
        record="application",
    ),
    Op(
        "GET",
        "/beoordeling/aanvragen/{id}/beslissing/voorbeeld/",
        write=REVIEWER,
        record="application",
    ),
    Op("GET", "/beoordeling/mandaten/", write=REVIEWER),
    Op("GET", "/begeleiding/", write=CONSULTANT),
    Op("GET", "/begeleiding/zoeken/", write=CONSULTANT),
    Op("GET", "/begeleiding/werknemers/nieuw/", write=CONSULTANT),
    Op("GET", "/begeleiding/werknemers/{id}/", write=CONSULTANT, record="employee"),
    Op("GET", "/begeleiding/werknemers/{id}/evaluatie/", write=CONSULTANT, record="employee"),
    Op(
        "POST",
        "/begeleiding/werknemers/{id}/evaluatie/toetsing/",
        write=CONSULTANT,
        record="employee",
        note="htmx feedback on the evaluation form: POST only",
    ),
    Op(
        "GET",
        "/begeleiding/evaluaties/{id}/rangschikking/",
        write=CONSULTANT,
        record="evaluation",
    ),
    Op(
        "GET",
        "/begeleiding/evaluaties/{id}/toeleiden/",
        write=CONSULTANT,
        record="evaluation",
        redirects=True,
        note="the evaluation is referred already: sent to its referral",
    ),
    Op("GET", "/begeleiding/toeleidingen/{id}/", write=CONSULTANT, record="referral"),
    Op("GET", "/begeleiding/trajecten/", write=CONSULTANT),
    Op("GET", "/begeleiding/trajecten/{id}/", write=CONSULTANT, record="trajectory"),
    Op("GET", "/esf/", write=ESF),
    Op("GET", "/esf/projecten/{id}/", write=ESF, record="project"),
    Op("GET", "/esf/monitoring/", write=STAFF, note="R5: VDAB and ESF see the same indicators"),
    Op("GET", "/esf/monitoring/export/{table}.csv", write=STAFF),
    Op("GET", "/esf/monitoring/export/{table}.xlsx", write=STAFF),
    # The functional administrator's pages (web/beheer): the admin role only.
    *(
        Op("GET", f"/beheer/{path}", record=record)
        for path, record in (
            ("", ""),
            ("gebruikers/", ""),
            ("gebruikers/nieuw/", ""),
            ("gebruikers/{id}/", "user"),
            ("gebruikers/{id}/wijzigen/", "user"),
            ("organisaties/", ""),
            ("organisaties/nieuw/", ""),
            ("organisaties/{id}/", "organisation"),
            ("organisaties/{id}/wijzigen/", "organisation"),
            ("organisaties/{id}/erkenningen/nieuw/", "organisation"),
            ("organisaties/{id}/vestigingen/nieuw/", "organisation"),
            ("organisaties/{id}/lokaal-netwerk/", "organisation"),
            ("oproepen/", ""),
            ("oproepen/nieuw/", ""),
            ("oproepen/{id}/", "call"),
            ("oproepen/{id}/wijzigen/", "call"),
        )
    ),
    Op(
        "POST",
        "/beheer/gebruikers/{id}/sleutel-intrekken/",
        record="user",
        redirects=True,
        note="revokes the user's API key, then back to the user's page",
    ),
)
