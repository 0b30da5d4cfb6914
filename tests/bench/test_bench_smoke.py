"""A small run of the benchmark harness (scale 0.01 on SQLite, a few requests per operation),
so that `python -m bench` keeps working. The real runs are in docs/performance.md."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OPERATIONS = {
    "reviewer_inbox",
    "application_detail",
    "mandate_register",
    "employee_search_name",
    "employee_search_national_number",
    "evaluation_ranking",
    "partner_trajectories",
    "trajectory_detail",
    "monitoring_indicators",
    "monitoring_indicators_filtered",
    "monitoring_dashboard",
    "export_trajectories",
}


def test_bench_smoke_run_reports_every_operation_with_its_floor(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        "DOORSTROOM_VAR_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    completed = subprocess.run(  # noqa: S603 (our own interpreter and module)
        [
            sys.executable,
            "-m",
            "bench",
            "--db",
            "sqlite",
            "--scale",
            "0.01",
            "--n1",
            "2",
            "--n16",
            "4",
            "--mix",
            "20",
            "--warmup",
            "1",
            "--workers",
            "1",
            "--data-dir",
            str(tmp_path),
            "--out",
            str(out),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    result = json.loads(out.read_text())
    assert set(result["operations"]) == OPERATIONS
    for name, entry in result["operations"].items():
        assert entry["c1"]["errors"] == 0, (name, entry["c1"]["statuses"])
        assert entry["c1"]["median_ms"] > 0
        assert entry["floor_c1"]["median_ms"] > 0
        assert entry["ratio_median"] > 0
        assert entry["queries"] >= 1, name
        if name != "export_trajectories":
            assert entry["c16"]["errors"] == 0, (name, entry["c16"]["statuses"])
            assert entry["c16"]["rps"] > 0
    assert result["operations"]["export_trajectories"]["memory"]["after"]["peak_rss_mb"] > 0
    for mix in ("mix_operational_c16", "mix_monitoring_c16"):
        assert result[mix]["errors"] == 0, (mix, result[mix]["statuses"])
        assert result[mix]["n"] == 20
    assert result["workers_memory"]
    assert all(worker["peak_rss_mb"] > 0 for worker in result["workers_memory"])
    assert all(entry["worker_peak_rss_mb"] > 0 for entry in result["operations"].values())
