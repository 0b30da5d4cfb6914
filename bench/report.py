"""`python -m bench report`: the tables of docs/performance.md from bench/results/*.json.

Rewrites the part of docs/performance.md between the two marker lines; the prose around the
tables is written by hand.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DOC = ROOT / "docs" / "performance.md"
BEGIN = "<!-- bench:tables:begin (python -m bench report) -->"
END = "<!-- bench:tables:end -->"


#: The 16-client mixes a run may hold (older runs: one mix of every operation but the export).
MIXES = (
    ("mix", "Mix of every operation but the export"),
    ("mix_operational", "Operational mix (lists, details, searches, ranking)"),
    ("mix_monitoring", "Mix with indicators and dashboard at 1 request in 10"),
)


def load() -> list[dict[str, Any]]:
    runs = []
    for path in sorted(RESULTS.glob("*.json")):
        data = json.loads(path.read_text())
        if "operations" in data:
            data["file"] = path.name
            runs.append(data)
    return sorted(runs, key=lambda r: (r["db"] != "postgres", r["scale"]))


def fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def run_table(run: dict[str, Any]) -> list[str]:
    counts = run.get("counts", {})
    gen = run.get("generation", {})
    lines = [
        f"### {run['db']}, scale {run['scale']:g}",
        "",
        f"{counts.get('employees', '?')} employees, {counts.get('trajectories', '?')} "
        f"trajectories ({counts.get('partner_trajectories', '?')} at the measured partner), "
        f"{counts.get('applications', '?')} applications. Measured {run['started_at']}; "
        f"load average before/after {run['machine'].get('loadavg_before')} / "
        f"{run['machine'].get('loadavg_after')} on {run['machine']['cpus']} cores; gunicorn "
        f"{run['server']['workers']} workers × {run['server']['threads']} threads."
        + (
            f" Generated in {gen['seconds']} s ({gen['rows']} rows)."
            if gen.get("generated")
            else ""
        ),
        "",
        "| operation | 1 client median ms | 1 client p95 ms | 16 clients p95 ms | 16 clients req/s "
        "| queries | server median ms | floor median ms | ratio to floor (median) | errors "
        "| requests (1 / 16 clients) | largest worker's peak MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, e in run["operations"].items():
        c1, c16 = e["c1"], e.get("c16", {})
        errors = c1["errors"] + c16.get("errors", 0)
        lines.append(
            f"| {name} | {fmt(c1['median_ms'])} | {fmt(c1['p95_ms'])} | "
            f"{fmt(c16.get('p95_ms'))} | {fmt(c16.get('rps'))} | {fmt(e['queries'])} | "
            f"{fmt(c1.get('server_median_ms'))} | {fmt(e['floor_c1']['median_ms'])} | "
            f"{fmt(e['ratio_median'], 2)} | {errors} | {c1['n']} / {c16.get('n', '–')} | "
            f"{fmt(e.get('worker_peak_rss_mb'))} |"
        )
    for key, title in MIXES:
        mix = run.get(f"{key}_c16")
        if not mix:
            continue
        floor = run.get(f"{key}_floor_c16", {})
        lines += [
            "",
            f"{title}, 16 clients: **{fmt(mix['rps'])} req/s**, "
            f"median {fmt(mix['median_ms'])} ms, p95 {fmt(mix['p95_ms'])} ms, "
            f"{mix['errors']} errors (floor mix: {fmt(floor.get('rps'))} req/s, p95 "
            f"{fmt(floor.get('p95_ms'))} ms).",
        ]
    workers = run.get("workers_memory")
    if workers:
        peaks = ", ".join(f"{w['peak_rss_mb']} MB" for w in workers)
        lines += ["", f"Each gunicorn worker's peak resident memory over the whole run: {peaks}."]
    export = run["operations"].get("export_trajectories", {})
    if "memory" in export:
        m = export["memory"]
        lines += [
            "",
            f"Export: {export['c1']['bytes']} bytes per response; largest worker's peak "
            f"resident memory {m['after']['peak_rss_mb']} MB "
            f"(before the export: {m['before']['peak_rss_mb']} MB).",
        ]
    return [*lines, ""]


def growth_table(runs: list[dict[str, Any]]) -> list[str]:
    names: list[str] = []
    for run in runs:
        names += [n for n in run["operations"] if n not in names]
    header = [f"{r['db']} ×{r['scale']:g}" for r in runs]
    lines = [
        "### Growth: 1-client median ms (queries) [ratio to floor]",
        "",
        "| operation | " + " | ".join(header) + " |",
        "|---|" + "---:|" * len(runs),
    ]
    for name in names:
        cells = []
        for run in runs:
            e = run["operations"].get(name)
            cells.append(
                f"{fmt(e['c1']['median_ms'])} ({fmt(e['queries'])}) [{fmt(e['ratio_median'], 2)}]"
                if e
                else "–"
            )
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    for key, title in MIXES:
        if any(f"{key}_c16" in r for r in runs):
            cells = [fmt(r.get(f"{key}_c16", {}).get("rps")) for r in runs]
            lines.append(f"| *{title.lower()}, 16 clients, req/s* | " + " | ".join(cells) + " |")
    peaks = [
        fmt(max((w["peak_rss_mb"] for w in r.get("workers_memory", [])), default=None))
        for r in runs
    ]
    lines.append("| *largest worker's peak resident memory, MB* | " + " | ".join(peaks) + " |")
    return [*lines, ""]


def tables() -> str:
    runs = load()
    if not runs:
        return "(no results yet)\n"
    out = growth_table(runs)
    for run in runs:
        out += run_table(run)
    return "\n".join(out)


def write_report() -> None:
    text = DOC.read_text() if DOC.exists() else f"# Performance\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text:
        text += f"\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    _old, tail = rest.split(END, 1)
    DOC.write_text(f"{head}{BEGIN}\n{tables()}\n{END}{tail}")
    print(f"wrote {DOC}")
