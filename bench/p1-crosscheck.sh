#!/usr/bin/env bash
# P1 cross-check (BENCHMARKS.md): is bench/seed-race.pml the same transition system as bpflife's
# model of bench/seed-race.scn? With every reduction off, count the states of smaller variants
# (1 or 2 cats, with or without the updater; the full scenario is too big for an unreduced bpflife
# search) in both and compare:
#   spin:    pan built with -DNOREDUCE (no partial-order reduction), states stored
#   bpflife: bpflife.bench.StateCount (plain DFS over every delivery, no sleep/persistent sets)
# Expected: spin = bpflife's states with Frame.held compared as a set - setup states + 1 (Spin's
# initial state) + final states (Spin's state after the quiescence check).
#   bench/p1-crosscheck.sh
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$repo"
# shellcheck source=bench/machine.sh
. bench/machine.sh

work=$(mktemp -d "${TMPDIR:-/tmp}/bpflife-p1x.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "== P1 cross-check: unreduced state counts, bpflife vs Spin"
machine
cp=$(build_bench) || exit 2

printf '%-22s %10s %12s %6s %7s %10s %10s  %s\n' variant bpflife held-as-set setup finals expected spin verdict
for v in "1 0" "2 0" "1 1"; do
  read -r cats upd <<<"$v"
  scn="$work/seed-race-c${cats}u${upd}.scn"
  sed "s/^task cat\[1\.\.2\]:/task cat[1..$cats]:/" bench/seed-race.scn |
    awk -v upd="$upd" '/^task updater:/ { skip = !upd } /^expect:/ { skip = 0 } !skip' >"$scn"
  read -r states held setup finals < <(bench_java -cp "$cp" bpflife.bench.StateCount "$scn" |
    sed -n 's/.*states \([0-9]*\), states-held-as-set \([0-9]*\), setup \([0-9]*\), finals \([0-9]*\).*/\1 \2 \3 \4/p')
  (
    cd "$work"
    spin -DCATS="$cats" -DUPDATER="$upd" -a "$repo/bench/seed-race.pml" >/dev/null 2>&1
    gcc -O2 -DSAFETY -DNOREDUCE -o pan pan.c
    ./pan -m100000 >pan.out
  )
  spin_states=$(awk '/states, stored/ { print $1 }' "$work/pan.out")
  expected=$((held - setup + 1 + finals))
  verdict=$([[ "$expected" == "$spin_states" ]] && echo same || echo DIFFERENT)
  printf '%-22s %10s %12s %6s %7s %10s %10s  %s\n' "cats=$cats updater=$upd" "$states" "$held" "$setup" "$finals" \
    "$expected" "$spin_states" "$verdict"
done
