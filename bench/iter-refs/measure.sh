#!/usr/bin/env bash
# What a task / task_file / task_vma iterator whose tid is a child process shows when the child
# exits during the dump (issue 14 item 6; docs/ITERATION-REFS.md has the results). Needs root,
# clang, bpftool and libbpf-dev; writes its build into a temporary directory.
#   bench/iter-refs/measure.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/exitdump.c" "$here/exitdump.bpf.c" "$work/"
cd "$work"
bpftool btf dump file /sys/kernel/btf/vmlinux format c > vmlinux.h
clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -c exitdump.bpf.c -o exitdump.bpf.o
gcc -O2 -o exitdump exitdump.c -lbpf
echo "# $(uname -r), $(date -u '+%F %T UTC'), load $(cut -d' ' -f1-3 /proc/loadavg)"
for p in d_task d_file d_vma; do
  for m in after-first-reaped after-first-zombie before-reaped before-zombie; do
    ./exitdump "$p" "$m" 2>/dev/null
  done
done
