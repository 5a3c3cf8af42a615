#!/usr/bin/env bash
# A program's own maps (issue 14 item 5): a map created by fd and used by a loaded program, its fd
# closed: found by id while the program lives, and after the program's last close? Needs root,
# clang, libbpf-dev and bpftool. Prints per run what BPF_MAP_GET_FD_BY_ID said, then bpftool's
# view of the same with pins (bpftool map show after the map's pin and then the prog's are removed),
# and BPF_PROG_LOAD's errno for a map fd that is not open or not a map (badmapfd.c).
#   sudo bench/prog-maps/measure.sh [RUNS]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
work=$(mktemp -d "${TMPDIR:-/tmp}/bpflife-progmaps.XXXXXX")
trap 'rm -rf "$work"; rm -rf /sys/fs/bpf/bpflife_progmaps' EXIT
cd "$work"
clang -O2 -g -target bpf -I"/usr/include/$(uname -m)-linux-gnu" -c "$here/usesmap.bpf.c" -o usesmap.bpf.o
gcc -O2 -o progmaps "$here/progmaps.c" -lbpf
gcc -O2 -o badmapfd "$here/badmapfd.c"
date -u; uname -r; uptime
./progmaps "${1:-20}"
./badmapfd
d=/sys/fs/bpf/bpflife_progmaps
mkdir -p $d
bpftool map create $d/m type hash key 4 value 8 entries 1 name bpflife_used
id=$(bpftool -j map show pinned $d/m | sed 's/.*"id":\([0-9]*\).*/\1/')
bpftool prog load usesmap.bpf.o $d/p map name used pinned $d/m
echo "bpftool prog show: $(bpftool prog show pinned $d/p | tr '\n' ' ')"
rm $d/m
echo "map pin removed, prog alive: $(bpftool map show id "$id" 2>&1 | head -1)"
rm $d/p
echo "prog pin removed: $(bpftool map show id "$id" 2>&1 | head -1)"
uptime
