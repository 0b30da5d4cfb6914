#!/usr/bin/env bash
# Run the test suite against a throwaway PostgreSQL cluster on 127.0.0.1:54329.
# Installs PostgreSQL from Debian's packages when missing; initdb refuses root, so the cluster
# runs as the `postgres` user. The cluster is always stopped and removed, pass or fail.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON_BIN:-.venv/bin/python}

PORT=${PG_TEST_PORT:-54329}
if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  echo "Installing PostgreSQL from Debian's packages…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
RUN_AS=()
if [ "$(id -u)" = "0" ]; then
  # initdb refuses root: run the cluster as `postgres` (created if the image lacks it).
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  RUN_AS=(runuser -u postgres --)
fi

DATA=$(mktemp -d /tmp/doorstroom-pg.XXXXXX)
[ "$(id -u)" = "0" ] && chown postgres:postgres "$DATA"
cleanup() {
  "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$DATA/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DATA"
}
trap cleanup EXIT

"${RUN_AS[@]}" "$PGBIN/initdb" -D "$DATA/data" -U postgres --auth=trust -E UTF8 \
  --locale=C.UTF-8 >/dev/null
"${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$DATA/data" -l "$DATA/server.log" -w \
  -o "-p $PORT -c listen_addresses=127.0.0.1 -k $DATA -c fsync=off -c max_connections=100" start

export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/doorstroom"
"$PY" -m pytest "$@"
