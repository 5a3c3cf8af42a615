# Sourced by the bench/*.sh scripts: prints the machine a benchmark ran on (BENCHMARKS.md records it).
# Expects the current directory to be the repository root.

bench_java() {
  "$(bin/find-jdk)/bin/java" "$@"
}

# Packages the bench module (tests skipped) and prints its runtime classpath; on failure prints the
# build's tail to stderr and returns 2. Shared so that every JMH-based script builds the same way.
build_bench() {
  local log
  log=$(mktemp "${TMPDIR:-/tmp}/bpflife-bench-mvn.XXXXXX")
  if ! bin/mvn -q -pl bench -am -Dmaven.test.skip=true package dependency:build-classpath \
      -Dmdep.outputFile=target/jmh-classpath.txt -Dmdep.includeScope=runtime >"$log" 2>&1; then
    echo "building the bench module failed:" >&2; tail -n 40 "$log" >&2; rm -f "$log"; return 2
  fi
  rm -f "$log"
  echo "bench/target/classes:$(cat bench/target/jmh-classpath.txt)"
}

machine() {
  local mem
  mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
  echo "date      $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine   $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), $mem RAM"
  echo "kernel    $(uname -r)"
  echo "jdk       $(bench_java -version 2>&1 | head -n 1)"
  local rev
  rev=$(git rev-parse --short HEAD 2>/dev/null || echo "${BENCH_COMMIT:-unknown}")
  echo "commit    $rev"
  echo "load      $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; other processes share these CPUs when > 0)"
}

# Nanoseconds since the epoch, and milliseconds between two of them.
now_ns() { date +%s%N; }
ms_between() { echo $(( ($2 - $1) / 1000000 )); }
secs() { awk -v ms="$1" 'BEGIN { printf "%.2f", ms / 1000 }'; }
