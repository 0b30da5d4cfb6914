"""Settings of the benchmarked server: the project's own, plus the floor views and, when
BENCH_QUERY_COUNT=1, the middleware that reports queries and server time per request."""

from __future__ import annotations

import os

from doorstroom.config.settings import *  # noqa: F403
from doorstroom.config.settings import MIDDLEWARE, env_bool

ROOT_URLCONF = "bench.urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
BENCH_QUERY_COUNT = env_bool("BENCH_QUERY_COUNT", False)
if BENCH_QUERY_COUNT:
    MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]
BENCH_SCALE = os.environ.get("BENCH_SCALE", "")
