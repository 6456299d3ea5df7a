#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL cluster on 127.0.0.1 for the test suite.
#   .ci/postgres.sh start   -> prints the URL to use as OUTAGES_TEST_PG_URL
#   .ci/postgres.sh stop
# Installs Debian's postgresql package when it is missing and we are root.
set -euo pipefail
PGPORT="${OUTAGES_PG_PORT:-55432}"
PGDIR="${OUTAGES_PG_DIR:-/tmp/outages-pg-$PGPORT}"
bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
as_pg() { if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
  start)
    if [ -z "$(bin_dir)" ]; then
      if [ "$(id -u)" = "0" ]; then
        apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
      else
        echo "postgresql is not installed" >&2; exit 1
      fi
    fi
    BIN="$(bin_dir)"
    if [ ! -f "$PGDIR/PG_VERSION" ]; then
      mkdir -p "$PGDIR"
      [ "$(id -u)" = "0" ] && chown postgres "$PGDIR"
      as_pg "$BIN/initdb" -D "$PGDIR" -U postgres -A trust --no-sync >/dev/null
    fi
    if ! as_pg "$BIN/pg_ctl" -D "$PGDIR" status >/dev/null 2>&1; then
      as_pg "$BIN/pg_ctl" -D "$PGDIR" -l "$PGDIR/server.log" -w -o "-h 127.0.0.1 -p $PGPORT -k /tmp -F" start >/dev/null
    fi
    echo "postgresql://postgres@127.0.0.1:$PGPORT/postgres"
    ;;
  stop)
    BIN="$(bin_dir)"
    if [ -n "$BIN" ] && [ -f "$PGDIR/PG_VERSION" ]; then
      as_pg "$BIN/pg_ctl" -D "$PGDIR" -m fast stop >/dev/null 2>&1 || true
      rm -rf "$PGDIR"
    fi
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
