#!/usr/bin/env bash
# The journal benchmarks of BENCHMARKS.md. Builds the modules (tests skipped), then runs
# bpflife.bench.JournalBench on the bench module's class path.
#   bench/journal.sh million-h2              # store bench/million.scn as a ~1M-step world in H2, replay it
#   bench/journal.sh million-postgres        # the same on PostgreSQL (BPFLIFE_PG_URL, _USER, _PASSWORD)
#                                            # both then time replay --world and link show --at (history below)
#   bench/journal.sh history-h2|history-postgres [WORLD]  # only the history commands, on a stored world
#   bench/journal.sh live-rate-h2 [SECONDS] [AT_ONCE]
#   bench/journal.sh live-rate-postgres [SECONDS] [AT_ONCE]
#   bench/journal.sh idle-sessions-h2 [SESSIONS]  # N tasks hold a session open: heap per idle session
#   bench/journal.sh raw-ceiling-h2|raw-ceiling-postgres [ROWS] [BYTES] [SESSIONS] [pekko]
#                                                # plain JDBC inserts of journal rows (payload BYTES, default
#                                                # 206: a compact row), persistence ids from SESSIONS in turn
#                                                # (default 1), pekko: Pekko's schema (H2): rows/s, CPU a row
#   bench/journal.sh h2-write-cost [ROWS] [BYTES]  # H2's cost per entry: commit sizes, store modes, each index,
#                                                # MVStore maps directly (bpflife.bench.H2WriteCost)
#   bench/journal.sh pekko-schema-h2 DIR         # an empty H2 journal in DIR with Pekko's schema (before issue 16)
# The data directory is target/bench-data (H2); BENCH_HEAP (default 256m) caps the replay's heap,
# so a replay that kept the world in memory would fail.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$repo"
JAVA_HOME=$(bin/find-jdk)
export JAVA_HOME
cp_file=target/bench-classpath.txt
mkdir -p target
# one reactor build (never `install`): the sibling modules resolve to their target/classes
bin/mvn -q -pl bench -am compile dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$repo/$cp_file" >/dev/null
cp="bench/target/classes:$(cat "$cp_file")"
data=target/bench-data
logback=(-Dlogback.configurationFile="$repo/bench/logback-bench.xml")
java=("$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow "${logback[@]}" ${BENCH_JAVA_OPTS:-} -cp "$cp")
"$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1 || java=("$JAVA_HOME/bin/java" "${logback[@]}" ${BENCH_JAVA_OPTS:-} -cp "$cp")
# The history commands through the launcher, as a user runs them (JVM start included): the whole
# process's wall, CPU and peak RSS (/usr/bin/time), and the query's own time (the fold's DEBUG line:
# from which stored view, how many steps folded, ms). The first `link show` folds the whole world
# and stores its view snapshots (every 5,000 steps); the later ones start from them. Its C1-only JVM
# hands the fold over after 50,000 steps (a second query line: the long commands' JVM goes on).
history() {
  local db=$1 world=$2 t=/usr/bin/time
  [[ -x $t ]] || { echo "history: needs /usr/bin/time" >&2; return 2; }
  if [[ -z "$world" ]]; then
    world=$(./bpflife worlds --store "$db" --data-dir "$data" 2>/dev/null | awk '/^million-/ {print $1}' | sort | tail -1)
  fi
  ./bpflife --version >/dev/null   # builds the jar (and its class-data archive) first if stale, outside the timings
  # PostgreSQL: no view is stored of a world whose newest row is under a minute old (ViewSnapshots.settled)
  [[ "$db" == postgres ]] && sleep 60
  echo "history of world $world ($db), $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  BPFLIFE_JAVA_OPTS="-Xmx${BENCH_HEAP:-256m}" "$t" -f "  replay --world: %e s wall, %U+%S s CPU, %M KB max RSS" \
    ./bpflife replay --world "$world" --store "$db" --data-dir "$data" 2>&1 | grep -E "verdict|steps |replay --world"
  # the same replay by JournalBench (the reader and the fold without the CLI), whole process: beside the
  # CLI's, what the command and the launcher add (JournalBench's own time excludes its JVM's start)
  "$t" -f "  JournalBench replay, whole process: %e s wall, %U+%S s CPU, %M KB max RSS" "${java[@]}" \
    -Xmx"${BENCH_HEAP:-256m}" -Dbpflife.store="$db" -Dbpflife.data-dir="$data" bpflife.bench.JournalBench replay \
    "$world" 2>&1 | grep -E "replayed world|whole process" | sed -E 's/; heap used.*//'
  for at in "" 1000000 999999 525000 524999 1000 0; do
    local args=(link show --world "$world" --store "$db" --data-dir "$data" --verbose)
    [[ -n "$at" ]] && args+=(--at "$at")
    BPFLIFE_JAVA_OPTS="-Xmx${BENCH_HEAP:-256m}" \
      "$t" -f "  link show ${at:+--at $at}: %e s wall, %U+%S s CPU, %M KB max RSS" ./bpflife "${args[@]}" 2>&1 \
      | grep -E "view of|link show" | sed -E 's/^.*DEBUG.*(view of)/    query: \1/'
  done
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
}

what=${1:-}
case "$what" in
  million-h2|million-postgres)
    db=${what#million-}
    world="million-$(date +%Y%m%d%H%M%S)"
    [[ "$db" == h2 ]] && rm -rf "$data"   # (PostgreSQL's run leaves an H2 world there alone)
    "${java[@]}" -Xmx2g -Dbpflife.store="$db" -Dbpflife.data-dir="$data" bpflife.bench.JournalBench \
      write-world "$world" bench/million.scn
    "${java[@]}" -Xmx"${BENCH_HEAP:-256m}" -Dbpflife.store="$db" -Dbpflife.data-dir="$data" \
      bpflife.bench.JournalBench replay "$world"
    history "$db" "$world"
    ;;
  history-h2|history-postgres)
    # the history commands on a world already stored by million-DB (its name: WORLD, or the newest)
    history "${what#history-}" "${2:-}"
    ;;
  live-rate-h2|live-rate-postgres)
    db=${what#live-rate-}
    rm -rf "$data"
    "${java[@]}" -Xmx2g -Dbpflife.store="$db" -Dbpflife.data-dir="$data" bpflife.bench.JournalBench \
      live-rate scenarios/load-cats-rm-update.scn "${2:-20}" "${3:-16}"
    ;;
  idle-sessions-h2|idle-sessions-postgres)
    db=${what#idle-sessions-}
    rm -rf "$data"
    "${java[@]}" -Xmx2g -Dbpflife.store="$db" -Dbpflife.data-dir="$data" bpflife.bench.JournalBench \
      idle-sessions "${2:-10000}"
    ;;
  raw-ceiling-h2|raw-ceiling-postgres)
    # the database's own ceiling: journal rows inserted by plain JDBC, nothing else running
    db=${what#raw-ceiling-}
    writers=1; [[ "$db" == postgres ]] && writers=4   # the journal's parallelism on each
    rm -rf "$data"
    "${java[@]}" -Xmx1g -Dbpflife.store="$db" -Dbpflife.data-dir="$data" bpflife.bench.RawJdbcCeiling \
      "${2:-300000}" "${3:-206}" "$writers" "${4:-1}" ${5:-}
    [[ "$db" == h2 ]] && echo "H2 file: $(du -b "$data/journal.mv.db" | cut -f1) bytes"
    rm -rf "$data"
    ;;
  h2-write-cost)
    # where H2's cost per entry is: commit sizes, store modes, each secondary B-tree, MVStore maps directly
    rm -rf "$data"
    "${java[@]}" -Xmx1g bpflife.bench.H2WriteCost "$data" "${2:-200000}" "${3:-370}"
    rm -rf "$data"
    ;;
  pekko-schema-h2)
    # an H2 journal in DIR made by Pekko's schema script (the schema before issue 16), for bench/load.sh
    "${java[@]}" -Dbpflife.store=h2 -Dbpflife.data-dir="${2:?DIR}" bpflife.bench.RawJdbcCeiling 0 0 1 1 pekko
    ;;
  *)
    echo "usage: bench/journal.sh million-h2|million-postgres|live-rate-h2|live-rate-postgres [SECONDS] [AT_ONCE]|raw-ceiling-h2|raw-ceiling-postgres [ROWS] [BYTES]" >&2
    echo "       bench/journal.sh idle-sessions-h2|idle-sessions-postgres [SESSIONS]" >&2
    exit 2
    ;;
esac
