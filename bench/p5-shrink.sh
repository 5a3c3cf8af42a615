#!/usr/bin/env bash
# P5 (BENCHMARKS.md): shrinking over the bug zoo.
#   bench/p5-shrink.sh            # the zoo (bench/zoo/*.scn), then the shipped minimal scenarios
#   P5_SHIPPED=0 bench/p5-shrink.sh   # the zoo only
# For each bug variant and its scenario: ./bpflife explore SCN --semantics X --seed 1 --out DIR (the
# default strategy, portfolio), then ./bpflife shrink --schedule DIR/NAME.schedule. Prints each
# original and shrunk size (deliveries), the reduction, the wall time of each command (whole
# process, JVM start included), the shrink's CPU time (user + system, steadier than the wall time
# on a loaded machine), what the run shrank to, and the median reduction per set.
# The zoo (bench/zoo/) is what users meet: each bug among ~30 unrelated tasks of a busy host.
# The shipped scenarios (scenarios/) are already minimal, for comparison.
# Last, not in either median: the shipped load scenario (52 tasks) with a bug that it can show.
# Targets: median >= 20x in deliveries over the zoo, each shrink <= 60 s.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$repo"
# shellcheck source=bench/machine.sh
. bench/machine.sh

BPFLIFE=${BPFLIFE:-./bpflife}
work=$(mktemp -d "${TMPDIR:-/tmp}/bpflife-p5.XXXXXX")
trap 'rm -rf "$work"' EXIT

zoo=(
  "bug-inc-not-zero bench/zoo/getfd-busy-host.scn"
  "bug-prog-ref-outside-lock bench/zoo/upgrade-busy-host.scn"
  "bug-B1 bench/zoo/prime-fails-busy-host.scn"
  "bug-B2 bench/zoo/map-elem-busy-host.scn"
  "bug-B5 bench/zoo/cgroup-busy-host.scn"
  "bug-B6 bench/zoo/vma-busy-host.scn"
  "bug-B8 bench/zoo/files-busy-host.scn"
)
shipped=(
  "bug-inc-not-zero scenarios/getfd-races-last-put.scn"
  "bug-prog-ref-outside-lock scenarios/prog-ref-outside-lock.scn"
  "bug-B1 scenarios/link-prime-failure.scn"
  "bug-B2 scenarios/map-elem-fds-closed.scn"
  "bug-B5 scenarios/cgroup-removed-before-read.scn"
  "bug-B6 scenarios/task-exits-during-vma-dump.scn"
  "bug-B8 scenarios/task-closes-fd-during-file-dump.scn"
)

# field N of a size line "original   T tasks, C calls, D deliveries, P preemptions"
size_field() { sed -n "s/^$1 *\([0-9]*\) tasks, \([0-9]*\) calls, \([0-9]*\) deliveries, \([0-9]*\) preemptions.*/\\$2/p" "$3"; }

median() {
  printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.2f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# run_set TITLE PAIR...: explore, shrink and print one row per pair; leaves the ratios in $ratios
run_set() {
  local title=$1; shift
  ratios=()
  echo
  echo "-- $title"
  printf '%-26s %-28s %6s %6s %8s %8s %8s %7s %9s  %s\n' semantics scenario orig shrunk ratio explore_s shrink_s cpu_s \
    "tried" \
    "original -> shrunk (tasks, calls, preemptions)"
  local p sem scn name out t0 t1 t2 t3 erc src orig small ratio
  for p in "$@"; do
    read -r sem scn <<<"$p"
    name=$(basename "$scn" .scn)
    out="$work/$sem-$name"
    t0=$(now_ns)
    set +e
    "$BPFLIFE" explore "$scn" --semantics "$sem" --seed 1 --out "$out" >"$out.explore" 2>&1
    erc=$?
    set -e
    t1=$(now_ns)
    if [[ $erc -ne 1 || ! -f "$out/$name.schedule" ]]; then
      printf '%-26s %-28s explore found no violation (exit %s)\n' "$sem" "$name" "$erc"
      continue
    fi
    t2=$(now_ns)
    set +e
    /usr/bin/time -f '%U %S' -o "$out.cpu" "$BPFLIFE" shrink --schedule "$out/$name.schedule" >"$out.shrink" 2>&1
    src=$?
    set -e
    t3=$(now_ns)
    orig=$(size_field original 3 "$out.shrink")
    small=$(size_field shrunk 3 "$out.shrink")
    if [[ $src -ne 0 || -z "$orig" || -z "$small" ]]; then
      printf '%-26s %-28s shrink failed (exit %s)\n' "$sem" "$name" "$src"
      cat "$out.shrink"
      continue
    fi
    ratio=$(awk -v a="$orig" -v b="$small" 'BEGIN { printf "%.2f", a / b }')
    ratios+=("$ratio")
    printf '%-26s %-28s %6s %6s %7sx %8s %8s %7s %9s  %s -> %s, %s -> %s, %s -> %s\n' "$sem" "$name" "$orig" "$small" "$ratio" \
      "$(secs "$(ms_between "$t0" "$t1")")" "$(secs "$(ms_between "$t2" "$t3")")" \
      "$(awk '{ printf "%.2f", $1 + $2 }' "$out.cpu")" \
      "$(sed -n 's/^tried *\([0-9,]*\) runs.*/\1/p' "$out.shrink")" \
      "$(size_field original 1 "$out.shrink")" "$(size_field shrunk 1 "$out.shrink")" \
      "$(size_field original 2 "$out.shrink")" "$(size_field shrunk 2 "$out.shrink")" \
      "$(size_field original 4 "$out.shrink")" "$(size_field shrunk 4 "$out.shrink")"
    if [[ -n "${P5_SHOW:-}" ]]; then
      sed -n '/^# shrunk by/,$p' "$out.shrink"
    fi
  done
  echo "median reduction $(median "${ratios[@]}")x over ${#ratios[@]} variants"
}

echo "== P5: shrink over the bug zoo"
machine
"$BPFLIFE" --version >/dev/null   # build first, untimed
run_set "the zoo: each bug in a busy host (bench/zoo/); target: median >= 20x, each shrink <= 60 s" "${zoo[@]}"
if [[ "${P5_SHIPPED:-1}" != 0 ]]; then
  run_set "for comparison: the shipped minimal scenarios (scenarios/)" "${shipped[@]}"
  run_set "for scale: the shipped load scenario (52 tasks)" "bug-prog-ref-outside-lock scenarios/load-cats-rm-update.scn"
fi
echo
echo "load      $(cut -d' ' -f1-3 /proc/loadavg) (at the end)"
