"""Gather the facts of every candidate partner and let rules/ rank them (R4, R10, R11).

A fixed number of queries whatever the number of partners, each reading only the columns the
facts need as plain values (no model instances, no prefetch): the candidates' mandates, names,
recognitions, ESF projects with their decision, sites, coordinates, local network, experience
and current load. Candidates are the organisations that hold or held a mandate; every query is
restricted to them by a subquery, not by a list of ids. Experience comes from the precomputed
`PartnerExperience` counts (kept by `outcome_record`), not from the outcomes themselves
(docs/performance.md).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from doorstroom.employees.models import Employee
from doorstroom.esf.models import Project
from doorstroom.mandates.models import Frameworks, Mandate
from doorstroom.organisations.models import (
    Organisation,
    Recognition,
    ServedMunicipality,
    Site,
)
from doorstroom.places.models import PostalCode
from doorstroom.rules import referrals as rules
from doorstroom.rules.esf import MandateFact
from doorstroom.rules.mandates import RecognitionFact
from doorstroom.trajectories.models import PartnerExperience, Trajectory


def _coordinates(postal_codes: set[str]) -> dict[str, tuple[float, float]]:
    found: dict[str, tuple[float, float]] = {}
    rows = (
        PostalCode.objects.filter(code__in=postal_codes, latitude__isnull=False)
        .order_by("code", "municipality_id")
        .values_list("code", "latitude", "longitude")
    )
    for code, lat, lon in rows:
        if lat is not None and lon is not None:
            found.setdefault(code, (lat, lon))
    return found


def _candidate_ids() -> QuerySet[Mandate, Any]:
    """Subquery: the organisations that hold or held a mandate."""
    return Mandate.objects.values("organisation_id")


def _experience(target_group: str) -> dict[int, tuple[int, int, int]]:
    """(completed, hired, completed with this target group) per partner, from the
    precomputed counts: one row per partner and target group."""
    found: dict[int, tuple[int, int, int]] = {}
    rows = PartnerExperience.objects.values_list("partner_id", "target_group", "completed", "hired")
    for partner_id, group, completed, hired in rows:
        c, h, g = found.get(partner_id, (0, 0, 0))
        found[partner_id] = (
            c + completed,
            h + hired,
            g + (completed if group == target_group else 0),
        )
    return found


def _load(on: date) -> dict[int, int]:
    """Running trajectories per partner on ``on`` (shown, never ranked on: R11).

    Grouped by ``partner_id + 0`` so that SQLite reads the few running trajectories through
    the ``ended_on`` index instead of walking every trajectory in partner order to group them
    (4× faster at scale 10); PostgreSQL plans both forms the same."""
    rows = (
        Trajectory.objects.filter(started_on__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
        .values(partner_key=F("partner_id") + 0)
        .annotate(n=Count("id"))
        .order_by()
    )
    return {r["partner_key"]: r["n"] for r in rows}


def _years_mandated(mandates: list[MandateFact], on: date) -> float:
    days = 0
    for m in mandates:
        if m.valid_from <= on:
            days += (min(m.valid_until, on) - m.valid_from).days + 1
    return round(days / 365.25, 2)


def _mandates() -> dict[int, list[MandateFact]]:
    """Every mandate per organisation; the keys are the candidate partners."""
    found: dict[int, list[MandateFact]] = {}
    rows = Mandate.objects.order_by("organisation_id", "valid_from", "id").values_list(
        "organisation_id", "valid_from", "valid_until", "frameworks"
    )
    for organisation_id, valid_from, valid_until, frameworks in rows:
        found.setdefault(organisation_id, []).append(
            MandateFact(
                valid_from=valid_from,
                valid_until=valid_until,
                frameworks=frozenset(Frameworks.from_db(frameworks)),
            )
        )
    return found


def _networks() -> dict[int, list[tuple[str, str, str]]]:
    """(municipality, arrondissement, province) of each candidate's local network, in one query.

    Plain tuples, not model instances: a partner serves tens of municipalities, so at a
    hundred times Flanders this is the largest read of the ranking (docs/performance.md).
    """
    found: dict[int, list[tuple[str, str, str]]] = {}
    rows = ServedMunicipality.objects.filter(organisation_id__in=_candidate_ids()).values_list(
        "organisation_id",
        "municipality_id",
        "municipality__arrondissement_code",
        "municipality__province_code",
    )
    for organisation_id, nis_code, arrondissement, province in rows:
        found.setdefault(organisation_id, []).append((nis_code, arrondissement, province))
    return found


def partner_facts(*, target_group: str, on: date) -> list[rules.PartnerFacts]:
    """The facts of every candidate partner (every organisation that holds or held a
    mandate), in the order of their ids."""
    mandates = _mandates()
    candidates = _candidate_ids()
    names = dict(
        Organisation.objects.filter(pk__in=candidates).order_by().values_list("id", "name")
    )
    recognitions: dict[int, list[RecognitionFact]] = defaultdict(list)
    for organisation_id, label, registration, valid_from, valid_until in (
        Recognition.objects.filter(organisation_id__in=candidates)
        .order_by()
        .values_list(
            "organisation_id", "label_number", "registration_number", "valid_from", "valid_until"
        )
    ):
        recognitions[organisation_id].append(
            RecognitionFact(
                label_number=label,
                registration_number=registration,
                valid_from=valid_from,
                valid_until=valid_until,
            )
        )
    projects: dict[int, list[rules.EsfProjectFact]] = defaultdict(list)
    for organisation_id, approved, starts_on, ends_on in (
        Project.objects.filter(organisation_id__in=candidates)
        .order_by()
        .values_list(
            "organisation_id", "decision__approved", "decision__starts_on", "decision__ends_on"
        )
    ):
        # Without a decision the LEFT JOIN gives NULLs: not approved, not started.
        projects[organisation_id].append(
            rules.EsfProjectFact(approved=bool(approved), starts_on=starts_on, ends_on=ends_on)
        )
    sites: dict[int, list[str]] = defaultdict(list)
    for organisation_id, postal_code in (
        Site.objects.filter(organisation_id__in=candidates)
        .order_by("organisation_id", "id")
        .values_list("organisation_id", "postal_code")
    ):
        sites[organisation_id].append(postal_code)
    coordinates = _coordinates({code for codes in sites.values() for code in codes})
    experience = _experience(target_group)
    load = _load(on)
    networks = _networks()
    facts = []
    for pk in sorted(mandates):
        served = networks.get(pk, [])
        completed, hired, same_group = experience.get(pk, (0, 0, 0))
        facts.append(
            rules.PartnerFacts(
                partner_id=pk,
                name=names[pk],
                recognitions=tuple(recognitions.get(pk, ())),
                mandates=tuple(mandates[pk]),
                esf_projects=tuple(projects.get(pk, ())),
                site_coordinates=tuple(
                    coordinates[code] for code in sites.get(pk, ()) if code in coordinates
                ),
                municipalities=frozenset(nis for nis, _, _ in served),
                arrondissements=frozenset(arr for _, arr, _ in served),
                provinces=frozenset(province for _, _, province in served if province),
                experience=rules.ExperienceFacts(
                    completed=completed,
                    hired=hired,
                    years_mandated=_years_mandated(mandates[pk], on),
                    target_group_completed=same_group,
                ),
                current_load=load.get(pk, 0),
            )
        )
    return facts


def employee_facts(employee: Employee) -> rules.EmployeeFacts:
    municipality = employee.municipality
    coordinates = _coordinates({employee.postal_code}).get(employee.postal_code)
    return rules.EmployeeFacts(
        framework=employee.framework,
        target_group=employee.target_group,
        municipality=municipality.nis_code,
        arrondissement=municipality.arrondissement_code,
        province=municipality.province_code,
        coordinates=coordinates,
    )


def ranking_for(employee: Employee, *, on: date) -> rules.Ranking:
    return rules.rank_partners(
        employee=employee_facts(employee),
        partners=partner_facts(target_group=employee.target_group, on=on),
        on=on,
    )
