#!/usr/bin/env bash
# The cluster benchmarks of BENCHMARKS.md ("Issue 16: cluster"): node JVMs on 127.0.0.1, the
# journal PostgreSQL (BPFLIFE_PG_URL, _USER, _PASSWORD; .ci/run shows how to start a private one).
#   bench/cluster.sh rate [SESSIONS]   # events/s: the same closed-loop load on one JVM (no cluster),
#                                      # through 1 node and through 3 nodes (default 2,000 sessions, 200 at once)
#   bench/cluster.sh kill [SESSIONS]   # 3 nodes, a load, SIGKILL one node 40 s in (KILL_AFTER): the time from the kill
#                                      # to the first step of a moved shard, and the run's checks
#   KILL_AFTER=3 bench/cluster.sh kill 3000   # the kill during the workload's setup (issue 16, session 6)
# Each node and the driver get a 1 GiB heap. Run it alone: flock /work/notes/bench.lock bench/cluster.sh ...
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$repo"
# shellcheck source=bench/machine.sh
source bench/machine.sh
: "${BPFLIFE_PG_URL:?set BPFLIFE_PG_URL (and BPFLIFE_PG_USER, BPFLIFE_PG_PASSWORD)}"
what=${1:-rate}
sessions=${2:-2000}
out=target/bench-cluster
mkdir -p "$out"
./bpflife --version >/dev/null   # builds the jar first, outside the timing
jar="$out/bpflife.jar"
cp cli/target/bpflife.jar "$jar"   # the nodes run this copy: a rebuild cannot change it under them
java="$(bin/find-jdk)/bin/java"
pids=()
stop_nodes() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pids=()
}
trap stop_nodes EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# start_nodes N: N nodes, the first the seed; waits until each prints its "up" line
start_nodes() {
  seed_port=$(free_port)
  for i in $(seq 1 "$1"); do
    port=$seed_port
    (( i > 1 )) && port=$(free_port)
    "$java" -Xmx1g -jar "$jar" node --store postgres --seed "127.0.0.1:$seed_port" --port "$port" \
      >"$out/node-$i.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 120); do grep -q "up at" "$out/node-$i.log" && break; sleep 1; done
    grep -q "up at" "$out/node-$i.log" || { echo "node $i did not start:"; cat "$out/node-$i.log"; exit 1; }
  done
}
load() {   # load WORLD [--cluster ...]: the closed-loop load, JSON report to $out/WORLD.json
  local world=$1; shift
  "$java" -Xmx1g -jar "$jar" load --store postgres --sessions "$sessions" --concurrency 200 --pins 4 \
    --update-every 100 --rm-every 500 --call-timeout 120000 --world "$world" --json "$@" \
    >"$out/$world.json" 2>"$out/$world.err" || true
  python3 - "$out/$world.json" "$out/$world.err" <<'PY'
import json, sys
try:
    r = json.load(open(sys.argv[1]))
except ValueError:
    print("  no report: " + open(sys.argv[2]).read().strip().splitlines()[-1])
    sys.exit(0)
print(f"  {r['world']}: {r['events_persisted']} events in {r['elapsed_s']:.1f} s = "
      f"{r['events_persisted_per_s']:.0f} events/s, verdict {r['verdict']}")
PY
}
machine
echo "load avg before: $(cat /proc/loadavg)"
stamp=$(date +%Y%m%d%H%M%S)
case "$what" in
  rate)
    echo "one JVM (no cluster):"; load "c-local-$stamp"
    start_nodes 1; echo "1 node:"; load "c-1node-$stamp" --cluster "127.0.0.1:$seed_port" --nodes 1; stop_nodes
    start_nodes 3; echo "3 nodes:"; load "c-3nodes-$stamp" --cluster "127.0.0.1:$seed_port" --nodes 3; stop_nodes
    ;;
  kill)
    start_nodes 3
    world="c-kill-$stamp"
    # the kill KILL_AFTER (40) s after the driver has joined (setup done, the load well under way on a shared machine)
    ( for _ in $(seq 1 300); do grep -q "nodes up" "$out/$world.err" 2>/dev/null && break; sleep 0.5; done
      sleep "${KILL_AFTER:-40}"; kill -9 "${pids[1]}"; date +%s%3N >"$out/$world.killed" ) &
    echo "3 nodes, SIGKILL of node 2 ${KILL_AFTER:-40} s after the driver joined:"
    load "$world" --cluster "127.0.0.1:$seed_port" --nodes 3
    grep "cluster: lost node" "$out/$world.err" || echo "  no recovery reported"
    python3 - "$out/$world.killed" "$out/$world.err" <<'PY'
import re, sys, datetime
killed = int(open(sys.argv[1]).read())
m = re.search(r"first step of a moved shard at (\S+)", open(sys.argv[2]).read())
if m:
    t = datetime.datetime.fromisoformat(m.group(1).replace("Z", "+00:00")).timestamp() * 1000
    print(f"  kill -> first step of a moved shard: {(t - killed) / 1000:.1f} s")
PY
    ;;
  *) echo "usage: bench/cluster.sh rate|kill [SESSIONS]"; exit 2 ;;
esac
echo "load avg after: $(cat /proc/loadavg)"
