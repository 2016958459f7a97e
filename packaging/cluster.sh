#!/usr/bin/env bash
# Several instances behind a load balancer: starts a scratch PostgreSQL, three touchpoint-service
# instances on one database in it (the first seeds the demo data) and HAProxy in front of them
# (packaging/haproxy.cfg: round robin, health checks on /v1/health/ready), and prints the
# load balancer's URL. Ctrl-C (or SIGTERM) stops everything and removes the scratch folder.
#
# Environment: BUILD_DIR (default build), JOBS (build jobs, default all cores),
# TOUCHPOINT_SERVICE_BIN (a touchpoint-service already built: nothing is built),
# TOUCHPOINT_LB_PORT (first port tried for HAProxy, default 8080), TOUCHPOINT_PG_BINDIR (the
# PostgreSQL programs; default the newest /usr/lib/postgresql/<version>/bin),
# TOUCHPOINT_SKIP_DEPS=1 (do not run packaging/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${TOUCHPOINT_SKIP_DEPS:-}" = 1 ] || bash packaging/install-deps.sh
service_bin="${TOUCHPOINT_SERVICE_BIN:-}"
if [ -z "$service_bin" ]; then
  build_dir="${BUILD_DIR:-build}"
  cmake -S . -B "$build_dir" >/dev/null
  cmake --build "$build_dir" -j"${JOBS:-$(nproc)}" --target touchpoint-service
  service_bin="$(cd "$build_dir" && pwd)/sync/service/touchpoint-service"
fi

pg_bindir="${TOUCHPOINT_PG_BINDIR:-}"
if [ -z "$pg_bindir" ]; then
  pg_bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
fi
[ -x "$pg_bindir/initdb" ] || { echo "PostgreSQL is not installed (packaging/install-deps.sh)" >&2; exit 1; }
command -v haproxy >/dev/null || { echo "HAProxy is not installed (packaging/install-deps.sh)" >&2; exit 1; }

# PostgreSQL refuses to run as root: as root, its programs run as the postgres user.
as_pg=()
[ "$(id -u)" -ne 0 ] || as_pg=(runuser -u postgres --)

scratch="$(mktemp -d /tmp/tp-cluster-XXXXXX)"
[ "$(id -u)" -ne 0 ] || chown postgres: "$scratch"
service_pids=()
haproxy_pid=""
pg_started=""

stop_all() {
  trap - EXIT INT TERM
  echo
  # A Ctrl-C has reached HAProxy and the services too (they drain on SIGINT as on SIGTERM);
  # PostgreSQL runs in a session of its own and is stopped last, once they have ended.
  echo "Stopping: HAProxy, the services (they drain), PostgreSQL."
  [ -z "$haproxy_pid" ] || kill "$haproxy_pid" 2>/dev/null || true
  for pid in "${service_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${service_pids[@]}" $haproxy_pid; do
    ! kill -0 "$pid" 2>/dev/null || wait "$pid" 2>/dev/null || true
  done
  if [ -n "$pg_started" ]; then
    "${as_pg[@]}" "$pg_bindir/pg_ctl" -D "$scratch/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$scratch"
  echo "Stopped; $scratch removed."
}
trap stop_all EXIT
trap 'exit 0' INT TERM

# PostgreSQL: listens only on a Unix socket in the scratch folder (5432 names the socket file;
# nothing listens on TCP), trusts local connections, and is lost with the folder.
"${as_pg[@]}" "$pg_bindir/initdb" -D "$scratch/data" -U touchpoint -A trust -E UTF8 --locale=C \
  --no-sync >"$scratch/initdb.log" 2>&1 || { cat "$scratch/initdb.log" >&2; exit 1; }
"${as_pg[@]}" "$pg_bindir/pg_ctl" -D "$scratch/data" -l "$scratch/postgresql.log" -w -t 60 \
  -o "-c listen_addresses='' -k $scratch -p 5432" start >/dev/null \
  || { cat "$scratch/postgresql.log" >&2; exit 1; }
pg_started=1
"${as_pg[@]}" "$pg_bindir/createdb" -h "$scratch" -p 5432 -U touchpoint touchpoint
db_uri="postgresql:///touchpoint?host=$scratch&port=5432&user=touchpoint"

# Starts instance N on a free port and sets `address` to the HOST:PORT its stdout line gives.
# Any further arguments go to the service.
start_service() {
  local n="$1"
  shift
  local log="$scratch/service-$n.log"
  "$service_bin" --db "$db_uri" --port 0 --demo "$@" >"$log" 2>&1 &
  local pid=$!
  service_pids+=("$pid")
  address=""
  for _ in $(seq 1 300); do
    address="$(sed -n 's/^listening on //p' "$log" 2>/dev/null | head -n 1)"
    [ -z "$address" ] || return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "touchpoint-service $n did not start:" >&2
  cat "$log" >&2
  exit 1
}

# The first instance creates the schema and seeds the demo data; the others find them there.
# Every instance has the same options but the seeding, since any of them may answer a request.
export TP_SERVICE_1 TP_SERVICE_2 TP_SERVICE_3 TP_LB_BIND
start_service 1 --seed-demo 40
TP_SERVICE_1="$address"
start_service 2
TP_SERVICE_2="$address"
start_service 3
TP_SERVICE_3="$address"

# The first free port from TOUCHPOINT_LB_PORT on (nothing accepts a connection there).
lb_port="${TOUCHPOINT_LB_PORT:-8080}"
while (exec 3<>"/dev/tcp/127.0.0.1/$lb_port") 2>/dev/null; do lb_port=$((lb_port + 1)); done
TP_LB_BIND="127.0.0.1:$lb_port"

haproxy -c -q -f packaging/haproxy.cfg
haproxy -db -f packaging/haproxy.cfg >"$scratch/haproxy.log" 2>&1 &
haproxy_pid=$!

# Ready once HAProxy answers /v1/health/ready through an instance it checked.
http_status() {
  (exec 3<>"/dev/tcp/127.0.0.1/$lb_port" &&
    printf 'GET %s HTTP/1.0\r\nHost: touchpoint\r\n\r\n' "$1" >&3 &&
    head -n 1 <&3 | cut -d' ' -f2) 2>/dev/null || true
}
for _ in $(seq 1 100); do
  [ "$(http_status /v1/health/ready)" = 200 ] && break
  kill -0 "$haproxy_pid" 2>/dev/null || { cat "$scratch/haproxy.log" >&2; exit 1; }
  sleep 0.1
done

url="http://$TP_LB_BIND"
cat <<EOF
Three touchpoint-service instances on one PostgreSQL database, behind HAProxy:

  $url      (try: curl -i $url/v1/health)

  instances  service1 $TP_SERVICE_1 (pid ${service_pids[0]}, seeded the demo data)
             service2 $TP_SERVICE_2 (pid ${service_pids[1]})
             service3 $TP_SERVICE_3 (pid ${service_pids[2]})
  database   $db_uri
  logs       $scratch/{service-1,service-2,service-3,haproxy,postgresql}.log

The demo channel key is demo-channel-key; enrollment codes KIOSK-S1-01 ... (docs/sync-protocol.md
§9). Kill an instance and HAProxy keeps answering from the others. Ctrl-C stops everything.
EOF

# Runs until Ctrl-C, SIGTERM or HAProxy's end; an instance that stops leaves the others serving.
while kill -0 "$haproxy_pid" 2>/dev/null; do sleep 1; done
echo "HAProxy stopped:" >&2
tail -n 20 "$scratch/haproxy.log" >&2
exit 1
