#!/usr/bin/env bash
# tsdb against Prometheus and VictoriaMetrics, side by side on this machine, as ratios (issue 7).
#
#   bench/compare.sh [--workloads a,b,c] [--repeats N] [--runs K] [--out DIR]
#
# Defaults: 3 repeats of a and b, 1 of c (c is about memory per series, which varies little, and one
# repeat takes about 10 minutes); --repeats N sets every workload's. K = 5 query runs (3 for c).
# The whole default run takes about 20 minutes on 2 cores.
#
# For each workload and repeat, the three systems run one after another (the order rotates with the
# repeat, since the machine is noisy), each on a fresh data directory with byte-identical load:
#   1. start the server, wait until it is ready, read its idle RSS;
#   2. push the workload with one series entry per sample (Prometheus' own shape);
#   3. run the Grafana-style queries (K runs each);
#   4. read RSS (10 s after the queries, and peak), persist the head (snapshot for tsdb and Prometheus, force_flush for
#      VictoriaMetrics) and measure the bytes on disk;
#   5. stop it; then, for workloads a and b, push the same samples with many samples per series entry
#      into a second fresh instance, for the other sender shape's ingest rate.
# At the end `Tsdb.Load compare` prints the Markdown table of medians and ratios.
# Workloads: a = 10,000 series x 720 samples; b = 100,000 x 60; c = 1,000,000 x 10 (1,000 instances);
# smoke = 2,000 x 40, to check the script itself in a minute.
# Only loopback addresses are used; every server started here is stopped here, by its PID.
set -euo pipefail

workloads=a,b,c
repeats=""
runs=""
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --workloads) workloads=$2; shift 2 ;;
    --repeats) repeats=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

top=$(cd "$(dirname "$0")/.." && pwd)
out=${out:-$top/bench/results/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$out"
started=$(date +%s)

log() { echo "[compare $(date -u +%H:%M:%S)] $*" >&2; }

install_peers() {
  local missing=()
  command -v prometheus >/dev/null || missing+=(prometheus)
  command -v victoria-metrics >/dev/null || missing+=(victoria-metrics)
  command -v curl >/dev/null || missing+=(curl)
  [ ${#missing[@]} -eq 0 ] && return
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  log "installing ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
}

install_peers
log "building tsdb and the load tool (Release)"
dotnet build -c Release -v q -nologo "$top/src/Api" >&2
dotnet build -c Release -v q -nologo "$top/bench/Tsdb.Load" >&2
tsdb_bin=$top/src/Api/bin/Release/net10.0/tsdb
load=$top/bench/Tsdb.Load/bin/Release/net10.0/Tsdb.Load

port_free() { ! ss -Htln "sport = :$1" | grep -q .; }
pick_port() {
  local p
  for p in $(seq "$1" $(($1 + 50))); do
    if port_free "$p"; then echo "$p"; return; fi
  done
  echo "no free port near $1" >&2; exit 1
}

rss_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null || echo -1; }

server_pid=""
stop_server() {
  [ -n "$server_pid" ] || return 0
  kill -TERM "$server_pid" 2>/dev/null || true
  for _ in $(seq 1 600); do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}
trap stop_server EXIT

# start_server SYSTEM DATA_DIR PORT LOGFILE: sets server_pid and the URLs, waits until ready.
start_server() {
  local system=$1 data=$2 port=$3 logfile=$4 ready
  case "$system" in
    tsdb)
      "$tsdb_bin" --config.file=/dev/null --storage.tsdb.path="$data" \
        --web.listen-address="127.0.0.1:$port" --web.enable-admin-api >"$logfile" 2>&1 &
      ready=/-/ready ;;
    prometheus)
      printf 'global:\n  scrape_interval: 15s\n' >"$data.yml"
      prometheus --config.file="$data.yml" --storage.tsdb.path="$data" \
        --web.listen-address="127.0.0.1:$port" --web.enable-remote-write-receiver --web.enable-admin-api >"$logfile" 2>&1 &
      ready=/-/ready ;;
    victoriametrics)
      # No result cache and no hidden last 30 s, so that queries do the work and see all the data;
      # its 300,000-series search limit would refuse workload c's queries over every series.
      victoria-metrics -storageDataPath="$data" -httpListenAddr="127.0.0.1:$port" \
        -search.disableCache -search.latencyOffset=0 -retentionPeriod=100y -search.maxUniqueTimeseries=2000000 >"$logfile" 2>&1 &
      ready=/health ;;
  esac
  server_pid=$!
  base="http://127.0.0.1:$port"
  for _ in $(seq 1 600); do
    if curl -fsS -o /dev/null "$base$ready" 2>/dev/null; then return 0; fi
    kill -0 "$server_pid" 2>/dev/null || { log "$system died at start: $(tail -5 "$logfile")"; return 1; }
    sleep 0.1
  done
  log "$system not ready after 60 s"
  return 1
}

# persisted_bytes SYSTEM DATA_DIR: bytes on disk once the head is persisted.
persisted_bytes() {
  local system=$1 data=$2 name
  case "$system" in
    tsdb|prometheus)
      # A snapshot writes the head out as a block beside hard links of the blocks already on disk,
      # which is exactly the data in its persisted form (no WAL).
      name=$(curl -fsS -X POST "$base/api/v1/admin/tsdb/snapshot" | sed -n 's/.*"name":"\([^"]*\)".*/\1/p')
      [ -n "$name" ] && du -sb "$data/snapshots/$name" | cut -f1 || echo -1 ;;
    victoriametrics)
      curl -fsS -o /dev/null "$base/internal/force_flush" || true
      sleep 3
      du -sb --exclude=snapshots "$data" | cut -f1 ;;
  esac
}

workload_args() {
  case "$1" in
    a) echo "--series 10000 --samples 720 --instances 100" ;;
    b) echo "--series 100000 --samples 60 --instances 100" ;;
    c) echo "--series 1000000 --samples 10 --instances 1000" ;;
    smoke) echo "--series 2000 --samples 40 --instances 20" ;;
    *) echo "unknown workload $1" >&2; exit 2 ;;
  esac
}

systems=(tsdb prometheus victoriametrics)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/tsdb-compare.XXXXXX")
port=$(pick_port 19400)
failures=0

run_one() {
  local system=$1 w=$2 r=$3 end=$4 dir=$5 args data nocache=""
  # shellcheck disable=SC2207
  args=($(workload_args "$w"))
  [ "$system" = victoriametrics ] && nocache=--nocache
  mkdir -p "$dir"
  data=$scratch/$system-$w-$r
  rm -rf "$data" "$data.yml"
  mkdir -p "$data"
  start_server "$system" "$data" "$port" "$dir/server.log" || { failures=$((failures + 1)); stop_server; return; }
  local idle
  idle=$(rss_kb "$server_pid" VmRSS)
  log "$w#$r $system: push (one entry per sample)"
  "$load" push --url "$base/api/v1/write" "${args[@]}" --end "$end" --label "$system" --json "$dir/push.json" >"$dir/push.txt" || failures=$((failures + 1))
  if [ "$system" = victoriametrics ]; then
    # Freshly ingested rows become searchable after VictoriaMetrics flushes its in-memory buffers.
    curl -fsS -o /dev/null "$base/internal/force_flush" || true
    sleep 2
  fi
  log "$w#$r $system: queries"
  "$load" query --query-url "$base" "${args[@]}" --end "$end" --runs "$w_runs" $nocache --label "$system" --json "$dir/query.json" >"$dir/query.txt" || failures=$((failures + 1))
  local after peak disk
  # Resident size once settled: every system gets the same 10 s to collect the queries' garbage.
  sleep 10
  after=$(rss_kb "$server_pid" VmRSS)
  peak=$(rss_kb "$server_pid" VmHWM)
  disk=$(persisted_bytes "$system" "$data")
  stop_server
  rm -rf "$data" "$data.yml"

  if [ "$w" != c ]; then
    mkdir -p "$data"
    if start_server "$system" "$data" "$port" "$dir/server-per-series.log"; then
      log "$w#$r $system: push (many samples per entry)"
      "$load" push --url "$base/api/v1/write" "${args[@]}" --end "$end" --shape per-series --label "$system" \
        --json "$dir/push-per-series.json" >"$dir/push-per-series.txt" || failures=$((failures + 1))
    else
      failures=$((failures + 1))
    fi
    stop_server
    rm -rf "$data" "$data.yml"
  fi

  printf 'system=%s\nworkload=%s\nrepeat=%s\nrss_idle_kb=%s\nrss_after_kb=%s\nrss_peak_kb=%s\ndisk_bytes=%s\n' \
    "$system" "$w" "$r" "$idle" "$after" "$peak" "$disk" >"$dir/measure.txt"
}

for w in ${workloads//,/ }; do
  # One end time per workload: every system and repeat gets the same bytes.
  end=$(( $(date +%s) / 15 * 15 ))
  if [ "$w" = c ]; then w_repeats=${repeats:-1}; w_runs=${runs:-3}; else w_repeats=${repeats:-3}; w_runs=${runs:-5}; fi
  for r in $(seq 1 "$w_repeats"); do
    for i in 0 1 2; do
      system=${systems[$(( (i + r - 1) % 3 ))]}
      run_one "$system" "$w" "$r" "$end" "$out/$w/$r-$system"
    done
  done
done
rm -rf "$scratch"

{
  echo "## tsdb vs Prometheus $(dpkg-query -W -f='${Version}' prometheus 2>/dev/null) vs VictoriaMetrics $(dpkg-query -W -f='${Version}' victoria-metrics 2>/dev/null)"
  echo
  echo "$(date -u +%Y-%m-%d), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), commit $(git -C "$top" rev-parse --short HEAD), \`bench/compare.sh --workloads $workloads${repeats:+ --repeats $repeats}${runs:+ --runs $runs}\`, $(( ($(date +%s) - started) / 60 )) min"
  echo
  "$load" compare "$out"
} | tee "$out/table.md"
log "results in $out (table.md; per-run reports and server logs beside it); $failures failed step(s)"
[ "$failures" -eq 0 ]
