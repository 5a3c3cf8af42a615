#!/usr/bin/env bash
# The load benchmarks of BENCHMARKS.md ("Issue 6: load test"), through ./bpflife load with a 2 GiB heap.
#   bench/load.sh alive h2|postgres [N]  # N readers at once (default 10,000): sessions alive at the peak, events/s
#   bench/load.sh latency h2|postgres    # 1,000 readers at once, 1,000 sessions: p99 open->END of 100-object dumps
#   bench/load.sh held h2|postgres [N]   # N sessions (default 10,000) opened by 1,000 readers and held open, idle,
#                                        # until all are open (no unlinker): sessions alive at once, heap per session
#   bench/load.sh done-when              # the issue's command: --sessions 10000 --duration 60 --report
#   bench/load.sh p4 h2|postgres [N]     # issue 16 P4: the raw JDBC ceiling (bench/journal.sh raw-ceiling-DB,
#                                        # 370 B rows of 10,000 interleaved ids),
#                                        # then N readers at once (default 10,000): events/s, bytes per event
#   bench/load.sh open h2|postgres R [S] # the open model: R sessions/s for S seconds (default 60);
#                                        # BENCH_WARMUP=W: after a warm-up run of W seconds (load --warmup W)
#   bench/load.sh find-max h2|postgres [S] # the highest sustainable rate, S seconds a stage (default 10)
# BENCH_SCHEMA=pekko (H2): the run writes into a journal made by Pekko's schema script, as every H2
# journal was before issue 16 (bpflife's h2-schema.sql otherwise): the same binary, before and after.
# PostgreSQL: BPFLIFE_PG_URL, _USER, _PASSWORD (.ci/run shows how to start a private cluster).
# Reports go under target/bench-load; each H2 run gets a fresh data directory there, removed after
# the run (BENCH_KEEP=1 keeps it). Each run prints the machine first.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$repo"
# shellcheck source=bench/machine.sh
source bench/machine.sh
export BPFLIFE_JAVA_OPTS="${BPFLIFE_JAVA_OPTS:--Xmx2g}"
out=target/bench-load
what=${1:-}
db=${2:-h2}
world="bench-$what-$db-$(date +%Y%m%d%H%M%S)"
rm_every=500
[[ "$what" == held ]] && rm_every=0   # no pin is missing while the sessions are opened
data="$out/data-$world"
[[ "${BENCH_KEEP:-}" == 1 ]] || trap 'rm -rf "$repo/$data"' EXIT
# the load's JVM's CPU (user + sys) and peak RSS, for CPU per event: the steadier figure on a shared machine
cpu=(/usr/bin/time -f "cpu       %U s user + %S s sys (the load's JVM, start to report), max RSS %M KB")
common=(--pins 4 --update-every 100 --rm-every "$rm_every" --store "$db" --data-dir "$data" --world "$world"
        --report "$out/$world")
./bpflife --version >/dev/null   # builds the jar first, outside the timing
if [[ "${BENCH_SCHEMA:-}" == pekko && "$db" == h2 ]]; then
  bench/journal.sh pekko-schema-h2 "$data" >/dev/null
  echo "schema    Pekko's (BENCH_SCHEMA=pekko)"
fi
machine
echo "heap      $BPFLIFE_JAVA_OPTS"
case "$what" in
  alive)
    set -x
    ./bpflife load --sessions "${3:-10000}" --concurrency "${3:-10000}" --read-size 8192 "${common[@]}"
    ;;
  latency)
    set -x
    ./bpflife load --sessions 1000 --concurrency 1000 --read-size 4096 "${common[@]}"
    ;;
  held)
    set -x
    BPFLIFE_LOAD_HOLD_SESSIONS="${3:-10000}" ./bpflife load --sessions "${3:-10000}" --concurrency 1000 \
      --read-size 8192 "${common[@]}"
    ;;
  done-when)
    mkdir -p "$out/done-when"
    cd "$out/done-when"
    set -x
    "$repo/bpflife" load --sessions 10000 --duration 60 --report out/
    ;;
  p4)
    # the ceiling on the same kind of rows: a load entry's payload (~370 B at 8 KiB reads), the ids of
    # 10,000 sessions written at once, the schema the load writes into
    bench/journal.sh "raw-ceiling-$db" 300000 370 10000 $([[ "${BENCH_SCHEMA:-}" == pekko ]] && echo pekko)
    set -x
    "${cpu[@]}" ./bpflife load --sessions "${3:-10000}" --concurrency "${3:-10000}" --read-size 8192 "${common[@]}"
    ;;
  open)
    set -x
    "${cpu[@]}" ./bpflife load --rate "${3:?rate}/s" --duration "${4:-60}" --read-size 4096 \
      ${BENCH_WARMUP:+--warmup "$BENCH_WARMUP"} "${common[@]}"
    ;;
  find-max)
    set -x
    "${cpu[@]}" ./bpflife load --find-max --duration "${3:-10}" --read-size 4096 --pins 4 --update-every 100 \
      --rm-every 500 --store "$db" --data-dir "$data" --world "$world"
    ;;
  *)
    echo "usage: bench/load.sh alive|latency|held|p4|open|find-max h2|postgres, or bench/load.sh done-when" >&2
    exit 2
    ;;
esac
