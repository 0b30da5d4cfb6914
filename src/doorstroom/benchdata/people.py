"""The employees and their journeys, generated in fixed-size chunks, in worker processes.

The employees are nearly all of the rows (at scale 100: 2.5 million employees with their support
packages, evaluations, referrals, trajectories, activities and history), and generating them is
Python work. So they are cut into chunks of `CHUNK` employees that are independent of each other:

- chunk ``c`` draws from its own generator, seeded from the run's seed and ``c`` only;
- its primary keys come from a range reserved for it: employee ``i`` (counted from 0 over the
  whole run) has primary key ``i + 1``, and a table with at most ``k`` rows per employee starts
  chunk ``c`` at ``c * CHUNK * k + 1`` (gaps at the end of a chunk's range are harmless);
- the national number of employee ``i`` is a fixed permutation of ``i`` over the valid numbers
  (`national_number_for`), unique over the whole run without a shared set of used numbers.

Hence the same seed gives the same rows whatever the number of workers and in whatever order the
chunks finish. On PostgreSQL each worker writes its chunks with COPY over its own connection
(one transaction per chunk), so the database's work overlaps with the generation and both cores
are busy; on SQLite the workers only generate and the parent writes.

This module does not import Django (a spawned worker need not set it up): everything a chunk
needs comes in the picklable `Spec` that the generator builds from the database.
"""

from __future__ import annotations

import bisect
import hmac
import json
import math
import multiprocessing
import random
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import islice
from multiprocessing.pool import AsyncResult
from operator import itemgetter
from typing import Any

from doorstroom.common.identifiers import enterprise_number_for, mod97_check

Rows = dict[str, list[tuple[Any, ...]]]
#: (chunk number, rows per table key, the rows, or None when the worker wrote them)
Result = tuple[int, dict[str, int], Rows | None]

#: Employees per chunk. Fixed: the rows depend on it (seeds and key ranges are per chunk).
CHUNK = 5_000
#: Activities per trajectory: `randrange(*ACTIVITIES)` of them at most (fewer if it ends first).
ACTIVITIES = (4, 14)
#: Birth days of the employees (1960–1999) and the serials used (1–997; 998 and 999 are left
#: free, the benchmark harness adds known people with serial 998).
BIRTH_START = date(1960, 1, 1)
BIRTH_DAYS = 40 * 365
SERIALS = 997
NATIONAL_NUMBERS = BIRTH_DAYS * SERIALS
#: Multiplier of the permutation i → (i·STEP + offset) mod NATIONAL_NUMBERS. It is coprime with
#: NATIONAL_NUMBERS (asserted below), so the map is a bijection: distinct employees, distinct
#: numbers. Large, so that consecutive employees get unrelated birth dates.
NATIONAL_NUMBER_STEP = 9_576_091
assert math.gcd(NATIONAL_NUMBER_STEP, NATIONAL_NUMBERS) == 1  # noqa: S101 (module invariant)

ACTIVITY_KINDS = (
    "guidance",
    "job_search",
    "employer_contact",
    "job_search",
    "internship_support",
    "guidance",
    "aftercare",
)
HOURS = ("1.50", "2.00", "3.00", "4.00", "6.00")
OUTCOME_KINDS = ("hired", "returned", "stopped")
OUTCOME_CUM_WEIGHTS = (0.5, 0.8, 1.0)
#: JSON as written to the tables (the trace of a generated record: no check was run).
EMPTY_TRACE = "{}"
#: One employee in this many with a framework of several groups belongs to two ("en/of").
SECOND_GROUP_EVERY = 7


def groups_json(groups: tuple[str, ...], first: str, pk: int) -> str:
    """The employee's target groups as JSON: ``first``, and for one in ``SECOND_GROUP_EVERY``
    the next group of the framework too (chosen from the key, so no extra draw)."""
    chosen = {first}
    if len(groups) > 1 and pk % SECOND_GROUP_EVERY == 0:
        chosen.add(groups[(groups.index(first) + 1) % len(groups)])
    return json.dumps([g for g in groups if g in chosen])


#: Office hours for the timestamps: 07:00–15:59, one draw instead of two per stamp.
OFFICE_MINUTES = 9 * 60


@dataclass(frozen=True)
class Table:
    """Where a chunk's rows of one kind go: the table, and its history table if it has one."""

    key: str
    table: str
    columns: tuple[str, ...]
    per_employee: int
    history_table: str | None = None
    history_columns: tuple[str, ...] = ()
    history_keep: tuple[int, ...] = ()
    created_index: int | None = None


@dataclass(frozen=True)
class Spec:
    """Everything a chunk needs, from the parent: plain data, picklable, no Django."""

    seed: int
    total: int
    chunk: int
    today: date
    first_day: date
    timestamp_suffix: str
    hash_key: bytes
    provinces: tuple[str, ...]
    province_cum_weights: tuple[float, ...]
    #: per province: (postal code, municipality NIS code)
    places: dict[str, tuple[tuple[str, str], ...]]
    #: per province: (employer id, framework); ``all_employers`` when a province has none
    employers: dict[str, tuple[tuple[int, str], ...]]
    all_employers: tuple[tuple[int, str], ...]
    partners: dict[str, tuple[int, ...]]
    all_partners: tuple[int, ...]
    target_groups: dict[str, tuple[str, ...]]
    criteria: tuple[str, ...]
    first_rule_day: date
    #: share of the employees that start a trajectory over the period
    trajectory_share: float
    given: tuple[str, ...]
    family: tuple[str, ...]
    intern_employers: tuple[str, ...]
    vacancies: tuple[str, ...]
    activity_notes: tuple[str, ...]
    tables: tuple[Table, ...]
    #: psycopg connection parameters: each worker writes its chunks itself (PostgreSQL only)
    conninfo: dict[str, Any] | None = None

    def chunks(self) -> int:
        return (self.total + self.chunk - 1) // self.chunk


def national_number_offset(seed: int) -> int:
    return random.Random(f"bench_data national numbers {seed}").randrange(NATIONAL_NUMBERS)  # noqa: S311


def national_number_for(index: int, offset: int) -> str:
    """The national number of employee ``index``: valid (97 − n mod 97), unique per index."""
    key = (index * NATIONAL_NUMBER_STEP + offset) % NATIONAL_NUMBERS
    day, serial = divmod(key, SERIALS)
    return _number(_BIRTH_PREFIX[day] + serial + 1)


def _number(base: int) -> str:
    return f"{base:09d}{mod97_check(base):02d}"


def _birth_prefix(day: int) -> int:
    born = BIRTH_START + timedelta(days=day)
    return (born.year % 100 * 10_000 + born.month * 100 + born.day) * 1000


_BIRTH_PREFIX = [_birth_prefix(d) for d in range(BIRTH_DAYS)]


def add_years(day: date, years: int) -> date:
    """``day`` plus whole years, 29 February becoming 28 February (what relativedelta does)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def chunk_rng(seed: int, chunk: int) -> random.Random:
    """Chunk ``chunk``'s own generator: depends on the seed and the chunk number only."""
    return random.Random(f"bench_data {seed} chunk {chunk}")  # noqa: S311 (not security)


def generate_chunk(spec: Spec, c: int) -> dict[str, list[tuple[Any, ...]]]:  # noqa: C901
    """The rows of chunk ``c``, per table key, in the columns of `Spec.tables`.

    One long function on purpose: it runs millions of times and local names are the cheapest
    lookups Python has. The journey is the one DOMAIN.md describes: most employees are never
    evaluated in the period, some are without transition, about one in six is referred and
    starts a trajectory."""
    rng = chunk_rng(spec.seed, c)
    rnd = rng.random
    first = c * spec.chunk
    last_employee = min(spec.total, first + spec.chunk)
    bases = {t.key: c * spec.chunk * t.per_employee + 1 for t in spec.tables}
    out: dict[str, list[tuple[Any, ...]]] = {t.key: [] for t in spec.tables}
    employees, packages, evaluations = out["employee"], out["package"], out["evaluation"]
    criteria_rows, referrals, trajectories = out["criterion"], out["referral"], out["trajectory"]
    activities, internships = out["activity"], out["internship"]
    suspensions, outcomes = out["suspension"], out["outcome"]
    eval_pk, crit_pk, ref_pk = bases["evaluation"], bases["criterion"], bases["referral"]
    traj_pk, act_pk, intern_pk = bases["trajectory"], bases["activity"], bases["internship"]
    susp_pk, out_pk = bases["suspension"], bases["outcome"]

    times = [
        f" {7 + m // 60:02d}:{m % 60:02d}:00{spec.timestamp_suffix}" for m in range(OFFICE_MINUTES)
    ]

    def stamp(day: date) -> str:
        return day.isoformat() + times[int(rnd() * OFFICE_MINUTES)]

    def pick(seq: tuple[Any, ...] | list[Any]) -> Any:
        return seq[int(rnd() * len(seq))]

    fromordinal = date.fromordinal
    provinces, cum = spec.provinces, spec.province_cum_weights
    cum_total = cum[-1]
    places, employers, all_employers = spec.places, spec.employers, spec.all_employers
    partners, all_partners = spec.partners, spec.all_partners
    target_groups = spec.target_groups
    given, family = spec.given, spec.family
    hash_key = spec.hash_key
    digest = hmac.digest
    offset = national_number_offset(spec.seed)
    today = spec.today
    today_ord = today.toordinal()
    hire_from = add_years(spec.first_day, -6).toordinal()
    hire_span = today_ord - 200 - hire_from + 1
    first_possible = max(spec.first_day, spec.first_rule_day)
    year = timedelta(days=365)
    recent = today - timedelta(days=15)
    referred_before = today - timedelta(days=30)
    reasons_json = {
        True: '[{"code": "support_still_needed", "rule": "R7"}]',
        False: '[{"code": "chances_unfavourable", "rule": "R7"}]',
    }
    criteria = spec.criteria
    favourable_note = "Gunstig beoordeeld op de werkvloer."
    unfavourable_note = "Weinig passende vacatures zonder ondersteuning in de regio."
    override = "De werknemer verkiest deze partner dichter bij de kinderopvang."
    intern_employers, vacancies, notes = spec.intern_employers, spec.vacancies, spec.activity_notes
    n_kinds = len(ACTIVITY_KINDS)
    act_low, act_span = ACTIVITIES[0], ACTIVITIES[1] - ACTIVITIES[0]

    def evaluation(employee: int, on: date, transition: bool, needs: bool = False) -> int:
        nonlocal eval_pk, crit_pk
        pk = eval_pk
        eval_pk += 1
        s = stamp(on)
        evaluations.append(
            (
                pk,
                s,
                s,
                employee,
                on,
                needs,
                True,
                None,
                "transition" if transition else "no_transition",
                "[]" if transition else reasons_json[needs],
                on if transition else None,
                int(rnd() * 6),
                "{}",
                None,
            )
        )
        unfavourable = not transition and not needs
        for criterion in criteria:
            favourable = not (unfavourable and criterion == "regional_prospects")
            criteria_rows.append(
                (
                    crit_pk,
                    pk,
                    criterion,
                    favourable,
                    favourable_note if favourable else unfavourable_note,
                )
            )
            crit_pk += 1
        return pk

    def referral(employee: int, ev: int, province: str, evaluated: date) -> tuple[int, int, date]:
        nonlocal ref_pk
        pk = ref_pk
        ref_pk += 1
        partner = pick(partners.get(province) or all_partners)
        referred = fromordinal(evaluated.toordinal() + 1 + int(rnd() * 9))
        rank = 1 if rnd() > 0.15 else 2
        on = referred.isoformat()
        referrals.append(
            (
                pk,
                stamp(referred),
                stamp(referred),
                ev,
                employee,
                partner,
                referred,
                referred,
                rank,
                "" if rank == 1 else override,
                f'{{"on": "{on}", "eligible": [], "ineligible": [], "parameters": []}}',
                None,
                None,
            )
        )
        return pk, partner, referred

    def some_employer() -> tuple[str, str]:
        base = 9_000_000 + int(rnd() * 900_000)
        return enterprise_number_for(base), f"{pick(intern_employers)} {pick(family)}"

    def trajectory(ref: int, employee: int, partner: int, started: date) -> None:
        nonlocal traj_pk, act_pk, intern_pk, susp_pk, out_pk
        pk = traj_pk
        traj_pk += 1
        start_ord = started.toordinal()
        length = 90 + int(rnd() * 330)
        ends = fromordinal(start_ord + length)
        ended = ends if ends <= today else None
        kind = None
        if ended is not None:
            kind = OUTCOME_KINDS[bisect.bisect(OUTCOME_CUM_WEIGHTS, rnd())]
        trajectories.append(
            (pk, stamp(started), stamp(ended or started), ref, employee, partner, started, ended)
        )
        last = ended if ended is not None and ended < today else today
        last_ord = last.toordinal()
        day_ord = start_ord
        for k in range(act_low + int(rnd() * act_span)):
            day_ord += 5 + int(rnd() * 20)
            if day_ord > last_ord:
                break
            day = fromordinal(day_ord)
            activities.append(
                (
                    act_pk,
                    stamp(day),
                    stamp(day),
                    pk,
                    day,
                    ACTIVITY_KINDS[k % n_kinds],
                    pick(HOURS),
                    pick(notes),
                    None,
                )
            )
            act_pk += 1
        internship_employer = None
        if rnd() < 0.5 and length > 120:
            starts = fromordinal(start_ord + 30 + int(rnd() * 30))
            if starts < last:
                internship_employer = some_employer()
                vacancy = pick(vacancies)
                ends = fromordinal(starts.toordinal() + 20 + int(rnd() * 65))
                internships.append(
                    (
                        intern_pk,
                        stamp(starts),
                        stamp(starts),
                        pk,
                        *internship_employer,
                        vacancy,
                        starts,
                        ends,
                        "hired" if kind == "hired" else "",
                        ends if kind == "hired" else None,
                        EMPTY_TRACE,
                    )
                )
                intern_pk += 1
        if rnd() < 0.08:
            s = fromordinal(start_ord + 10 + int(rnd() * 50))
            if s < last:
                suspensions.append(
                    (
                        susp_pk,
                        stamp(s),
                        stamp(s),
                        pk,
                        s,
                        fromordinal(s.toordinal() + 7 + int(rnd() * 38)),
                        "Ziekte van de werknemer.",
                    )
                )
                susp_pk += 1
        if ended is not None and kind is not None:
            hired_by = (internship_employer or some_employer()) if kind == "hired" else ("", "")
            outcomes.append(
                (
                    out_pk,
                    stamp(ended),
                    stamp(ended),
                    pk,
                    kind,
                    ended,
                    *hired_by,
                    ended if kind == "hired" else None,
                    "De werknemer zag af van het traject." if kind == "stopped" else "",
                    kind == "returned",
                    None,
                    EMPTY_TRACE,
                )
            )
            out_pk += 1

    share = spec.trajectory_share
    for i in range(first, last_employee):
        pk = i + 1
        province = provinces[bisect.bisect(cum, rnd() * cum_total)]
        employer_id, framework = pick(employers.get(province) or all_employers)
        code, nis = pick(places[province])
        hired = fromordinal(hire_from + int(rnd() * hire_span))
        created = stamp(hired)
        number = national_number_for(i, offset)
        employees.append(
            (
                pk,
                created,
                created,
                digest(hash_key, number.encode(), "sha256").hex(),
                f"{number[0:2]}.{number[2:4]}.{number[4:6]}-***.**",
                pick(given),
                pick(family),
                code,
                nis,
                employer_id,
                framework,
                groups_json(target_groups[framework], pick(target_groups[framework]), pk),
                hired,
            )
        )
        packages.append(
            (
                pk,
                created,
                created,
                pk,
                1,
                45 if rnd() < 0.5 else 60,
                pick(("low", "medium", "high")),
                hired,
                add_years(hired, 5),
                "",
                None,
                EMPTY_TRACE,
            )
        )
        roll = rnd()
        if roll < 0.55:
            continue
        earliest = max(hired + year, first_possible)
        if earliest > recent:
            continue
        e_ord = earliest.toordinal()
        evaluated = fromordinal(e_ord + int(rnd() * (today_ord - e_ord + 1)))
        if roll < 0.80 or evaluated > recent:
            evaluation(pk, evaluated, False, rnd() < 0.6)
            continue
        ev = evaluation(pk, evaluated, True)
        if roll >= 0.80 + share * 1.08:
            # Transition decided, not yet referred (recent) or referral pending.
            if evaluated < referred_before:
                referral(pk, ev, province, evaluated)
            continue
        ref, partner, due = referral(pk, ev, province, evaluated)
        started = fromordinal(due.toordinal() + 3 + int(rnd() * 12))
        if started > today:
            continue
        trajectory(ref, pk, partner, started)
    return out


def history_rows(table: Table, rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The creation row ("+") of each row in its history table, at the row's creation time.

    Its ``history_id`` is the row's primary key: one creation row per record, so it is unique,
    and it does not depend on which connection writes first."""
    ci = table.created_index
    assert ci is not None  # noqa: S101 (only called for tables with history)
    if len(table.history_keep) == len(table.columns):
        return [(*row, row[ci], None, "+", None, row[0]) for row in rows]
    get = itemgetter(*table.history_keep)
    return [(*get(row), row[ci], None, "+", None, row[0]) for row in rows]


# --- workers ---------------------------------------------------------------------------------

_spec: Spec | None = None
_connection: Any = None


def start(spec: Spec) -> None:
    """Pool initializer (and the in-process start): keep the spec, connect if we write."""
    global _spec, _connection
    _spec = spec
    if spec.conninfo is not None:
        import psycopg

        _connection = psycopg.connect(**spec.conninfo)
        # Bulk load: the FK triggers would queue an event per row until commit. The parent
        # generated every row a chunk points at, and committed them before the chunks ran.
        _connection.execute("SET session_replication_role = replica")
        _connection.commit()


def stop() -> None:
    global _connection
    if _connection is not None:
        _connection.close()
        _connection = None


def results(spec: Spec, workers: int) -> Iterator[Result]:
    """Every chunk's `Result`, in chunk order, from ``workers`` processes (1: this one).

    At most two chunks per worker are in flight, so memory stays bounded whatever the scale
    (on SQLite the parent writes each chunk's rows as it takes them)."""
    chunks = range(spec.chunks())
    workers = min(workers, len(chunks))
    if workers <= 1:
        start(spec)
        try:
            yield from map(run_chunk, chunks)
        finally:
            stop()
        return
    # spawn, not fork: the parent holds a database connection and threads (progress bar).
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=start, initargs=(spec,)) as pool:
        pending: deque[AsyncResult[Result]] = deque()
        todo = iter(chunks)
        for c in islice(todo, 2 * workers):
            pending.append(pool.apply_async(run_chunk, (c,)))
        while pending:
            yield pending.popleft().get()
            for c in islice(todo, 1):
                pending.append(pool.apply_async(run_chunk, (c,)))
        pool.close()
        pool.join()


def run_chunk(c: int) -> Result:
    """Generate chunk ``c``; write it if this worker has a connection, else return its rows.

    Returns (chunk, rows per table key, the rows or None)."""
    assert _spec is not None  # noqa: S101 (start() ran)
    rows = generate_chunk(_spec, c)
    counts = {key: len(value) for key, value in rows.items()}
    if _connection is None:
        return c, counts, rows
    with _connection.transaction(), _connection.cursor() as cursor:
        for table in _spec.tables:
            data = rows[table.key]
            if not data:
                continue
            _copy(cursor, table.table, table.columns, data)
            if table.history_table is not None:
                _copy(cursor, table.history_table, table.history_columns, history_rows(table, data))
    return c, counts, None


def _copy(cursor: Any, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    quoted = ", ".join(f'"{c}"' for c in columns)
    with cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)
