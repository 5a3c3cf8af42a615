#!/usr/bin/env bash
# P1 (BENCHMARKS.md): the seed race explored exhaustively by bpflife and by Spin, side by side.
#   bench/p1-spin-vs-bpflife.sh [ROUNDS] [--bug]   (default 1 round; each round runs both, bpflife first)
# --bug: one more run of each under the bug variant bug-prog-ref-outside-lock (Spin:
# -DBUG_PROG_REF_OUTSIDE_LOCK), where both must report the use after free: time to the bug.
# bpflife: ./bpflife explore bench/seed-race.scn --strategy exhaustive, the whole process (JVM start
# included; the launcher's one-time build is done before, untimed).
# Spin: spin -a bench/seed-race.pml; gcc -O2 -DSAFETY (no BITSTATE: exhaustive, exact state storage);
# ./pan -m100000 (search depth limit well above the model's ~120 steps).
# Prints each wall clock time (date +%s%N), CPU time (/usr/bin/time) and both state counts.
# Needs: spin and gcc (apt-get install -y spin gcc), /usr/bin/time.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$repo"
# shellcheck source=bench/machine.sh
. bench/machine.sh

rounds=1
bug=0
for a in "$@"; do
  case "$a" in
    --bug) bug=1 ;;
    *) rounds=$a ;;
  esac
done
BPFLIFE=${BPFLIFE:-./bpflife}
for tool in spin gcc /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "p1: needs $tool (apt-get install -y spin gcc time)" >&2; exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/bpflife-p1.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "== P1: seed race, exhaustive: bpflife vs Spin"
machine
echo "spin      $(spin -V | head -n 1)"
echo "gcc       $(gcc --version | head -n 1)"
echo
# the launcher builds cli/target/bpflife.jar when a source changed: do it now, untimed
"$BPFLIFE" --version >/dev/null

for r in $(seq 1 "$rounds"); do
  echo "-- round $r/$rounds (load $(cut -d' ' -f1 /proc/loadavg))"

  t0=$(now_ns)
  set +e
  /usr/bin/time -f '%e %U %S %M' -o "$work/bpflife.time" \
    "$BPFLIFE" explore bench/seed-race.scn --strategy exhaustive >"$work/bpflife.out" 2>"$work/bpflife.err"
  brc=$?
  set -e
  t1=$(now_ns)
  if grep -q 'building bpflife' "$work/bpflife.err"; then
    echo "   WARNING: the launcher rebuilt bpflife inside the timed run (a source changed meanwhile)"
  fi
  read -r _ bu bs bm <"$work/bpflife.time"
  bwall=$(ms_between "$t0" "$t1")
  bline=$(grep '^explored' "$work/bpflife.out" || true)
  bverdict=$(grep -E 'states checked|stopped after|verdict' "$work/bpflife.out" | head -n 1 || true)
  bstates=$(sed -n 's/^explored *\([0-9,]*\) states.*/\1/p' "$work/bpflife.out" | tr -d ,)

  (
    cd "$work"
    cp "$repo/bench/seed-race.pml" .
    s0=$(now_ns)
    spin -a seed-race.pml >spin.out 2>&1
    s1=$(now_ns)
    gcc -O2 -DSAFETY -o pan pan.c >gcc.out 2>&1
    s2=$(now_ns)
    set +e
    /usr/bin/time -f '%e %U %S %M' -o pan.time ./pan -m100000 >pan.out 2>&1
    echo $? >pan.rc
    set -e
    s3=$(now_ns)
    echo "$(ms_between "$s0" "$s1") $(ms_between "$s1" "$s2") $(ms_between "$s2" "$s3")" >spin.ms
  )
  read -r spa sgcc span <"$work/spin.ms"
  read -r _ pu ps pm <"$work/pan.time"
  sstates=$(awk '/states, stored/ { print $1 }' "$work/pan.out")
  strans=$(awk '/transitions \(= stored\+matched\)/ { print $1 }' "$work/pan.out")
  serrors=$(sed -n 's/.*errors: \([0-9]*\).*/\1/p' "$work/pan.out")
  stotal=$((spa + sgcc + span))

  echo "   bpflife  $bline"
  echo "            $bverdict (exit $brc)"
  echo "            wall $(secs "$bwall") s (whole process), cpu $(awk -v u="$bu" -v s="$bs" 'BEGIN{printf "%.1f", u+s}') s, max RSS $((bm / 1024)) MiB"
  echo "   spin     pan: $sstates states stored, $strans transitions, errors: $serrors (exit $(cat "$work/pan.rc"))"
  echo "            wall: spin -a $(secs "$spa") s + gcc $(secs "$sgcc") s + pan $(secs "$span") s = $(secs "$stotal") s;" \
       "pan cpu $(awk -v u="$pu" -v s="$ps" 'BEGIN{printf "%.1f", u+s}') s, max RSS $((pm / 1024)) MiB"
  echo "   states   bpflife $bstates, spin $sstates"
  echo "   ratio    bpflife/spin wall: $(awk -v b="$bwall" -v s="$stotal" 'BEGIN{printf "%.2f", b/s}') (spin -a + gcc + pan)," \
       "$(awk -v b="$bwall" -v s="$span" 'BEGIN{printf "%.2f", b/s}') (pan alone); target <= 0.50"
  if [[ "$serrors" != 0 || "$brc" != 0 ]]; then
    echo "   a tool reported a violation or failed: see below"; cat "$work/bpflife.out" "$work/pan.out"
  fi
done
if [[ $bug -eq 1 ]]; then
  echo "-- bug variant bug-prog-ref-outside-lock: time to the violation (load $(cut -d' ' -f1 /proc/loadavg))"
  t0=$(now_ns)
  "$BPFLIFE" explore bench/seed-race.scn --strategy exhaustive --semantics bug-prog-ref-outside-lock \
    --out "$work/bug" >"$work/bug.out" 2>&1 || true
  t1=$(now_ns)
  echo "   bpflife  $(grep '^explored' "$work/bug.out")"
  echo "            $(grep '^verdict' "$work/bug.out"); wall $(secs "$(ms_between "$t0" "$t1")") s"
  (
    cd "$work"
    s0=$(now_ns)
    spin -DBUG_PROG_REF_OUTSIDE_LOCK -a seed-race.pml >spin.out 2>&1
    gcc -O2 -DSAFETY -o pan pan.c >gcc.out 2>&1
    s1=$(now_ns)
    ./pan -m100000 >pan-bug.out 2>&1 || true
    s2=$(now_ns)
    echo "$(ms_between "$s0" "$s1") $(ms_between "$s1" "$s2")" >spin-bug.ms
  )
  read -r sbuild srun <"$work/spin-bug.ms"
  echo "   spin     $(grep -o 'assertion violated.*' "$work/pan-bug.out" | cut -c1-60)... $(grep -o 'errors: [0-9]*' "$work/pan-bug.out"), $(awk '/states, stored/ { print $1 }' "$work/pan-bug.out") states"
  echo "            wall: spin -a + gcc $(secs "$sbuild") s + pan $(secs "$srun") s"
fi
echo "load      $(cut -d' ' -f1-3 /proc/loadavg) (at the end)"
