#!/usr/bin/env bash
# P2 (BENCHMARKS.md): random schedules per second on the seed race.
#   bench/p2-random.sh [SCHEDULES]     (default 100000)
# Runs ./bpflife explore bench/seed-race.scn --strategy random --schedules N and reads the
# schedules/s it prints (the explorer samples on every core: one thread per core, each with its
# own runtime; the lowest-numbered violating schedule wins, so the answer does not depend on
# timing). Then, as a second figure, two such processes at once (seeds 1 and 2).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$repo"
# shellcheck source=bench/machine.sh
. bench/machine.sh

n=${1:-100000}
BPFLIFE=${BPFLIFE:-./bpflife}
work=$(mktemp -d "${TMPDIR:-/tmp}/bpflife-p2.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "== P2: random schedules/s, seed race, $n schedules"
machine
"$BPFLIFE" --version >/dev/null   # build first, untimed
echo

t0=$(now_ns)
"$BPFLIFE" explore bench/seed-race.scn --strategy random --schedules "$n" >"$work/one.out"
t1=$(now_ns)
echo "one process:  $(grep '^explored' "$work/one.out")"
echo "              wall $(secs "$(ms_between "$t0" "$t1")") s whole process; $(grep -E '^no violation|^verdict' "$work/one.out")"

t0=$(now_ns)
"$BPFLIFE" explore bench/seed-race.scn --strategy random --schedules "$n" --seed 1 >"$work/a.out" &
pa=$!
"$BPFLIFE" explore bench/seed-race.scn --strategy random --schedules "$n" --seed 2 >"$work/b.out" &
pb=$!
wait "$pa" "$pb"
t1=$(now_ns)
ra=$(sed -n 's/.*(\([0-9,]*\) schedules\/s).*/\1/p' "$work/a.out" | tr -d ,)
rb=$(sed -n 's/.*(\([0-9,]*\) schedules\/s).*/\1/p' "$work/b.out" | tr -d ,)
echo "two at once:  seed 1: $(grep '^explored' "$work/a.out" | sed 's/^explored *//')"
echo "              seed 2: $(grep '^explored' "$work/b.out" | sed 's/^explored *//')"
echo "              together $((ra + rb)) schedules/s; wall $(secs "$(ms_between "$t0" "$t1")") s for $((2 * n)) schedules"
echo "target    >= 10,000 schedules/s"
echo "load      $(cut -d' ' -f1-3 /proc/loadavg) (at the end)"
