"""gunicorn settings for production: ``gunicorn -c python:doorstroom.config.gunicorn …``.

With several workers, Prometheus metrics live in ``PROMETHEUS_MULTIPROC_DIR`` (one file per
worker, summed at scrape time); a worker that exits must be marked dead so its gauges go.
No access log: doorstroom.request writes one line per request without the query string.
"""

from __future__ import annotations

import os
from typing import Any

wsgi_app = "doorstroom.config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
accesslog = None
errorlog = "-"


def child_exit(server: Any, worker: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]
