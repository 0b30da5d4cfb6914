"""Gather the facts of every candidate partner and let rules/ rank them (R4, R10, R11).

The facts are read in a fixed number of queries whatever the number of partners, each reading
only the columns the facts need as plain values (no model instances, no prefetch): the
candidates' mandates with their names, recognitions, ESF projects with their decision, sites,
coordinates, local network, experience and current load. Candidates are the organisations
that hold or held a mandate; every query is restricted to them by a subquery, not by a list
of ids. Experience comes from the precomputed `PartnerExperience` counts (kept by
`outcome_record`), not from the outcomes themselves.

Each process keeps those facts (`PartnerFactsCache`) and checks per ranking, with one query,
the stamp that every service changing them bumps in its own transaction
(`referrals.partner_facts`): a ranking reads the database once when nothing changed, and
never ranks on facts older than the last committed change, whichever process made it
(docs/performance.md, docs/architecture.md).
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from doorstroom.employees.models import Employee
from doorstroom.esf.models import Project
from doorstroom.mandates.models import Frameworks, Mandate
from doorstroom.organisations.models import (
    PartnerExperience,
    Recognition,
    ServedMunicipality,
    Site,
)
from doorstroom.organisations.partner_facts import Stamp, groups_of, stamp_read
from doorstroom.places.models import PostalCode
from doorstroom.referrals.models import Referral
from doorstroom.rules import referrals as rules
from doorstroom.rules.codes import target_groups_ordered
from doorstroom.rules.esf import MandateFact
from doorstroom.rules.mandates import RecognitionFact


def _coordinates(postal_codes: set[str] | None = None) -> dict[str, tuple[float, float]]:
    """(latitude, longitude) per postal code: of the given codes, or of all (reference data,
    a few thousand rows whatever the scale, kept with the cached facts for the residences)."""
    found: dict[str, tuple[float, float]] = {}
    points = PostalCode.objects.filter(latitude__isnull=False)
    if postal_codes is not None:
        points = points.filter(code__in=postal_codes)
    rows = points.order_by("code", "municipality_id").values_list("code", "latitude", "longitude")
    for code, lat, lon in rows:
        if lat is not None and lon is not None:
            found.setdefault(code, (lat, lon))
    return found


def _candidate_ids() -> QuerySet[Mandate, Any]:
    """Subquery: the organisations that hold or held a mandate."""
    return Mandate.objects.values("organisation_id")


def _experience_rows() -> dict[int, list[tuple[frozenset[str], int, int]]]:
    """(set of target groups, completed, hired) per partner, from the precomputed counts: one
    row per partner and set of groups (each trajectory in one row; `_Facts.partners` sums the
    rows that share a group with the employee's). One set object per key (a few keys)."""
    found: dict[int, list[tuple[frozenset[str], int, int]]] = {}
    groups: dict[str, frozenset[str]] = {}
    rows = PartnerExperience.objects.values_list(
        "partner_id", "target_groups", "completed", "hired"
    )
    for partner_id, key, completed, hired in rows.iterator(chunk_size=CHUNK):
        if key not in groups:
            groups[key] = groups_of(key)
        found.setdefault(partner_id, []).append((groups[key], completed, hired))
    return found


def _load(on: date) -> dict[int, int]:
    """Running trajectories per partner on ``on`` (shown, never ranked on: R11).

    Grouped by ``partner_id + 0`` so that SQLite reads the few running trajectories through
    the ``ended_on`` index instead of walking every trajectory in partner order to group them
    (4× faster at scale 10); PostgreSQL plans both forms the same."""
    rows = (
        Referral.objects.filter(trajectory__started_on__lte=on)  # each trajectory has one
        .filter(Q(trajectory__ended_on__isnull=True) | Q(trajectory__ended_on__gte=on))
        .values(partner_key=F("trajectory__partner_id") + 0)
        .annotate(n=Count("id"))
        .order_by()
    )
    return {r["partner_key"]: r["n"] for r in rows}


def _years_mandated(mandates: Sequence[MandateFact], on: date) -> float:
    days = 0
    for m in mandates:
        if m.valid_from <= on:
            days += (min(m.valid_until, on) - m.valid_from).days + 1
    return round(days / 365.25, 2)


def _mandates() -> tuple[dict[int, tuple[MandateFact, ...]], dict[int, str]]:
    """Every mandate per organisation, and the organisations' names; the keys are the
    candidate partners."""
    found: dict[int, list[MandateFact]] = {}
    names: dict[int, str] = {}
    rows = Mandate.objects.order_by("organisation_id", "valid_from", "id").values_list(
        "organisation_id", "organisation__name", "valid_from", "valid_until", "frameworks"
    )
    for organisation_id, name, valid_from, valid_until, frameworks in rows:
        names[organisation_id] = name
        found.setdefault(organisation_id, []).append(
            MandateFact(
                valid_from=valid_from,
                valid_until=valid_until,
                frameworks=frozenset(Frameworks.from_db(frameworks)),
            )
        )
    return {pk: tuple(own) for pk, own in found.items()}, names


#: A partner's local network: the NIS codes of its municipalities, their arrondissements and
#: their provinces.
_Network = tuple[frozenset[str], frozenset[str], frozenset[str]]

#: Rows read at a time from the large reads (server-side cursor on PostgreSQL): the rows are
#: folded into the facts as they come instead of being held all at once.
CHUNK = 2000


def _networks() -> dict[int, _Network]:
    """The local network of each candidate, in one query.

    Plain values, not model instances: a partner serves tens of municipalities, so at a
    hundred times Flanders this is the largest read of the ranking (docs/performance.md). The
    rows are read in chunks and folded into each partner's three sets, every code one string
    object (the same codes recur for thousands of partners).
    """
    found: dict[int, tuple[set[str], set[str], set[str]]] = {}
    codes: dict[str, str] = {}
    rows = ServedMunicipality.objects.filter(organisation_id__in=_candidate_ids()).values_list(
        "organisation_id",
        "municipality_id",
        "municipality__arrondissement_code",
        "municipality__province_code",
    )
    for organisation_id, nis_code, arrondissement, province in rows.iterator(chunk_size=CHUNK):
        own = found.get(organisation_id)
        if own is None:
            own = found[organisation_id] = (set(), set(), set())
        own[0].add(codes.setdefault(nis_code, nis_code))
        own[1].add(codes.setdefault(arrondissement, arrondissement))
        if province:
            own[2].add(codes.setdefault(province, province))
    return {
        pk: (frozenset(nis), frozenset(arrondissements), frozenset(provinces))
        for pk, (nis, arrondissements, provinces) in found.items()
    }


_NO_NETWORK: _Network = (frozenset(), frozenset(), frozenset())


@dataclass(frozen=True)
class _Facts:
    """Everything the ranking reads about the candidates, as read at one stamp: the facts that
    only decisions change (mandates, recognitions, ESF projects, sites, network), experience
    per target group, and the coordinates of every postal code."""

    names: dict[int, str]
    mandates: dict[int, tuple[MandateFact, ...]]
    recognitions: dict[int, tuple[RecognitionFact, ...]]
    projects: dict[int, tuple[rules.EsfProjectFact, ...]]
    sites: dict[int, tuple[tuple[float, float], ...]]
    networks: dict[int, _Network]
    experience: dict[int, list[tuple[frozenset[str], int, int]]]
    coordinates: dict[str, tuple[float, float]]

    @classmethod
    def read(cls) -> _Facts:
        mandates, names = _mandates()
        candidates = _candidate_ids()
        recognitions: dict[int, list[RecognitionFact]] = defaultdict(list)
        for organisation_id, label, registration, valid_from, valid_until in (
            Recognition.objects.filter(organisation_id__in=candidates)
            .order_by()
            .values_list(
                "organisation_id",
                "label_number",
                "registration_number",
                "valid_from",
                "valid_until",
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
        coordinates = _coordinates()
        return cls(
            names=names,
            mandates=mandates,
            recognitions={pk: tuple(found) for pk, found in recognitions.items()},
            projects={pk: tuple(found) for pk, found in projects.items()},
            sites={
                pk: tuple(coordinates[code] for code in codes if code in coordinates)
                for pk, codes in sites.items()
            },
            networks=_networks(),
            experience=_experience_rows(),
            coordinates=coordinates,
        )

    def partners(
        self, *, target_groups: tuple[str, ...], on: date, load: dict[int, int]
    ) -> list[rules.PartnerFacts]:
        """The facts of every candidate partner for an employee of ``target_groups`` on ``on``,
        in the order of their ids. The target-group experience counts the trajectories whose
        employee shared at least one group with these (R10, "en/of"): once each."""
        wanted = frozenset(target_groups)
        facts = []
        for pk in sorted(self.mandates):
            municipalities, arrondissements, provinces = self.networks.get(pk, _NO_NETWORK)
            completed = hired = same_group = 0
            for groups, group_completed, group_hired in self.experience.get(pk, ()):
                completed += group_completed
                hired += group_hired
                same_group += group_completed if groups & wanted else 0
            facts.append(
                rules.PartnerFacts(
                    partner_id=pk,
                    name=self.names[pk],
                    recognitions=self.recognitions.get(pk, ()),
                    mandates=self.mandates[pk],
                    esf_projects=self.projects.get(pk, ()),
                    site_coordinates=self.sites.get(pk, ()),
                    municipalities=municipalities,
                    arrondissements=arrondissements,
                    provinces=provinces,
                    experience=rules.ExperienceFacts(
                        completed=completed,
                        hired=hired,
                        years_mandated=_years_mandated(self.mandates[pk], on),
                        target_group_completed=same_group,
                    ),
                    current_load=load.get(pk, 0),
                )
            )
        return facts


class PartnerFactsCache:
    """The candidates' facts, prepared for ranking, kept per process while the stamp holds.

    Why: the facts change only with decisions, outcomes and trajectory starts (a few hundred
    times a day at a hundred times Flanders), while every ranking needs all of them; reading
    and preparing thousands of partners per request was most of a ranking's time. Each call
    reads the stamp (one query); when it differs from the one the cache was filled at, the
    cache is emptied first. The facts are read after the stamp, so they are never older than
    it; a change committed meanwhile bumps the stamp again and the next call reads anew.
    Prepared `rules.Candidates` are kept per (day, target group), the most recently used
    ``max_entries``; the load (running trajectories, R11) per day. The candidates of one stamp
    are made ``like`` each other, so the sites, networks and eligibility are kept once for
    every set of target groups, and the facts share one object per partner's network, mandates
    and code (docs/performance.md, "A worker's memory"). Thread-safe (gunicorn's threads share
    it); one thread at a time reads and prepares on a miss (the others wait for it and then
    find its result), so a cold or outdated cache is never read by four threads at once.
    """

    def __init__(self, max_entries: int = 16) -> None:
        self.max_entries = max_entries
        self._lock = threading.Lock()
        self._preparing = threading.Lock()
        self._stamp: Stamp | None = None
        self._facts: _Facts | None = None
        self._loads: dict[date, dict[int, int]] = {}
        self._candidates: OrderedDict[tuple[date, tuple[str, ...]], rules.Candidates] = (
            OrderedDict()
        )

    def clear(self) -> None:
        with self._lock:
            self._stamp = None
            self._facts = None
            self._loads = {}
            self._candidates = OrderedDict()

    def get(self, *, target_groups: Sequence[str], on: date) -> tuple[rules.Candidates, _Facts]:
        """The prepared candidates for an employee of ``target_groups`` on ``on``, with the
        facts they were built from (for the residence's coordinates). Kept per set of groups
        (in catalogue order, so one set has one key)."""
        stamp = stamp_read()
        groups = target_groups_ordered(target_groups)
        key = (on, groups)
        kept = self._kept(stamp, key)
        if kept is not None:
            return kept
        with self._preparing:
            # Another thread may have prepared it while this one waited.
            kept = self._kept(stamp, key)
            if kept is not None:
                return kept
            return self._prepare(stamp, key)

    def _kept(
        self, stamp: Stamp | None, key: tuple[date, tuple[str, ...]]
    ) -> tuple[rules.Candidates, _Facts] | None:
        """The kept candidates for ``key`` at ``stamp``, emptying the cache first when the
        stamp moved; ``None`` when not kept."""
        with self._lock:
            if stamp is None or stamp != self._stamp:
                self._stamp, self._facts = stamp, None
                self._loads, self._candidates = {}, OrderedDict()
            found = self._candidates.get(key)
            if found is not None and self._facts is not None:
                self._candidates.move_to_end(key)
                return found, self._facts
        return None

    def _prepare(
        self, stamp: Stamp | None, key: tuple[date, tuple[str, ...]]
    ) -> tuple[rules.Candidates, _Facts]:
        on, groups = key
        with self._lock:
            if stamp == self._stamp:
                facts, load = self._facts, self._loads.get(on)
                like = next(reversed(self._candidates.values()), None)
            else:  # a newer stamp was seen meanwhile: read anew, keep nothing
                facts = load = like = None
        if facts is None:
            facts = _Facts.read()
        if load is None:
            load = _load(on)
        candidates = rules.Candidates(
            facts.partners(target_groups=groups, on=on, load=load), like=like
        )
        with self._lock:
            # Keep it only if no newer stamp was seen meanwhile; never without a stamp (a
            # flushed database: nothing tells when the facts change).
            if stamp is not None and stamp == self._stamp:
                self._facts = facts
                self._loads[on] = load
                self._candidates[key] = candidates
                while len(self._candidates) > self.max_entries:
                    self._candidates.popitem(last=False)
                if len(self._loads) > self.max_entries:
                    self._loads = {on: load}
        return candidates, facts


#: This process's cache; tests clear it between tests (tests/conftest.py).
PARTNER_FACTS = PartnerFactsCache()


def partner_facts(*, target_groups: Sequence[str], on: date) -> list[rules.PartnerFacts]:
    """The facts of every candidate partner (every organisation that holds or held a
    mandate), in the order of their ids, read now (no cache)."""
    return _Facts.read().partners(
        target_groups=target_groups_ordered(target_groups), on=on, load=_load(on)
    )


def employee_facts(
    employee: Employee, coordinates: dict[str, tuple[float, float]] | None = None
) -> rules.EmployeeFacts:
    """The employee as the ranking sees it; ``coordinates`` per postal code when already read
    (the cached facts hold them), else one query."""
    municipality = employee.municipality
    if coordinates is None:
        coordinates = _coordinates({employee.postal_code})
    return rules.EmployeeFacts(
        framework=employee.framework,
        target_groups=target_groups_ordered(employee.target_groups),
        municipality=municipality.nis_code,
        arrondissement=municipality.arrondissement_code,
        province=municipality.province_code,
        coordinates=coordinates.get(employee.postal_code),
    )


def ranking_for(
    employee: Employee, *, on: date, cache: PartnerFactsCache | None = None
) -> rules.Ranking:
    """The R10 ranking of every candidate partner for ``employee`` on ``on``, from this
    process's cache of the partner facts (or ``cache``)."""
    candidates, facts = (cache or PARTNER_FACTS).get(target_groups=employee.target_groups, on=on)
    return candidates.rank(employee=employee_facts(employee, facts.coordinates), on=on)


def ranking_page_for(
    employee: Employee,
    *,
    on: date,
    start: int,
    size: int,
    cache: PartnerFactsCache | None = None,
) -> rules.RankingPage:
    """The eligible partners ranked ``start + 1`` … ``start + size`` of :func:`ranking_for`
    (only those explained), their count and the ineligible partners; for showing a ranking.
    A referral stores the whole ranking (:func:`ranking_for`), never a page."""
    candidates, facts = (cache or PARTNER_FACTS).get(target_groups=employee.target_groups, on=on)
    return candidates.page(
        employee=employee_facts(employee, facts.coordinates), on=on, start=start, size=size
    )


def ranking_uncached(employee: Employee, *, on: date) -> rules.Ranking:
    """The same ranking with every fact read now: what the cache must always agree with."""
    return rules.rank_partners(
        employee=employee_facts(employee),
        partners=partner_facts(target_groups=employee.target_groups, on=on),
        on=on,
    )
