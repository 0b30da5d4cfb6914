#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the benchmark on 127.0.0.1:54340 (BENCH_PG_PORT).
#   scripts/bench-postgres.sh start   # initdb if needed, then start; data under var/bench/pg
#                                     (as root: /var/tmp/doorstroom-bench-pg)
#   scripts/bench-postgres.sh stop
# initdb refuses root, so the cluster runs as `postgres`. fsync=off and
# synchronous_commit=off make bulk loading fast; they are for benchmark data only (a crash
# can lose or corrupt it: the generator makes it again). shared_buffers is sized for tables
# of scale 100 on a small machine.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${BENCH_PG_PORT:-54340}
# As root the cluster runs as `postgres`, which cannot enter var/ (mode 0750: the demo keeps its
# secrets there), so its data then lives under /var/tmp.
if [ "$(id -u)" = "0" ]; then
  DATA=${BENCH_PG_DATA:-/var/tmp/doorstroom-bench-pg}
else
  DATA=${BENCH_PG_DATA:-$PWD/var/bench/pg}
fi
if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  echo "Installing PostgreSQL from Debian's packages…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
RUN_AS=()
if [ "$(id -u)" = "0" ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  RUN_AS=(runuser -u postgres --)
fi
case "${1:-start}" in
  start)
    mkdir -p "$DATA"
    [ "$(id -u)" = "0" ] && chown postgres:postgres "$DATA"
    if [ ! -f "$DATA/data/PG_VERSION" ]; then
      "${RUN_AS[@]}" "$PGBIN/initdb" -D "$DATA/data" -U postgres --auth=trust -E UTF8 \
        --locale=C.UTF-8 >/dev/null
    fi
    "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$DATA/data" -l "$DATA/server.log" -w status >/dev/null 2>&1 \
      || "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$DATA/data" -l "$DATA/server.log" -w -o \
        "-p $PORT -c listen_addresses=127.0.0.1 -k $DATA -c fsync=off -c synchronous_commit=off \
         -c full_page_writes=off -c max_connections=100 -c shared_buffers=1GB \
         -c maintenance_work_mem=512MB -c work_mem=32MB -c max_wal_size=4GB" start
    echo "PostgreSQL for the benchmark on 127.0.0.1:$PORT (postgres://postgres@127.0.0.1:$PORT)"
    ;;
  stop)
    "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$DATA/data" -m fast stop
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
