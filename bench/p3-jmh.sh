#!/usr/bin/env bash
# P3 (BENCHMARKS.md): deterministic runtime deliveries per second per core, with JMH.
#   bench/p3-jmh.sh [JMH OPTIONS...]    (default: -f 1 -wi 3 -i 5 -w 5s -r 5s, about 45 s)
# Builds the bench module (and what it needs: protocol, model, explore) with bin/mvn, then runs
# bpflife.bench.RuntimeBench: whole runs of bench/seed-race.scn under RandomStrategy (a new seed per
# run), keepRecords=false, one thread. JMH prints runs/s and, as the secondary result
# "randomRun:deliveries", deliveries/s.
#   bench/p3-jmh.sh -p scenario=scenarios/load-cats-rm-update.scn     (another scenario)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$repo"
# shellcheck source=bench/machine.sh
. bench/machine.sh

echo "== P3: deterministic runtime deliveries/s per core (JMH)"
machine
echo "building the bench module..."
cp=$(build_bench) || exit 2
if [[ $# -eq 0 ]]; then
  set -- -f 1 -wi 3 -i 5 -w 5s -r 5s
fi
bench_java -cp "$cp" org.openjdk.jmh.Main bpflife.bench.RuntimeBench "$@"
echo "target    >= 1,000,000 deliveries/s per core"
echo "load      $(cut -d' ' -f1-3 /proc/loadavg) (at the end)"
