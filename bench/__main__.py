"""`python -m bench --db sqlite|postgres --scale N`: measure the roles' operations and the floor.

1. Point Django at the bench database of that scale (a SQLite file under var/bench/, or the
   database `bench_s<scale>` on the PostgreSQL cluster of scripts/bench-postgres.sh), migrate,
   and generate the data when the database is empty (so each scale is generated once).
2. Create one user and API token per role, and the few records a search needs.
3. Start gunicorn (bench settings: project URLs plus the floor views, query counting on) on a
   free 127.0.0.1 port, warm up, then measure each operation with 1 and with 16 concurrent
   keep-alive clients, each time followed by its floor: the same rows from one hand-written
   SQL query. Then two 16-client mixes (operational; with monitoring at 1 in 10) and each
   worker's peak memory.
4. Write bench/results/<db>-scale<N>.json and print the table.

`python -m bench report` rewrites the tables of docs/performance.md from bench/results/.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PG_DEFAULT = "postgres://postgres@127.0.0.1:54340"


# --- the database --------------------------------------------------------------------------


def scale_label(scale: float) -> str:
    return f"{scale:g}".replace(".", "_")


def database_url(db: str, scale: float, data_dir: Path, pg: str) -> str:
    if db == "sqlite":
        data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{data_dir / f'scale-{scale_label(scale)}.sqlite3'}"
    # BENCH_PG_DB names another database (a copy made with `CREATE DATABASE … TEMPLATE`), so
    # that two branches can be measured side by side on the same cluster.
    name = os.environ.get("BENCH_PG_DB") or f"bench_s{scale_label(scale)}"
    import psycopg

    with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return f"{pg}/{name}"


def prepare_database(scale: float, seed: int) -> dict[str, Any]:
    """Migrate and, when empty, generate. Returns what the generation took."""
    from django.core.management import call_command

    from doorstroom.benchdata.generator import Generator, database_is_empty

    call_command("migrate", verbosity=0)
    if not database_is_empty():
        return {"generated": False}
    started = time.perf_counter()
    report = Generator(scale=scale, seed=seed).run()
    seconds = time.perf_counter() - started
    print(f"generated scale {scale:g}: {report.rows} rows in {seconds:.1f} s", flush=True)
    return {"generated": True, "seconds": round(seconds, 1), "rows": report.rows}


# --- the roles and what they look at --------------------------------------------------------


@dataclass
class Fixtures:
    tokens: dict[str, str]
    session: str
    partner_id: int
    applications: list[int]
    evaluations: list[tuple[int, float, float]]
    trajectories: list[int]
    names: list[str]
    numbers: list[tuple[str, str]]  # (national number, hash)
    today: date
    first_day: date
    counts: dict[str, int] = field(default_factory=dict)


def _spread(values: list[Any], n: int) -> list[Any]:
    if len(values) <= n:
        return values
    step = len(values) / n
    return [values[int(i * step)] for i in range(n)]


def prepare_fixtures() -> Fixtures:
    from django.db.models import Count
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from doorstroom.accounts.models import Role, User
    from doorstroom.benchdata.generator import ANCHOR, FAMILY, YEARS
    from doorstroom.common.identifiers import national_number_for
    from doorstroom.employees.models import Employee, Evaluation
    from doorstroom.mandates.models import MandateApplication
    from doorstroom.organisations.models import Organisation
    from doorstroom.places.models import PostalCode
    from doorstroom.privacy.national_numbers import national_number_hash, national_number_masked
    from doorstroom.referrals.models import Referral
    from doorstroom.trajectories.models import Trajectory

    partner_id = (
        Trajectory.objects.values("partner_id")
        .annotate(n=Count("id"))
        .order_by("-n", "partner_id")
        .values_list("partner_id", flat=True)
        .first()
    )
    tokens = {}
    users = {}
    for role in (Role.REVIEWER, Role.CONSULTANT, Role.ESF_OFFICER, Role.APPLICANT):
        user, _ = User.objects.get_or_create(
            username=f"bench-{role}",
            defaults={
                "role": role,
                "organisation_id": partner_id if role == Role.APPLICANT else None,
            },
        )
        users[role] = user
        tokens[str(role)] = Token.objects.get_or_create(user=user)[0].key
    client = Client()
    client.force_login(users[Role.ESF_OFFICER])
    session = client.cookies["sessionid"].value

    # Known national numbers for the exact search (serial 998: never used by the generator).
    numbers = []
    employer = Organisation.objects.order_by("id").first()
    place = PostalCode.objects.filter(municipality__region_code="02000").order_by("code").first()
    for k in range(20):
        number = national_number_for(date(1970, 1, 1) + timedelta(days=97 * k), 998)
        digest = national_number_hash(number)
        numbers.append((number, digest))
        if employer and place and not Employee.objects.filter(national_number_hash=digest).exists():
            Employee.objects.create(
                national_number_hash=digest,
                national_number_masked=national_number_masked(number),
                given_name="Bench",
                family_name=f"Zoekproef {k}",
                postal_code=place.code,
                municipality_id=place.municipality_id,
                employer=employer,
                framework="maatwerk",
                target_groups=["work_disability"],
                hired_on=date(2020, 1, 1),
            )
    applications = _spread(
        list(MandateApplication.objects.order_by("id").values_list("id", flat=True)), 50
    )
    evaluation_ids = _spread(
        list(
            Evaluation.objects.filter(decision="transition")
            .order_by("id")
            .values_list("id", flat=True)
        ),
        50,
    )
    coordinates: dict[str, tuple[float, float]] = {}
    for code, lat, lon in PostalCode.objects.filter(latitude__isnull=False).values_list(
        "code", "latitude", "longitude"
    ):
        coordinates.setdefault(code, (lat, lon))
    evaluations = []
    for pk, code in Evaluation.objects.filter(pk__in=evaluation_ids).values_list(
        "id", "employee__postal_code"
    ):
        lat, lon = coordinates.get(code, (51.0, 4.4))
        evaluations.append((pk, lat, lon))
    trajectories = _spread(
        list(
            Trajectory.objects.filter(partner_id=partner_id)
            .order_by("id")
            .values_list("id", flat=True)
        ),
        50,
    )
    counts = {
        "employees": Employee.objects.count(),
        "evaluations": Evaluation.objects.count(),
        "referrals": Referral.objects.count(),
        "trajectories": Trajectory.objects.count(),
        "organisations": Organisation.objects.count(),
        "applications": MandateApplication.objects.count(),
        "partner_trajectories": Trajectory.objects.filter(partner_id=partner_id).count(),
    }
    return Fixtures(
        tokens=tokens,
        session=session,
        partner_id=partner_id or 0,
        applications=applications,
        evaluations=sorted(evaluations),
        trajectories=trajectories,
        names=[FAMILY[i] for i in range(0, len(FAMILY), 5)],
        numbers=numbers,
        today=ANCHOR,
        first_day=date(ANCHOR.year - YEARS, ANCHOR.month, ANCHOR.day),
        counts=counts,
    )


# --- the operations, as the roles do them ---------------------------------------------------

Request = tuple[str, str, bytes | None, dict[str, str]]


@dataclass
class Operation:
    name: str
    title: str
    endpoint: Callable[[int], Request]
    floor: Callable[[int], Request]
    streamed: bool = False


def operations(f: Fixtures) -> list[Operation]:
    def api(role: str, method: str = "GET", body: Any = None) -> Callable[[str], Request]:
        headers = {"Authorization": f"Token {f.tokens[role]}"}
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(body).encode()

        def make(path: str) -> Request:
            return (method, path, data, headers)

        return make

    def get(path: str, method: str = "GET", body: Any = None) -> Request:
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json"} if data else {}
        return (method, path, data, headers)

    page = {"Cookie": f"sessionid={f.session}"}
    # The eight years of data, from the first day the system knows (date_out_of_range before it).
    from doorstroom.rules.dates import date_range

    period = {"from": max(f.first_day, date_range()[0]).isoformat(), "to": f.today.isoformat()}

    def pick(values: list[Any], i: int) -> Any:
        return values[i % len(values)]

    def nn_search(i: int) -> Request:
        number, _ = pick(f.numbers, i)
        return api("consultant", "POST", {"national_number": number})("/api/v1/employees/search/")

    def nn_floor(i: int) -> Request:
        _, digest = pick(f.numbers, i)
        return get("/floor/employees/search", "POST", {"hash": digest})

    def ranking(i: int) -> Request:
        pk = pick(f.evaluations, i)[0]
        return api("consultant")(f"/api/v1/evaluations/{pk}/ranking/?on={f.today}")

    def ranking_floor(i: int) -> Request:
        _, lat, lon = pick(f.evaluations, i)
        return get(f"/floor/ranking?{urlencode({'on': f.today, 'lat': lat, 'lon': lon})}")

    return [
        Operation(
            "reviewer_inbox",
            "reviewer inbox (applications, first page)",
            lambda i: api("reviewer")("/api/v1/mandate-applications/"),
            lambda i: get("/floor/inbox"),
        ),
        Operation(
            "application_detail",
            "application detail (with submission and admissibility)",
            lambda i: api("reviewer")(f"/api/v1/mandate-applications/{pick(f.applications, i)}/"),
            lambda i: get(f"/floor/applications/{pick(f.applications, i)}"),
        ),
        Operation(
            "mandate_register",
            "mandate register (active mandates)",
            lambda i: api("reviewer")(f"/api/v1/mandates/?active_on={f.today}"),
            lambda i: get(f"/floor/mandates?active_on={f.today}"),
        ),
        Operation(
            "employee_search_name",
            "employee search by name",
            lambda i: api("consultant")(f"/api/v1/employees/?q={pick(f.names, i)}"),
            lambda i: get(f"/floor/employees?q={pick(f.names, i)}"),
        ),
        Operation(
            "employee_search_national_number",
            "employee search by national number",
            nn_search,
            nn_floor,
        ),
        Operation("evaluation_ranking", "ranking of all partners (R10)", ranking, ranking_floor),
        Operation(
            "partner_trajectories",
            "a partner's trajectory list",
            lambda i: api("applicant")("/api/v1/trajectories/"),
            lambda i: get(f"/floor/trajectories?partner={f.partner_id}"),
        ),
        Operation(
            "trajectory_detail",
            "trajectory detail (as the partner)",
            lambda i: api("applicant")(f"/api/v1/trajectories/{pick(f.trajectories, i)}/"),
            lambda i: get(f"/floor/trajectories/{pick(f.trajectories, i)}"),
        ),
        Operation(
            "monitoring_indicators",
            "monitoring indicators over all trajectories (8 years)",
            lambda i: api("esf_officer")(f"/api/v1/monitoring/indicators/?{urlencode(period)}"),
            lambda i: get(f"/floor/indicators?{urlencode(period)}"),
        ),
        Operation(
            "monitoring_indicators_filtered",
            "monitoring indicators by province, framework or both (8 years)",
            lambda i: api("esf_officer")(
                f"/api/v1/monitoring/indicators/?{urlencode({**period, **pick(FILTERS, i)})}"
            ),
            lambda i: get(f"/floor/indicators?{urlencode({**period, **pick(FILTERS, i)})}"),
        ),
        Operation(
            "monitoring_dashboard",
            "monitoring dashboard page (HTML, 8 years)",
            lambda i: ("GET", f"/esf/monitoring/?{urlencode(period)}", None, page),
            lambda i: get(f"/floor/indicators?{urlencode(period)}"),
        ),
        Operation(
            "export_trajectories",
            "export of every trajectory (CSV, streamed)",
            lambda i: api("esf_officer")("/api/v1/exports/trajectories.csv"),
            lambda i: get("/floor/export"),
            streamed=True,
        ),
    ]


# --- the server -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, url: str, workers: int, threads: int) -> None:
        self.port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "BENCH_QUERY_COUNT": "1",
            "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "bench.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--worker-class",
                "gthread",
                "--threads",
                str(threads),
                "--keep-alive",
                "30",
                "--backlog",
                "256",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")

    def workers(self) -> list[int]:
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                found.append(int(stat.parent.name))
        return found

    def memory_mb(self) -> dict[str, float]:
        """Peak (VmHWM) and current (VmRSS) resident memory of the largest worker."""
        peak = current = 0.0
        for pid in self.workers():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]) / 1024)
                if line.startswith("VmRSS:"):
                    current = max(current, int(line.split()[1]) / 1024)
        return {"peak_rss_mb": round(peak, 1), "rss_mb": round(current, 1)}

    def memory_per_worker(self) -> list[dict[str, float]]:
        """Each worker's peak (VmHWM) resident memory over the whole run, largest first."""
        found = []
        for pid in self.workers():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            peak = next(
                (int(x.split()[1]) / 1024 for x in status.splitlines() if x.startswith("VmHWM:")),
                0.0,
            )
            found.append({"pid": pid, "peak_rss_mb": round(peak, 1)})
        return sorted(found, key=lambda w: -w["peak_rss_mb"])

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


# --- measuring ------------------------------------------------------------------------------


@dataclass
class Sample:
    ms: float
    status: int
    queries: int | None
    server_ms: float | None
    size: int


TIME_BOX = 0.0  # seconds per measurement, 0 = none (set by --time-box)


def measure(
    port: int, make: Callable[[int], Request], n: int, clients: int
) -> tuple[list[Sample], float]:
    """n requests spread over `clients` threads, each with its own keep-alive connection.

    With `--time-box S`, no new request starts once S seconds have passed and at least
    `max(5, clients)` have started: the slow operations of scale 100 (eight years of
    indicators, every partner ranked) would otherwise take hours at the fast ones' counts.
    The summaries say how many requests were measured."""
    samples: list[Sample] = []
    lock = threading.Lock()
    counter = iter(range(n))
    deadline = time.perf_counter() + TIME_BOX if TIME_BOX else None
    least = max(5, clients)

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        mine = []
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            if deadline is not None and i >= least and time.perf_counter() > deadline:
                break
            method, path, body, headers = make(i)
            started = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                size = 0
                while chunk := response.read(65536):
                    size += len(chunk)
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                mine.append(Sample((time.perf_counter() - started) * 1000, 599, None, None, 0))
                continue
            ms = (time.perf_counter() - started) * 1000
            queries = response.getheader("X-Bench-Queries")
            server_ms = response.getheader("X-Bench-Ms")
            mine.append(
                Sample(
                    ms,
                    response.status,
                    int(queries) if queries else None,
                    float(server_ms) if server_ms else None,
                    size,
                )
            )
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        conn.close()
        with lock:
            samples.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return samples, time.perf_counter() - started


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(samples: list[Sample], wall: float) -> dict[str, Any]:
    ms = [s.ms for s in samples]
    server = [s.server_ms for s in samples if s.server_ms is not None]
    queries = [s.queries for s in samples if s.queries is not None]
    return {
        "n": len(samples),
        "errors": sum(1 for s in samples if s.status >= 400),
        "statuses": sorted({s.status for s in samples}),
        "median_ms": round(statistics.median(ms), 2) if ms else None,
        "p95_ms": round(percentile(ms, 0.95), 2) if ms else None,
        "rps": round(len(samples) / wall, 1) if wall else None,
        "server_median_ms": round(statistics.median(server), 2) if server else None,
        "queries": int(statistics.median(queries)) if queries else None,
        "bytes": int(statistics.median([s.size for s in samples])) if samples else 0,
    }


def count_streamed_queries(op: Operation) -> int:
    """Queries of a streamed response, counted in-process while its body is consumed."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    method, path, _body, headers = op.endpoint(0)
    client = Client(headers=headers)
    with CaptureQueriesContext(connection) as ctx:
        response = client.generic(method, path)
        for _chunk in response.streaming_content:  # type: ignore[attr-defined]
            pass
    return len(ctx.captured_queries)


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def run(args: argparse.Namespace) -> dict[str, Any]:
    url = database_url(args.db, args.scale, Path(args.data_dir), args.pg)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    generation = prepare_database(args.scale, args.seed)
    if args.prepare_only:
        return {"generation": generation}
    fixtures = prepare_fixtures()
    ops = operations(fixtures)
    if args.only:
        ops = [op for op in ops if op.name in args.only.split(",")]
    from django.db import connections

    streamed_queries = {op.name: count_streamed_queries(op) for op in ops if op.streamed}
    connections.close_all()
    result: dict[str, Any] = {
        "db": args.db,
        "scale": args.scale,
        "seed": args.seed,
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "loadavg_before": loadavg(),
        },
        "server": {"workers": args.workers, "threads": args.threads, "worker_class": "gthread"},
        "protocol": {
            "n1": args.n1,
            "n16": args.n16,
            "mix": args.mix,
            "warmup": args.warmup,
            "time_box_s": args.time_box,
        },
        "generation": generation,
        "counts": fixtures.counts,
        "operations": {},
    }
    server = Server(url, args.workers, args.threads)
    try:
        for op in ops:
            for make in (op.endpoint, op.floor):
                measure(server.port, make, args.warmup, min(args.warmup, args.workers))
            entry: dict[str, Any] = {"title": op.title, "path": op.endpoint(0)[1]}
            n1 = max(2, args.n1 // 10) if op.streamed else args.n1
            memory_before = server.memory_mb()
            entry["c1"] = summary(*measure(server.port, op.endpoint, n1, 1))
            entry["floor_c1"] = summary(*measure(server.port, op.floor, n1, 1))
            if op.streamed:
                entry["queries"] = streamed_queries[op.name]
                entry["memory"] = {"before": memory_before, "after": server.memory_mb()}
            else:
                entry["queries"] = entry["c1"]["queries"]
                entry["c16"] = summary(*measure(server.port, op.endpoint, args.n16, 16))
                entry["floor_c16"] = summary(*measure(server.port, op.floor, args.n16, 16))
            floor = entry["floor_c1"]["median_ms"] or float("nan")
            entry["ratio_median"] = round(entry["c1"]["median_ms"] / floor, 2)
            entry["ratio_p95"] = round(entry["c1"]["p95_ms"] / entry["floor_c1"]["p95_ms"], 2)
            entry["worker_peak_rss_mb"] = server.memory_mb()["peak_rss_mb"]
            result["operations"][op.name] = entry
            print(line(op.name, entry), flush=True)
        for name, make, floor_make, n in mixes(ops, args.mix):
            result[f"{name}_c16"] = summary(*measure(server.port, make, n, 16))
            result[f"{name}_floor_c16"] = summary(*measure(server.port, floor_make, n, 16))
            m = result[f"{name}_c16"]
            print(
                f"{name}, 16 clients: {m['rps']} req/s, p95 {m['p95_ms']} ms, errors {m['errors']}",
                flush=True,
            )
        result["workers_memory"] = server.memory_per_worker()
    finally:
        server.stop()
    result["machine"]["loadavg_after"] = loadavg()
    return result


#: The filters of `monitoring_indicators_filtered`, in turn: the largest provinces, each
#: framework, and a province with a framework ("any filter" of issue 16).
FILTERS: tuple[dict[str, str], ...] = (
    {"province": "10000"},
    {"framework": "maatwerk"},
    {"province": "40000"},
    {"framework": "lde"},
    {"province": "70000", "framework": "maatwerk"},
)

#: The operations of the consultants' and reviewers' working day (issue 16's operational mix).
OPERATIONAL = (
    "reviewer_inbox",
    "application_detail",
    "mandate_register",
    "employee_search_name",
    "employee_search_national_number",
    "evaluation_ranking",
    "partner_trajectories",
    "trajectory_detail",
)
#: The monitoring reads, added to the operational mix at 1 request in 10.
MONITORING = ("monitoring_indicators", "monitoring_dashboard")


def mixes(
    ops: list[Operation], n: int
) -> list[tuple[str, Callable[[int], Request], Callable[[int], Request], int]]:
    """The two 16-client mixes of issue 16, each with its floor mix.

    `mix_operational`: the operational operations in turn. `mix_monitoring`: the same, but
    every tenth request is a monitoring read (indicators and dashboard alternately).
    """
    operational = [op for op in ops if op.name in OPERATIONAL]
    monitoring = [op for op in ops if op.name in MONITORING]
    found: list[tuple[str, Callable[[int], Request], Callable[[int], Request], int]] = []
    if not n or not operational:
        return found

    def pick(i: int, floor: bool) -> Request:
        if monitoring and i % 10 == 9:
            op = monitoring[(i // 10) % len(monitoring)]
            return (op.floor if floor else op.endpoint)(i // 10)
        op = operational[i % len(operational)]
        return (op.floor if floor else op.endpoint)(i // len(operational))

    def operational_pick(i: int, floor: bool) -> Request:
        op = operational[i % len(operational)]
        return (op.floor if floor else op.endpoint)(i // len(operational))

    found.append(
        (
            "mix_operational",
            lambda i: operational_pick(i, False),
            lambda i: operational_pick(i, True),
            n,
        )
    )
    if monitoring:
        found.append(("mix_monitoring", lambda i: pick(i, False), lambda i: pick(i, True), n))
    return found


def line(name: str, e: dict[str, Any]) -> str:
    c1, c16 = e["c1"], e.get("c16", {})
    return (
        f"{name:<33} 1c med {c1['median_ms']:>8} p95 {c1['p95_ms']:>8} | "
        f"16c p95 {c16.get('p95_ms', '-')!s:>8} rps {c16.get('rps', '-')!s:>6} | "
        f"q {e['queries']!s:>3} | floor {e['floor_c1']['median_ms']:>7} | "
        f"x{e['ratio_median']} err {c1['errors'] + c16.get('errors', 0)}"
    )


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["report"]:
        from bench.report import write_report

        write_report()
        return
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--n1", type=int, default=100, help="requests per operation, 1 client")
    parser.add_argument("--n16", type=int, default=320, help="requests per operation, 16 clients")
    parser.add_argument("--mix", type=int, default=800, help="requests of the 16-client mix")
    parser.add_argument("--warmup", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--only", default="", help="comma-separated operation names")
    parser.add_argument(
        "--time-box", type=float, default=0.0, help="stop each measurement after S seconds"
    )
    parser.add_argument("--data-dir", default=str(ROOT / "var" / "bench"))
    parser.add_argument("--pg", default=os.environ.get("BENCH_PG_URL", PG_DEFAULT))
    parser.add_argument("--prepare-only", action="store_true", help="migrate and generate only")
    parser.add_argument("--out", default="", help="results file (default bench/results/…)")
    args = parser.parse_args(argv)
    global TIME_BOX
    TIME_BOX = args.time_box
    result = run(args)
    if args.prepare_only:
        print(json.dumps(result))
        return
    out = Path(args.out or RESULTS / f"{args.db}-scale{scale_label(args.scale)}.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n")
    print(f"results: {out}")


if __name__ == "__main__":
    main()
