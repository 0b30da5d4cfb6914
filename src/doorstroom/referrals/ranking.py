"""Gather the facts of every candidate partner and let rules/ rank them (R4, R10, R11).

A fixed number of queries whatever the number of partners: candidates with their
recognitions, mandates, ESF projects, sites and local network are prefetched; coordinates,
experience and current load come from one grouped query each.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Prefetch, Q

from doorstroom.employees.models import Employee
from doorstroom.esf.models import Project
from doorstroom.mandates.models import Mandate
from doorstroom.organisations.models import Organisation, ServedMunicipality
from doorstroom.places.models import PostalCode
from doorstroom.rules import referrals as rules
from doorstroom.rules.esf import MandateFact
from doorstroom.rules.mandates import RecognitionFact
from doorstroom.trajectories.models import Outcome, Trajectory


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


def _experience(partner_ids: list[int], target_group: str) -> dict[int, tuple[int, int, int]]:
    """(completed, hired, completed with this target group) per partner, in one query."""
    rows = (
        Outcome.objects.filter(trajectory__partner_id__in=partner_ids)
        .values("trajectory__partner_id")
        .annotate(
            completed=Count("id"),
            hired=Count("id", filter=Q(kind="hired")),
            same_group=Count("id", filter=Q(trajectory__employee__target_group=target_group)),
        )
    )
    return {
        r["trajectory__partner_id"]: (r["completed"], r["hired"], r["same_group"]) for r in rows
    }


def _load(partner_ids: list[int], on: date) -> dict[int, int]:
    rows = (
        Trajectory.objects.filter(partner_id__in=partner_ids, started_on__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
        .values("partner_id")
        .annotate(n=Count("id"))
    )
    return {r["partner_id"]: r["n"] for r in rows}


def _years_mandated(mandates: list[Mandate], on: date) -> float:
    days = 0
    for m in mandates:
        if m.valid_from <= on:
            days += (min(m.valid_until, on) - m.valid_from).days + 1
    return round(days / 365.25, 2)


def candidate_partners() -> list[Organisation]:
    """Every organisation that holds or held a mandate, with what eligibility needs.

    The local network is read by `partner_facts` as plain values (`_networks`)."""
    return list(
        Organisation.objects.filter(mandates__isnull=False)
        .distinct()
        .order_by("id")
        .prefetch_related(
            "recognitions",
            Prefetch("mandates", queryset=Mandate.objects.order_by("valid_from")),
            Prefetch("esf_projects", queryset=Project.objects.select_related("decision")),
            "sites",
        )
    )


def _networks(partner_ids: list[int]) -> dict[int, list[tuple[str, str, str]]]:
    """(municipality, arrondissement, province) of each partner's local network, in one query.

    Plain tuples, not model instances: a partner serves tens of municipalities, so at a
    hundred times Flanders this is the largest read of the ranking (docs/performance.md).
    """
    found: dict[int, list[tuple[str, str, str]]] = {}
    rows = ServedMunicipality.objects.filter(organisation_id__in=partner_ids).values_list(
        "organisation_id",
        "municipality_id",
        "municipality__arrondissement_code",
        "municipality__province_code",
    )
    for organisation_id, nis_code, arrondissement, province in rows:
        found.setdefault(organisation_id, []).append((nis_code, arrondissement, province))
    return found


def partner_facts(
    partners: list[Organisation], *, target_group: str, on: date
) -> list[rules.PartnerFacts]:
    ids = [p.pk for p in partners]
    coordinates = _coordinates({s.postal_code for p in partners for s in p.sites.all()})
    experience = _experience(ids, target_group)
    load = _load(ids, on)
    networks = _networks(ids)
    facts = []
    for p in partners:
        served = networks.get(p.pk, [])
        completed, hired, same_group = experience.get(p.pk, (0, 0, 0))
        mandates = list(p.mandates.all())
        facts.append(
            rules.PartnerFacts(
                partner_id=p.pk,
                name=p.name,
                recognitions=tuple(
                    RecognitionFact(
                        label_number=r.label_number,
                        registration_number=r.registration_number,
                        valid_from=r.valid_from,
                        valid_until=r.valid_until,
                    )
                    for r in p.recognitions.all()
                ),
                mandates=tuple(
                    MandateFact(
                        valid_from=m.valid_from,
                        valid_until=m.valid_until,
                        frameworks=frozenset(m.framework_list),
                    )
                    for m in mandates
                ),
                esf_projects=tuple(
                    rules.EsfProjectFact(
                        approved=bool(getattr(project, "decision", None))
                        and project.decision.approved,
                        starts_on=getattr(getattr(project, "decision", None), "starts_on", None),
                        ends_on=getattr(getattr(project, "decision", None), "ends_on", None),
                    )
                    for project in p.esf_projects.all()
                ),
                site_coordinates=tuple(
                    coordinates[s.postal_code]
                    for s in p.sites.all()
                    if s.postal_code in coordinates
                ),
                municipalities=frozenset(nis for nis, _, _ in served),
                arrondissements=frozenset(arr for _, arr, _ in served),
                provinces=frozenset(province for _, _, province in served if province),
                experience=rules.ExperienceFacts(
                    completed=completed,
                    hired=hired,
                    years_mandated=_years_mandated(mandates, on),
                    target_group_completed=same_group,
                ),
                current_load=load.get(p.pk, 0),
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
    partners = candidate_partners()
    return rules.rank_partners(
        employee=employee_facts(employee),
        partners=partner_facts(partners, target_group=employee.target_group, on=on),
        on=on,
    )
