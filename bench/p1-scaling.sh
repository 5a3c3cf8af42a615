#!/usr/bin/env bash
# P1 scaling (issue 13, BENCHMARKS.md): the seed race with N readers, exhaustive, whole process
# (JVM start included), bpflife's compact search (fingerprints, symmetry, persistent sets, every
# core) for each N, its exact search at N=2, and Spin on the detail-equivalent Promela model
# (bench/seed-race.pml, N readers by -DCATS=N) for each N: with -DCOLLAPSE at N=2 (and its
# multi-core mode, -DNCORE=2), with hash compaction (-DHC4, as bpflife's 64-bit fingerprints) from
# N=3 on, where COLLAPSE's exact store would need more than the 6 GB a benchmark may take here.
# Spin's wall time includes spin -a and gcc, as bpflife's includes the JVM's start.
#   bench/p1-scaling.sh [N...] [--time SECONDS] [--spin-time SECONDS] [--workers-scaling] [--no-spin] [--pairs K]
# default N: 2 3 4; --time bounds each bpflife run (default 150: an unfinished run says so, exit 4);
# --spin-time bounds each Spin run (default 600; an unfinished one is printed with the states it
# stored by then); --workers-scaling also runs N=3 on 1 worker (the speed-up from 1 core to all).
# --pairs K: for each N, K alternating pairs (bpflife compact, then Spin with the first flags of that
# N), each pair's wall-time ratio bpflife/Spin and their median (a Spin run stopped at its bound
# counts the bound: the ratio is then an upper bound, printed with "<="); nothing else is run.
# bpflife gets BPFLIFE_JAVA_OPTS, -Xmx3g when unset (N=4 needs about 1.3 GB).
# Prints wall time (date +%s%N around the process), CPU and peak RSS (/usr/bin/time), states.
# Spin: Debian/Ubuntu's package (apt-get install spin; 6.5.2 here) and gcc.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$repo"
# shellcheck source=bench/machine.sh
. bench/machine.sh

ns=()
limit=150
spin_limit=600
scaling=0
spin=1
pairs=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --time) limit=$2; shift 2 ;;
    --spin-time) spin_limit=$2; shift 2 ;;
    --workers-scaling) scaling=1; shift ;;
    --no-spin) spin=0; shift ;;
    --pairs) pairs=$2; shift 2 ;;
    *) ns+=("$1"); shift ;;
  esac
done
[[ ${#ns[@]} -gt 0 ]] || ns=(2 3 4)
BPFLIFE=${BPFLIFE:-./bpflife}
export BPFLIFE_JAVA_OPTS=${BPFLIFE_JAVA_OPTS:--Xmx3g}
last_ms=0      # the last run's wall time in ms (run_bpflife, run_spin)
last_bound=0   # 1 when the last Spin run was stopped at its bound
work=$(mktemp -d "${TMPDIR:-/tmp}/bpflife-p1s.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "== P1 scaling: seed race with N readers, exhaustive"
machine
command -v spin >/dev/null && echo "spin      $(spin -V | head -n 1)"
echo
"$BPFLIFE" --version >/dev/null   # the launcher's one-time build, untimed

run_bpflife() {   # label, scenario, extra args...
  local label=$1 scn=$2; shift 2
  local t0 t1 rc
  t0=$(now_ns)
  set +e
  /usr/bin/time -f '%e %U %S %M' -o "$work/b.time" "$BPFLIFE" explore "$scn" --strategy exhaustive \
    --time "$limit" "$@" >"$work/b.out" 2>"$work/b.err"
  rc=$?
  set -e
  t1=$(now_ns)
  last_ms=$(ms_between "$t0" "$t1")
  read -r _ bu bs bm < <(tail -n 1 "$work/b.time")
  printf '   %-26s wall %7s s  cpu %7s s  rss %6s MiB  exit %s\n' "$label" "$(secs "$(ms_between "$t0" "$t1")")" \
    "$(awk -v u="$bu" -v s="$bs" 'BEGIN{printf "%.1f", u+s}')" "$((bm / 1024))" "$rc"
  echo "      $(grep '^explored' "$work/b.out" || true)"
  echo "      $(grep -E 'states checked|^incomplete' "$work/b.out" | head -n 1 || true)"
}

run_spin() {   # readers, pan's compile flags
  local n=$1 flags=$2 s0 s1 rc
  (
    cd "$work"
    # Spin's multi-core mode refuses hidden variables: the model's per-delivery scratch is
    # zeroed after every step, so making it visible adds bytes to the state, not states
    if [[ $flags == *NCORE* ]]; then
      sed 's/^hidden //' "$repo/bench/seed-race.pml" >seed-race.pml
    else
      cp "$repo/bench/seed-race.pml" .
    fi
    s0=$(now_ns)
    spin -DCATS="$n" -a seed-race.pml >spin.out 2>&1
    # shellcheck disable=SC2086
    if ! gcc -O2 $flags -DVECTORSZ=4096 -DMEMLIM=6000 -o pan pan.c >gcc.out 2>&1; then
      echo "   spin $flags: gcc failed: $(grep -m1 error gcc.out)"; exit 0
    fi
    set +e
    /usr/bin/time -f '%e %U %S %M' -o pan.time timeout "$spin_limit" ./pan -m100000 -w26 >pan.out 2>&1
    rc=$?
    set -e
    s1=$(now_ns)
    echo "$(ms_between "$s0" "$s1") $([[ $rc -eq 124 ]] && echo 1 || echo 0)" >"$work/s.wall"
    read -r _ pu ps pm < <(tail -n 1 pan.time)
    printf '   %-26s wall %7s s  cpu %7s s  rss %6s MiB%s\n' "spin $flags" "$(secs "$(ms_between "$s0" "$s1")")" \
      "$(awk -v u="$pu" -v s="$ps" 'BEGIN{printf "%.1f", u+s}')" "$((pm / 1024))" \
      "$([[ $rc -eq 124 ]] && echo "  NOT FINISHED: stopped at the $spin_limit s bound")"
    if [[ $rc -eq 124 ]]; then
      echo "      $(grep '^Depth=' pan.out | tail -n 1)"
    else
      echo "      $(grep -m1 'states, stored' pan.out | sed 's/^ *//') $(grep -o 'errors: [0-9]*' pan.out | head -n 1)"
    fi
  )
}

spin_flags() {   # readers: the flags of each Spin variant run for that N, one per line
  if [[ $1 -eq 2 ]]; then
    printf '%s\n' "-DSAFETY -DCOLLAPSE" "-DSAFETY -DCOLLAPSE -DNCORE=2 -DQMAX=128"
  else
    printf '%s\n' "-DSAFETY -DHC4"
  fi
}

if [[ $pairs -gt 0 ]]; then
  command -v spin >/dev/null || { echo "--pairs needs spin (apt-get install spin)" >&2; exit 2; }
  for n in "${ns[@]}"; do
    sed "s/task cat\[1\.\.2\]:/task cat[1..$n]:/" bench/seed-race.scn >"$work/seed-race-$n.scn"
    flags=$(spin_flags "$n" | head -n 1)
    ratios=()
    for ((k = 1; k <= pairs; k++)); do
      echo "-- N=$n pair $k of $pairs (load $(cut -d' ' -f1-3 /proc/loadavg))"
      run_bpflife "bpflife compact, all cores" "$work/seed-race-$n.scn"
      b_ms=$last_ms
      echo "0 0" >"$work/s.wall"
      run_spin "$n" "$flags"
      read -r s_ms s_bound <"$work/s.wall"
      [[ $s_ms -gt 0 ]] || { echo "   Spin did not run: no ratio"; continue; }
      r=$(awk -v b="$b_ms" -v s="$s_ms" 'BEGIN{printf "%.3f", b/s}')
      ratios+=("$r")
      echo "   ratio bpflife/Spin ($flags) $([[ $s_bound -eq 1 ]] && echo '<= ')$r"
    done
    med=$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
    echo "== N=$n: ratios ${ratios[*]}; median $med"
  done
  echo "load      $(cut -d' ' -f1-3 /proc/loadavg) (at the end)"
  exit 0
fi

for n in "${ns[@]}"; do
  sed "s/task cat\[1\.\.2\]:/task cat[1..$n]:/" bench/seed-race.scn >"$work/seed-race-$n.scn"
  echo "-- N=$n (load $(cut -d' ' -f1 /proc/loadavg))"
  run_bpflife "bpflife compact, all cores" "$work/seed-race-$n.scn"
  if [[ $n -eq 2 ]]; then
    run_bpflife "bpflife --exact" "$work/seed-race-$n.scn" --exact
  fi
  if [[ $n -eq 3 && $scaling -eq 1 ]]; then
    run_bpflife "bpflife compact, 1 worker" "$work/seed-race-$n.scn" --workers 1
  fi
  if [[ $spin -eq 1 ]] && command -v spin >/dev/null; then
    mapfile -t variants < <(spin_flags "$n")
    for flags in "${variants[@]}"; do
      run_spin "$n" "$flags"
    done
  elif [[ $spin -eq 1 ]]; then
    echo "   spin: not run (not installed: apt-get install spin)"
  fi
done
echo "load      $(cut -d' ' -f1-3 /proc/loadavg) (at the end)"
