#!/usr/bin/env bash
# Issue 15 soak: `load` at a fixed arrival rate for a long time, the JVM's memory sampled, to see
# whether it stays flat (no upward trend beyond 10 % after warm-up) during the load and after it.
#   bench/soak.sh [RATE/s] [SECONDS] [OUTDIR]      (default 80/s, 600 s: at most 50,000 sessions a run, target/soak)
# Run it under the bench lock on a shared machine: flock /work/notes/bench.lock bench/soak.sh ...
# The heap is fixed and touched at start (BPFLIFE_JAVA_OPTS, default -Xmx2g -Xms2g -XX:+AlwaysPreTouch),
# so RSS shows what grows outside the heap; the live heap is measured with a full collection
# (jcmd GC.class_histogram, whose total is what is reachable) once a minute during the load and every
# 10 s after it (the balance check, the replay sample and the report), each histogram kept.
# Writes OUTDIR/samples.tsv (every 10 s: elapsed_s, rss_mib, heap_used_mib, old_used_mib; live_heap_mib
# when measured), OUTDIR/histo/T.txt (the top of each class histogram), OUTDIR/summary.txt (the trends,
# journal bytes per event, load average before and after) and OUTDIR/report.txt (the load's report).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
rate=${1:-80/s}
secs=${2:-600}
out=${3:-$repo/target/soak}
warmup=${SOAK_WARMUP:-120}
rm -rf "$out"
mkdir -p "$out"
jdk=$("$repo/bin/find-jdk")
"$repo/bpflife" --version > /dev/null   # build first (if needed), outside the measured run
echo "before: $(uptime)" > "$out/uptime.txt"
BPFLIFE_JAVA_OPTS="${BPFLIFE_JAVA_OPTS:--Xmx2g -Xms2g -XX:+AlwaysPreTouch}" \
  "$repo/bpflife" load --rate "$rate" --duration "$secs" --concurrency 2000 --data-dir "$out/data" \
  --world soak --report "$out/report" > "$out/report.txt" 2> "$out/stderr.txt" &
launcher=$!
pid=""
for _ in $(seq 1 600); do
  pid=$(pgrep -f "bpflife.jar load .*--world soak" | head -n 1 || true)
  [[ -n "$pid" ]] && break
  sleep 0.1
done
[[ -n "$pid" ]] || { echo "soak: the load JVM did not start" >&2; exit 2; }
printf 'elapsed_s\trss_mib\theap_used_mib\told_used_mib\tlive_heap_mib\n' > "$out/samples.tsv"
mkdir -p "$out/histo"
start=$SECONDS
next_live=$warmup
while kill -0 "$pid" 2>/dev/null; do
  t=$((SECONDS - start))
  rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status" 2>/dev/null || echo "")
  # jstat -gc: S0U S1U EU OU are columns 3 4 6 8 (KiB)
  gc=$("$jdk/bin/jstat" -gc "$pid" 2>/dev/null | tail -n 1 || true)
  live=""
  if (( t >= next_live )); then
    # a full collection, then what is reachable, by class (its "Total" line: instances, bytes)
    if "$jdk/bin/jcmd" "$pid" GC.class_histogram > "$out/histo/full.tmp" 2>/dev/null; then
      live=$(awk '/^Total/ {print int($3 / 1048576)}' "$out/histo/full.tmp")
      { head -n 40 "$out/histo/full.tmp"; grep '^Total' "$out/histo/full.tmp"; } > "$out/histo/$t.txt"
    fi
    rm -f "$out/histo/full.tmp"
    if (( t >= secs )); then next_live=$((t + 10)); else next_live=$((t + 60)); fi
  fi
  if [[ -n "$rss" && -n "$gc" ]]; then
    echo "$gc" | awk -v t="$t" -v rss="$rss" -v live="$live" \
      '{printf "%d\t%d\t%d\t%d\t%s\n", t, rss, ($3+$4+$6+$8)/1024, $8/1024, live}' >> "$out/samples.tsv"
  fi
  sleep 10
done
wait "$launcher" || true
echo "after: $(uptime)" >> "$out/uptime.txt"

# trends after warm-up: the load's first and last live-heap measures and RSS samples, then the highest after the load
{
  echo "soak: $rate for $secs s, warm-up $warmup s; samples every 10 s from the JVM's start"
  awk -F'\t' -v w="$warmup" -v end="$secs" '
    NR > 1 && $1 >= w && $1 < end { if (r0 == "") r0 = $2; r1 = $2; if ($5 != "") { if (l0 == "") { l0 = $5; t0 = $1 } l1 = $5; t1 = $1 }
                                    if ($2 > rmax) rmax = $2; if ($5 != "" && $5 + 0 > lmax) lmax = $5 + 0 }
    NR > 1 && $1 >= end { if ($2 > ra) ra = $2; if ($5 != "" && $5 + 0 > la) la = $5 + 0 }
    END {
      if (l0 != "" && l1 != "") printf "live heap during the load: %d MiB at %d s -> %d MiB at %d s (%+.1f %%), at most %d MiB\n", l0, t0, l1, t1, 100 * (l1 - l0) / l0, lmax
      if (r0 != "") printf "RSS during the load after warm-up: %d MiB -> %d MiB (%+.1f %%), at most %d MiB\n", r0, r1, 100 * (r1 - r0) / r0, rmax
      printf "after the load (balance check, replay sample, report): live heap at most %s MiB, RSS at most %s MiB\n", (la == "" ? "?" : la), (ra == "" ? "?" : ra)
    }' "$out/samples.tsv"
  grep -oE '[0-9,]+ in the journal, [0-9,]+ reported|[0-9]+ bytes of payload per entry' "$out/report.txt" || true
  events=$(grep -oE '[0-9]+ in the journal,' "$out/report.txt" | head -n 1 | grep -oE '^[0-9]+' || true)
  db=$(du -sb "$out/data" 2>/dev/null | cut -f1 || true)
  if [[ -n "$events" && -n "$db" && "$events" -gt 0 ]]; then
    echo "database on disk: $db bytes, $(( db / events )) bytes per entry"
  fi
  cat "$out/uptime.txt"
} > "$out/summary.txt"
cat "$out/summary.txt"
echo "soak: $(grep -c . "$out/samples.tsv") samples in $out/samples.tsv; report in $out/report.txt"
