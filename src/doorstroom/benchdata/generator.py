"""A believable Flanders at scale N, written row by row into an empty database.

Scale 1 is Flanders as the public sources describe it (DOMAIN.md "Scale"): about 25,000
target-group employees at 140 custom-work employers, 40 mandated partners with 120 sites, and
about 4,000 trajectories over eight years with their activities, internships, suspensions,
outcomes and history. Scale N is N times each. Real municipalities and postal codes (the
committed reference tables), valid national and enterprise numbers (python-stdnum's checks),
spreads over the five Flemish provinces by their share of the population.

The services are too slow for millions of rows, so this module writes the rows directly
(`writer.Writer`: COPY on PostgreSQL, executemany on SQLite) and computes what the services
would have stored: the keyed hash and mask of the national number, the application's derived
status and dates, the decision's judgements, the history row of every domain record.
The organisations are generated here; the employees and their journeys, nearly all the rows,
in fixed-size chunks by worker processes (`people.py`). The same seed and anchor date give the
same rows, whatever the number of workers.
"""

from __future__ import annotations

import os
import random
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model

from doorstroom.benchdata import people
from doorstroom.benchdata.names import GIVEN as DEMO_GIVEN
from doorstroom.benchdata.writer import Writer, columns_of, history_plan
from doorstroom.common.identifiers import enterprise_number_for
from doorstroom.employees.models import CriterionJudgement, Employee, Evaluation, SupportPackage
from doorstroom.esf.models import Call, Project, ProjectDecision
from doorstroom.mandates.models import (
    ConditionJudgement,
    Decision,
    Mandate,
    MandateApplication,
    Receipt,
    Signatory,
)
from doorstroom.monitoring import tally as monitoring_tally
from doorstroom.organisations.models import Organisation, Recognition, ServedMunicipality, Site
from doorstroom.organisations.partner_facts import stamp_bump
from doorstroom.places.models import PostalCode
from doorstroom.referrals.models import Referral
from doorstroom.rules import mandates as mandate_rules
from doorstroom.rules.codes import CONDITIONS, CRITERIA, TARGET_GROUPS
from doorstroom.trajectories import experience
from doorstroom.trajectories import totals as trajectory_totals
from doorstroom.trajectories.models import Activity, Internship, Outcome, Suspension, Trajectory

#: The default anchor ("today" of the data): fixed, so a seed always gives the same rows.
ANCHOR = date(2026, 11, 1)
YEARS = 8
#: No evaluation (hence no trajectory) before the Maatwerk decree's order came into force: the
#: trajectory parameters (phases) have no value before it, and the services would refuse.
FIRST_RULE_DAY = date(2019, 1, 1)
EMPLOYEES = 25_000
EMPLOYERS = 140
PARTNERS = 40
SITES_PER_PARTNER = 3
PENDING_APPLICANTS = 12
TRAJECTORIES = 4_000
#: Share of the Flemish population per province (Statbel 2024, rounded).
PROVINCES = {
    "10000": 0.28,  # Antwerpen
    "40000": 0.23,  # Oost-Vlaanderen
    "30000": 0.18,  # West-Vlaanderen
    "20001": 0.17,  # Vlaams-Brabant
    "70000": 0.14,  # Limburg
}
# The demo's first names, then more for the larger population.
GIVEN = [
    *DEMO_GIVEN,
    "Marie",
    "Lucas",
    "Emma",
    "Louis",
    "Julie",
    "Arthur",
    "Laura",
    "Noah",
    "Hanne",
    "Liam",
    "Charlotte",
    "Jules",
    "Anouk",
    "Wout",
    "Kato",
    "Senne",
    "Fien",
    "Robbe",
    "Yasmina",
    "Bilal",
    "Ayse",
    "Emre",
    "Olga",
    "Piotr",
    "Ana",
    "Mamadou",
    "Aline",
    "Geert",
    "Hilde",
    "Marc",
    "Kris",
    "Ilse",
    "Dirk",
    "Veerle",
    "Johan",
    "Nathalie",
    "Steven",
    "Katrien",
    "Filip",
    "Griet",
    "Rudi",
    "Annelies",
]
FAMILY = [
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Claes",
    "Goossens",
    "Wouters",
    "De",
    "Smet",
    "Dubois",
    "Hermans",
    "Aerts",
    "Vermeulen",
    "Van",
    "den",
    "Broeck",
    "Pauwels",
    "Martens",
    "Smets",
    "Bogaert",
    "El",
    "Amrani",
    "Lemmens",
    "Verhoeven",
    "Coppens",
    "Van",
    "Damme",
    "De",
    "Clercq",
    "Michiels",
    "Stevens",
    "Hendrickx",
    "Vandenberghe",
    "De",
    "Vos",
    "Declercq",
    "Desmet",
    "Wuyts",
    "Cools",
    "Verstraete",
    "Van",
    "de",
    "Velde",
    "Dewilde",
    "Segers",
    "Baert",
    "Leroy",
    "Claeys",
    "Lambrechts",
    "Thys",
    "Bauwens",
    "Vervoort",
    "Van",
    "Acker",
    "Yilmaz",
    "Kaya",
    "Benali",
    "Bouzid",
    "Nowak",
    "Kowalski",
    "Diallo",
    "Ceulemans",
    "Devos",
    "Verbeke",
    "Geerts",
    "Vos",
    "Heylen",
    "Nijs",
    "Luyten",
    "Boons",
    "Schepers",
    "Van",
    "Hoof",
    "Moens",
    "Dierickx",
]
STREETS = [
    "Stationsstraat",
    "Kerkstraat",
    "Dorpsstraat",
    "Molenstraat",
    "Nieuwstraat",
    "Schoolstraat",
    "Kapelstraat",
    "Beekstraat",
    "Hoogstraat",
    "Markt",
    "Industrieweg",
    "Ambachtenlaan",
    "Nijverheidsstraat",
    "Zandstraat",
]
EMPLOYER_KINDS = (
    "Maatwerkbedrijf",
    "Atelier",
    "Werkplaats",
    "Groep",
    "Maatwerk",
    "LDE Buurtdienst",
)
PARTNER_KINDS = ("Trajectwerk", "Werkpunt", "Stapsteen", "Loopbaanhuis", "Jobkracht", "De Brug")
INTERN_EMPLOYERS = (
    "Bakkerij",
    "Garage",
    "Tuinaanleg",
    "Schoonmaak",
    "Logistiek",
    "Drukkerij",
    "Zorgcentrum",
    "Supermarkt",
    "Hotel",
    "Bouwbedrijf",
)
VACANCIES = (
    "Winkelbediende",
    "Magazijnier",
    "Tuinman",
    "Schoonmaker",
    "Keukenhulp",
    "Chauffeur",
    "Productiemedewerker",
    "Onthaalmedewerker",
    "Zorgkundige",
    "Heftruckchauffeur",
)
ACTIVITY_NOTES = ("", "", "Gesprek op kantoor.", "Sollicitatie voorbereid.", "Bezoek werkgever.")


@dataclass
class Counters:
    """The next primary key per table: the database is empty, so we count from 1."""

    next: dict[str, int] = field(default_factory=lambda: defaultdict(lambda: 1))

    def __call__(self, table: str) -> int:
        value = self.next[table]
        self.next[table] = value + 1
        return value


@dataclass
class Place:
    code: str
    nis: str
    province: str
    arrondissement: str


@dataclass
class Report:
    scale: float
    seed: int
    rows: int = 0
    counts: dict[str, int] = field(default_factory=dict)


#: How a UTC timestamp is spelled for the database: PostgreSQL wants the offset, SQLite (as
#: Django stores it) does not. Set by the generator from the connection's vendor.
STAMP_SUFFIX = {"postgresql": "+00"}


def stamp(day: date, rng: random.Random, suffix: str = "") -> str:
    """A time during office hours on ``day`` (UTC), for created_at and history."""
    return f"{day.isoformat()} {7 + rng.randrange(9):02d}:{rng.randrange(60):02d}:00{suffix}"


def database_is_empty() -> bool:
    return not (Organisation.objects.exists() or Employee.objects.exists() or Call.objects.exists())


def _places() -> dict[str, list[Place]]:
    """Flemish postal codes with coordinates, per province."""
    by_province: dict[str, list[Place]] = defaultdict(list)
    rows = (
        PostalCode.objects.filter(municipality__region_code="02000", latitude__isnull=False)
        .order_by("code", "municipality_id")
        .values_list(
            "code",
            "municipality_id",
            "municipality__province_code",
            "municipality__arrondissement_code",
        )
    )
    seen = set()
    for code, nis, province, arrondissement in rows:
        if code in seen:
            continue
        seen.add(code)
        by_province[province].append(Place(code, nis, province, arrondissement))
    if not by_province:
        raise RuntimeError("The places reference tables are empty: run migrate first.")
    return by_province


class Generator:
    def __init__(
        self,
        *,
        scale: float,
        seed: int = 1,
        anchor: date = ANCHOR,
        progress: Callable[[int, str], None] | None = None,
        workers: int | None = None,
        chunk: int = people.CHUNK,
        drop_indexes: bool = True,
    ) -> None:
        """``workers``: processes generating the employees (default: one per CPU); ``chunk``:
        employees per chunk, fixed (the rows depend on it; smaller only to test with)."""
        self.scale = scale
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        self.chunk = chunk
        self.drop_indexes = drop_indexes
        self.seed = seed
        self.today = anchor
        self.first_day = anchor - relativedelta(years=YEARS)
        self.rng = random.Random(seed)  # noqa: S311 (benchmark data, not security)
        self.ids = Counters()
        self.writer = Writer()
        self.progress = progress or (lambda n, label: None)
        self.places = _places()
        self.provinces = [p for p in PROVINCES if p in self.places]
        self.weights = [PROVINCES[p] for p in self.provinces]
        self.counts: dict[str, int] = defaultdict(int)
        self.suffix = STAMP_SUFFIX.get(connection.vendor, "")
        self.postgres = connection.vendor == "postgresql"
        self.parallel_writes = False  # set by run()

    def stamp(self, day: date, rng: random.Random) -> str:
        return stamp(day, rng, self.suffix)

    def n(self, base: int, minimum: int = 1) -> int:
        return max(minimum, round(base * self.scale))

    def place(self, province: str | None = None) -> Place:
        if province is None:
            province = self.rng.choices(self.provinces, self.weights)[0]
        return self.rng.choice(self.places[province])

    def street(self) -> str:
        return f"{self.rng.choice(STREETS)} {self.rng.randrange(1, 180)}"

    def day_between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randrange(max(1, (end - start).days + 1)))

    def add(
        self, model: type[Model], fields: list[str], rows: list[tuple], history: bool = True
    ) -> None:
        created_index = fields.index("created_at") if history and "created_at" in fields else None
        self.writer.add(model, fields, rows, created_index=created_index)
        self.counts[model._meta.label] += len(rows)

    # --- totals, for the progress bar ----------------------------------------------------

    def total_steps(self) -> int:
        return 3 + (self.n(EMPLOYEES) + self.chunk - 1) // self.chunk

    def run(self) -> Report:
        """Organisations first (one transaction), then the people in chunks, then the totals.

        On PostgreSQL the workers write the chunks over their own connections, one
        transaction per chunk, so the organisations are committed before they start: a run
        that fails half-way leaves a partial database (drop it and generate again). On SQLite,
        or when called inside a transaction (tests), all of it is one transaction: the workers
        only generate and this process writes (their own commits could not be rolled back)."""
        self.parallel_writes = self.postgres and not connection.in_atomic_block
        with transaction.atomic():
            if self.postgres:
                with connection.cursor() as cursor:
                    # Bulk load: the FK triggers would queue an event per row until commit.
                    cursor.execute("SET LOCAL session_replication_role = replica")
            self.calls()
            self.progress(1, "ESF calls")
            self.employers_rows = self.employers()
            self.progress(1, "employers")
            self.partners_rows = self.partners()
            self.writer.flush()
            self.progress(1, "partners and mandates")
            if not self.parallel_writes:
                self.employees_and_journeys()
        if self.parallel_writes:
            dropped = self.drop_secondary_indexes() if self.drop_indexes else []
            try:
                self.employees_and_journeys()
            finally:  # also after a failure: a partial database still gets its indexes
                self.recreate_indexes(dropped)
        with transaction.atomic():
            self.writer.reset_sequences()
            experience.rebuild()  # the outcomes were bulk-loaded, not recorded one by one
            stamp_bump()  # every partner fact was bulk-loaded: no process may keep older ones
            monitoring_tally.rebuild()  # likewise the indicators' facts (bulk writes, no signals)
            trajectory_totals.rebuild()  # and each trajectory's hours, internships, suspensions
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics for the new tables
        report = Report(scale=self.scale, seed=self.seed, rows=self.writer.rows_written)
        report.counts = dict(self.counts)
        return report

    # --- ESF calls -------------------------------------------------------------------------

    def calls(self) -> None:
        rows = []
        self.call_ids = []
        for code, title, opens, closes in (
            ("333", "Doorstroom uit maatwerk 2018", date(2018, 3, 1), date(2018, 5, 31)),
            ("380", "Doorstroombegeleiding 2020", date(2020, 2, 1), date(2020, 4, 30)),
            ("432", "Doorstroombegeleiding 2023", date(2023, 1, 15), date(2023, 4, 15)),
            ("510", "Doorstroombegeleiding 2026", date(2026, 1, 15), date(2026, 4, 15)),
        ):
            pk = self.ids("call")
            self.call_ids.append((pk, opens, closes))
            created = self.stamp(opens - timedelta(days=30), self.rng)
            rows.append((pk, created, created, code, title, opens, closes))
        self.add(
            Call, ["id", "created_at", "updated_at", "code", "title", "opens_on", "closes_on"], rows
        )

    # --- employers -------------------------------------------------------------------------

    ORG_FIELDS = [
        "id",
        "created_at",
        "updated_at",
        "enterprise_number",
        "name",
        "postal_code",
        "street",
        "email",
        "current_participant",
        "current_participant_motivation",
    ]

    def _organisation(self, base: int, name: str, place: Place, created: str) -> tuple:
        pk = self.ids("organisation")
        slug = name.lower().replace(" ", "")[:20]
        return (
            pk,
            created,
            created,
            enterprise_number_for(base),
            name,
            place.code,
            self.street(),
            f"info@{slug}.be",
            False,
            "",
        )

    def employers(self) -> list[tuple[int, Place, str]]:
        """Custom-work companies and LDE employers: (id, place, framework)."""
        rows, out = [], []
        for i in range(self.n(EMPLOYERS)):
            place = self.place()
            framework = "lde" if i % 6 == 5 else "maatwerk"
            kind = EMPLOYER_KINDS[5] if framework == "lde" else self.rng.choice(EMPLOYER_KINDS[:5])
            name = f"{kind} {place.code}-{i + 1}"
            created = self.stamp(
                self.first_day - timedelta(days=self.rng.randrange(30, 400)), self.rng
            )
            row = self._organisation(2_000_000 + i, name, place, created)
            rows.append(row)
            out.append((row[0], place, framework))
        self.add(Organisation, self.ORG_FIELDS, rows)
        return out

    # --- partners: recognition, sites, network, applications, mandates, ESF projects -------

    def partners(self) -> list[dict]:  # noqa: C901 (one pass over the partners)
        orgs, sites, recognitions, network = [], [], [], []
        partners = []
        apps, signatories, receipts, decisions, judgements, mandates = [], [], [], [], [], []
        projects, project_decisions = [], []
        municipalities_by_arr: dict[str, list[str]] = defaultdict(list)
        for places in self.places.values():
            for p in places:
                if p.nis not in municipalities_by_arr[p.arrondissement]:
                    municipalities_by_arr[p.arrondissement].append(p.nis)
        n_partners = self.n(PARTNERS)
        n_pending = self.n(PENDING_APPLICANTS)
        for i in range(n_partners + n_pending):
            pending = i >= n_partners
            place = self.place()
            name = f"{self.rng.choice(PARTNER_KINDS)} {place.code}-{i + 1} vzw"
            created = self.stamp(
                self.first_day - timedelta(days=self.rng.randrange(30, 700)), self.rng
            )
            org = self._organisation(7_000_000 + i, name, place, created)
            orgs.append(org)
            pk = org[0]
            # Recognition (R1): label and registration since the decree; a few have lapsed.
            rec_from = date(2019, 9, 2) + timedelta(days=self.rng.randrange(0, 500))
            rec_until = (
                None if self.rng.random() > 0.05 else self.day_between(date(2024, 1, 1), self.today)
            )
            recognitions.append(
                (
                    self.ids("recognition"),
                    self.stamp(rec_from, self.rng),
                    self.stamp(rec_from, self.rng),
                    pk,
                    f"L-{pk:06d}",
                    f"R-{pk:06d}",
                    rec_from,
                    rec_until,
                )
            )
            for s in range(SITES_PER_PARTNER):
                site_place = place if s == 0 else self.place(place.province)
                sites.append(
                    (
                        self.ids("site"),
                        created,
                        created,
                        pk,
                        f"{name.split()[0]} {site_place.code}",
                        site_place.code,
                        self.street(),
                    )
                )
            served = set(municipalities_by_arr[place.arrondissement])
            served |= {self.place(place.province).nis for _ in range(3)}
            for nis in sorted(served):
                network.append((self.ids("served"), pk, nis))
            frameworks = "lde,maatwerk" if self.rng.random() < 0.3 else "maatwerk"
            partner = {"id": pk, "place": place, "frameworks": frameworks}
            if pending:
                apps_for = [self._pending_application(pk, frameworks)]
            else:
                partners.append(partner)
                apps_for = self._mandated_applications(pk, frameworks)
            for app in apps_for:
                apps.append(app["row"])
                signatories.extend(app["signatories"])
                receipts.extend(app["receipts"])
                if "decision" in app:
                    decisions.append(app["decision"])
                    judgements.extend(app["judgements"])
                if "mandate" in app:
                    mandates.append(app["mandate"])
            if not pending:
                # ESF projects: one per call since the first mandate, approved.
                for call_pk, opens, closes in self.call_ids[1:]:
                    if opens > self.today:
                        continue
                    project_pk = self.ids("project")
                    submitted = opens + timedelta(days=self.rng.randrange(10, 60))
                    decided = min(closes + timedelta(days=self.rng.randrange(20, 60)), self.today)
                    starts = decided + timedelta(days=15)
                    ends = starts + relativedelta(years=3) - timedelta(days=1)
                    projects.append(
                        (
                            project_pk,
                            self.stamp(submitted, self.rng),
                            self.stamp(decided, self.rng),
                            pk,
                            call_pk,
                            submitted,
                            "approved",
                        )
                    )
                    project_decisions.append(
                        (
                            self.ids("project_decision"),
                            self.stamp(decided, self.rng),
                            self.stamp(decided, self.rng),
                            project_pk,
                            True,
                            decided,
                            starts,
                            ends,
                            "{}",
                            None,
                        )
                    )
        self.add(Organisation, self.ORG_FIELDS, orgs)
        self.add(
            Recognition,
            [
                "id",
                "created_at",
                "updated_at",
                "organisation",
                "label_number",
                "registration_number",
                "valid_from",
                "valid_until",
            ],
            recognitions,
        )
        self.add(
            Site,
            ["id", "created_at", "updated_at", "organisation", "name", "postal_code", "street"],
            sites,
        )
        self.writer.add(ServedMunicipality, ["id", "organisation", "municipality"], network)
        self.counts["organisations.ServedMunicipality"] += len(network)
        self.add(MandateApplication, self.APP_FIELDS, [a for a in apps if a[3] is None])
        self.add(
            Signatory,
            ["id", "application", "name", "function", "position"],
            signatories,
            history=False,
        )
        self.add(
            Receipt,
            [
                "id",
                "created_at",
                "updated_at",
                "application",
                "channel",
                "received_on",
                "subject",
                "subject_ok",
                "tracking_number",
                "eid_signed_by",
                "registered_by",
            ],
            receipts,
        )
        self.add(
            Decision,
            [
                "id",
                "created_at",
                "updated_at",
                "application",
                "outcome",
                "decided_on",
                "starts_on",
                "reasons",
                "trace",
                "decided_by",
                "motivation",
            ],
            [(*decision, "") for decision in decisions],
        )
        self.add(
            ConditionJudgement,
            ["id", "decision", "condition", "met", "motivation", "framework"],
            [(*judgement, "") for judgement in judgements],
            history=False,
        )
        self.add(
            Mandate,
            [
                "id",
                "created_at",
                "updated_at",
                "organisation",
                "application",
                "frameworks",
                "valid_from",
                "valid_until",
                "expired_on",
                "renewal_reminder_queued_on",
            ],
            mandates,
        )
        # Renewal applications point at the mandate they renew: written after the mandates.
        self.add(MandateApplication, self.APP_FIELDS, [a for a in apps if a[3] is not None])
        self.add(
            Project,
            ["id", "created_at", "updated_at", "organisation", "call", "submitted_on", "status"],
            projects,
        )
        self.add(
            ProjectDecision,
            [
                "id",
                "created_at",
                "updated_at",
                "project",
                "approved",
                "decided_on",
                "starts_on",
                "ends_on",
                "trace",
                "decided_by",
            ],
            project_decisions,
        )
        return partners

    APP_FIELDS = [
        "id",
        "created_at",
        "updated_at",
        "organisation",
        "renews",
        "kind",
        "frameworks",
        "status",
        "received_on",
        "completed_on",
        "decision_due_on",
        "overdue_since",
        "admissible",
        "submission_trace",
        "admissibility_trace",
        "created_by",
        "decision_target",
    ]

    def _application(
        self,
        org: int,
        frameworks: str,
        *,
        received: date | None,
        status: str,
        renews: int | None = None,
        paper: bool = True,
    ) -> dict:
        pk = self.ids("application")
        created_day = (received or self.today) - timedelta(days=self.rng.randrange(3, 20))
        created = self.stamp(created_day, self.rng)
        chair = f"{self.rng.choice(GIVEN)} {self.rng.choice(FAMILY)}"
        director = chair
        while director == chair:  # a signatory's name is unique per application
            director = f"{self.rng.choice(GIVEN)} {self.rng.choice(FAMILY)}"
        sigs = [
            (self.ids("signatory"), pk, chair, "voorzitter", 0),
            (self.ids("signatory"), pk, director, "directeur", 1),
        ]
        receipts: list[tuple[Any, ...]] = []
        completed = due = None
        if received is not None:
            receipts.append(
                (
                    self.ids("receipt"),
                    self.stamp(received, self.rng),
                    self.stamp(received, self.rng),
                    pk,
                    "email",
                    received,
                    mandate_rules.expected_email_subject(on=received).as_str(),
                    True,
                    "",
                    "[]",
                    None,
                )
            )
            if paper:
                letter = received + timedelta(days=self.rng.randrange(0, 6))
                receipts.append(
                    (
                        self.ids("receipt"),
                        self.stamp(letter, self.rng),
                        self.stamp(letter, self.rng),
                        pk,
                        "registered_letter",
                        letter,
                        "",
                        None,
                        f"RR{pk:09d}BE",
                        "[]",
                        None,
                    )
                )
                completed = letter
                due = mandate_rules.decision_due_on(completed_on=completed)[0]
        overdue = due + timedelta(days=1) if due and status == "overdue" else None
        admissible = None if received is None else True
        row = (
            pk,
            created,
            created,
            org,
            renews,
            "renewal" if renews else "new",
            frameworks,
            status,
            received,
            completed,
            due,
            overdue,
            admissible,
            "{}",
            "{}",
            None,
            "{}",
        )
        return {
            "id": pk,
            "row": row,
            "signatories": sigs,
            "receipts": receipts,
            "due": due,
            "completed": completed,
        }

    def _decide(self, app: dict, org: int, frameworks: str, approved: bool) -> None:
        decided = min(app["completed"] + timedelta(days=self.rng.randrange(20, 75)), self.today)
        decision_pk = self.ids("decision")
        app["decided"] = decided
        app["decision"] = (
            decision_pk,
            self.stamp(decided, self.rng),
            self.stamp(decided, self.rng),
            app["id"],
            "approved" if approved else "rejected",
            decided,
            decided,
            "[]",
            "{}",
            None,
        )
        failing = None if approved else self.rng.choice(CONDITIONS)
        app["judgements"] = [
            (
                self.ids("judgement"),
                decision_pk,
                c,
                c != failing,
                "Aangetoond met concrete stukken in het dossier."
                if c != failing
                else "Onvoldoende aangetoond.",
            )
            for c in CONDITIONS
        ]
        if approved:
            until = mandate_rules.mandate_period(starts_on=decided).valid_until
            app["mandate_id"] = self.ids("mandate")
            app["until"] = until
            app["mandate"] = (
                app["mandate_id"],
                self.stamp(decided, self.rng),
                self.stamp(decided, self.rng),
                org,
                app["id"],
                frameworks,
                decided,
                until,
                until + timedelta(days=1) if until < self.today else None,
                None,
            )

    def _mandated_applications(self, org: int, frameworks: str) -> list[dict]:
        first_received = self.day_between(date(2019, 2, 1), date(2021, 6, 30))
        first = self._application(org, frameworks, received=first_received, status="approved")
        self._decide(first, org, frameworks, approved=True)
        out = [first]
        renewal_received = first["until"] - timedelta(days=self.rng.randrange(60, 200))
        if renewal_received <= self.today - timedelta(days=90):
            renewal = self._application(
                org,
                frameworks,
                received=renewal_received,
                status="approved",
                renews=first["mandate_id"],
            )
            self._decide(renewal, org, frameworks, approved=True)
            out.append(renewal)
        elif renewal_received <= self.today:
            status = self.rng.choice(["complete", "incomplete"])
            renewal = self._application(
                org,
                frameworks,
                received=renewal_received,
                status=status,
                renews=first["mandate_id"],
                paper=status == "complete",
            )
            out.append(renewal)
        return out

    def _pending_application(self, org: int, frameworks: str) -> dict:
        status = self.rng.choice(
            ["draft", "incomplete", "complete", "complete", "overdue", "rejected"]
        )
        if status == "draft":
            return self._application(org, frameworks, received=None, status=status)
        if status == "overdue":
            received = self.today - timedelta(days=self.rng.randrange(70, 120))
        elif status == "rejected":
            received = self.day_between(date(2021, 1, 1), self.today - timedelta(days=120))
        else:
            received = self.today - timedelta(days=self.rng.randrange(1, 55))
        app = self._application(
            org, frameworks, received=received, status=status, paper=status != "incomplete"
        )
        if status == "rejected":
            self._decide(app, org, frameworks, approved=False)
        return app

    # --- employees and their journeys: in chunks, in worker processes (`people.py`) ----------

    #: The people's tables, in writing order: (key, model, fields, at most rows per employee).
    PEOPLE: tuple[tuple[str, type[Model], list[str], int], ...] = (
        (
            "employee",
            Employee,
            [
                "id",
                "created_at",
                "updated_at",
                "national_number_hash",
                "national_number_masked",
                "given_name",
                "family_name",
                "postal_code",
                "municipality",
                "employer",
                "framework",
                "target_groups",
                "hired_on",
            ],
            1,
        ),
        (
            "package",
            SupportPackage,
            [
                "id",
                "created_at",
                "updated_at",
                "employee",
                "version",
                "wage_premium_percent",
                "guidance_level",
                "valid_from",
                "valid_until",
                "reason",
                "created_by",
                "trace",
            ],
            1,
        ),
        (
            "evaluation",
            Evaluation,
            [
                "id",
                "created_at",
                "updated_at",
                "employee",
                "evaluated_on",
                "needs_support",
                "package_still_correct",
                "adjusted_package",
                "decision",
                "reasons",
                "transition_starts_on",
                "employer_in_trajectory",
                "trace",
                "consultant",
            ],
            1,
        ),
        (
            "criterion",
            CriterionJudgement,
            ["id", "evaluation", "criterion", "favourable", "motivation"],
            len(CRITERIA),
        ),
        (
            "referral",
            Referral,
            [
                "id",
                "created_at",
                "updated_at",
                "evaluation",
                "employee",
                "partner",
                "referred_on",
                "due_on",
                "chosen_rank",
                "override_reason",
                "ranking",
                "due_notified_on",
                "consultant",
            ],
            1,
        ),
        (
            "trajectory",
            Trajectory,
            [
                "id",
                "created_at",
                "updated_at",
                "referral",
                "employee",
                "partner",
                "started_on",
                "ended_on",
            ],
            1,
        ),
        (
            "activity",
            Activity,
            [
                "id",
                "created_at",
                "updated_at",
                "trajectory",
                "on",
                "kind",
                "hours",
                "note",
                "recorded_by",
            ],
            people.ACTIVITIES[1] - 1,
        ),
        (
            "internship",
            Internship,
            [
                "id",
                "created_at",
                "updated_at",
                "trajectory",
                "employer_enterprise_number",
                "employer_name",
                "vacancy",
                "starts_on",
                "ends_on",
                "result",
                "result_on",
                "trace",
            ],
            1,
        ),
        (
            "suspension",
            Suspension,
            ["id", "created_at", "updated_at", "trajectory", "starts_on", "ends_on", "reason"],
            1,
        ),
        (
            "outcome",
            Outcome,
            [
                "id",
                "created_at",
                "updated_at",
                "trajectory",
                "kind",
                "on",
                "employer_enterprise_number",
                "employer_name",
                "first_working_day",
                "reason",
                "beyond_employee",
                "recorded_by",
                "trace",
            ],
            1,
        ),
    )

    def people_spec(self) -> people.Spec:
        """What the chunks need, as plain data (a spawned worker has no Django)."""
        tables = []
        for key, model, fields, per_employee in self.PEOPLE:
            plan = history_plan(model, fields)
            tables.append(
                people.Table(
                    key=key,
                    table=model._meta.db_table,
                    columns=tuple(columns_of(model, fields)),
                    per_employee=per_employee,
                    history_table=plan[0] if plan else None,
                    history_columns=tuple(plan[1]) if plan else (),
                    history_keep=tuple(plan[2]) if plan else (),
                    created_index=fields.index("created_at") if plan else None,
                )
            )
        employers: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for pk, place, framework in self.employers_rows:
            employers[place.province].append((pk, framework))
        partners: dict[str, list[int]] = defaultdict(list)
        for partner in self.partners_rows:
            partners[partner["place"].province].append(partner["id"])
        cum_weights = list(accumulate(self.weights))
        return people.Spec(
            seed=self.seed,
            total=self.n(EMPLOYEES),
            chunk=self.chunk,
            today=self.today,
            first_day=self.first_day,
            timestamp_suffix=self.suffix,
            hash_key=settings.NATIONAL_NUMBER_HASH_KEY.encode(),
            provinces=tuple(self.provinces),
            province_cum_weights=tuple(cum_weights),
            places={
                province: tuple((p.code, p.nis) for p in places)
                for province, places in self.places.items()
            },
            employers={k: tuple(v) for k, v in employers.items()},
            all_employers=tuple((pk, framework) for pk, _, framework in self.employers_rows),
            partners={k: tuple(v) for k, v in partners.items()},
            all_partners=tuple(p["id"] for p in self.partners_rows),
            target_groups={k: tuple(v) for k, v in TARGET_GROUPS.items()},
            criteria=tuple(CRITERIA),
            first_rule_day=FIRST_RULE_DAY,
            trajectory_share=TRAJECTORIES / EMPLOYEES,
            given=tuple(GIVEN),
            family=tuple(FAMILY),
            intern_employers=INTERN_EMPLOYERS,
            vacancies=VACANCIES,
            activity_notes=ACTIVITY_NOTES,
            tables=tuple(tables),
            conninfo=_conninfo() if self.parallel_writes else None,
        )

    def drop_secondary_indexes(self) -> list[str]:
        """Drop the people's plain (non-unique, non-constraint) indexes; their definitions.

        PostgreSQL only. Building an index once over the loaded table (a sort) is cheaper than
        inserting millions of random keys (hashes, names) into it row by row. Unique indexes
        and constraints stay: they keep the data honest during the load."""
        tables = []
        for _, model, _, _ in self.PEOPLE:
            tables.append(model._meta.db_table)
            history = getattr(getattr(model, "history", None), "model", None)
            if history is not None:
                tables.append(history._meta.db_table)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)"
                " FROM pg_index i WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisunique"
                " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)"
                " ORDER BY 1",
                [tables],
            )
            found = cursor.fetchall()
            for name, _ in found:
                cursor.execute(f"DROP INDEX {name}")  # from the catalogue, already quoted
        return [definition for _, definition in found]

    def recreate_indexes(self, definitions: list[str]) -> None:
        """Build the dropped indexes again, over ``workers`` connections at a time.

        Each build reads its table and sorts; two builds on one table do not block each other
        (CREATE INDEX takes a SHARE lock), so the builds spread over the cores like the load."""
        if self.workers <= 1 or len(definitions) <= 1:
            with transaction.atomic(), connection.cursor() as cursor:
                for definition in definitions:
                    cursor.execute(definition)
            return
        import psycopg

        todo = list(definitions)
        params = _conninfo()

        def build() -> None:
            with psycopg.connect(**params, autocommit=True) as conn:
                while True:
                    try:
                        definition = todo.pop()
                    except IndexError:
                        return
                    conn.execute(definition)

        builders = min(self.workers, len(definitions))
        with ThreadPoolExecutor(max_workers=builders) as pool:
            for future in [pool.submit(build) for _ in range(builders)]:
                future.result()

    def employees_and_journeys(self) -> None:
        """Generate (and on PostgreSQL write) the chunks, at most two per worker in flight.

        Results are taken in chunk order, so the parent's memory holds a bounded number of
        chunks; on SQLite the parent writes each chunk as it comes, in chunk order."""
        spec = self.people_spec()
        if spec.total > people.NATIONAL_NUMBERS:
            raise RuntimeError("More employees than distinct national numbers in the generator.")
        labels = {key: model._meta.label for key, model, _, _ in self.PEOPLE}
        models = {key: (model, fields) for key, model, fields, _ in self.PEOPLE}
        for _, model, _, _ in self.PEOPLE:
            self.writer.models_written.add(model)

        def take(result: people.Result) -> None:
            _, counts, rows = result
            for key, count in counts.items():
                self.counts[labels[key]] += count
            if rows is None:  # written by the worker
                self.writer.rows_written += sum(
                    counts[t.key] * (2 if t.history_table else 1) for t in spec.tables
                )
            else:
                for key, data in rows.items():
                    model, fields = models[key]
                    created = fields.index("created_at") if "created_at" in fields else None
                    self.writer.add(model, fields, data, created_index=created)
                self.writer.flush()
            self.progress(1, "employees")

        for result in people.results(spec, self.workers):
            take(result)


def _conninfo() -> dict[str, Any]:
    """psycopg connection parameters of the default database, for the workers' own connections."""
    settings_dict = connection.settings_dict
    params: dict[str, Any] = {
        "dbname": settings_dict["NAME"],
        "user": settings_dict["USER"],
        "password": settings_dict["PASSWORD"],
        "host": settings_dict["HOST"],
        "port": settings_dict["PORT"],
    }
    django_only = {"pool", "server_side_binding", "isolation_level", "assume_role", "context"}
    for name, value in (settings_dict.get("OPTIONS") or {}).items():
        if name not in django_only and isinstance(value, str | int):
            params[name] = value
    return {k: v for k, v in params.items() if v not in ("", None)}
