#!/usr/bin/env bash
# Issue 15 soak: `load` at a fixed arrival rate for a long time, the JVM's heap (after the last GC,
# jstat's old-generation use) and RSS sampled every 10 s, to see whether memory stays flat.
#   bench/soak.sh [RATE/s] [SECONDS] [OUTDIR]      (default 80/s, 600 s: at most 50,000 sessions a run, target/soak)
# Writes OUTDIR/samples.tsv (elapsed_s, rss_mib, heap_used_mib, old_used_mib) and OUTDIR/report.txt.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
rate=${1:-80/s}
secs=${2:-600}
out=${3:-$repo/target/soak}
rm -rf "$out"
mkdir -p "$out"
jdk=$("$repo/bin/find-jdk")
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
printf 'elapsed_s\trss_mib\theap_used_mib\told_used_mib\n' > "$out/samples.tsv"
start=$SECONDS
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status" 2>/dev/null || echo "")
  # jstat -gc: S0U S1U EU OU are columns 3 4 6 8 (KiB)
  gc=$("$jdk/bin/jstat" -gc "$pid" 2>/dev/null | tail -n 1 || true)
  if [[ -n "$rss" && -n "$gc" ]]; then
    echo "$gc" | awk -v t=$((SECONDS - start)) -v rss="$rss" \
      '{printf "%d\t%d\t%d\t%d\n", t, rss, ($3+$4+$6+$8)/1024, $8/1024}' >> "$out/samples.tsv"
  fi
  sleep 10
done
wait "$launcher" || true
echo "soak: $(grep -c . "$out/samples.tsv") samples in $out/samples.tsv; report in $out/report.txt"
