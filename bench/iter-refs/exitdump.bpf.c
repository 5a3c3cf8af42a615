// SPDX-License-Identifier: GPL-2.0
// The iterator programs bench/iter-refs/exitdump.c loads: one line per object with its seq_num,
// and the END line of the end-of-iteration call.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
char LICENSE[] SEC("license") = "GPL";

SEC("iter/task")
int d_task(struct bpf_iter__task *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct task_struct *t = ctx->task;
	if (!t) { BPF_SEQ_PRINTF(seq, "END seq=%llu\n", ctx->meta->seq_num); return 0; }
	BPF_SEQ_PRINTF(seq, "seq=%llu pid=%d\n", ctx->meta->seq_num, t->pid);
	return 0;
}

SEC("iter/task_file")
int d_file(struct bpf_iter__task_file *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	if (!ctx->task) { BPF_SEQ_PRINTF(seq, "END seq=%llu\n", ctx->meta->seq_num); return 0; }
	BPF_SEQ_PRINTF(seq, "seq=%llu fd=%u\n", ctx->meta->seq_num, ctx->fd);
	return 0;
}

SEC("iter/task_vma")
int d_vma(struct bpf_iter__task_vma *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct vm_area_struct *v = ctx->vma;
	if (!ctx->task || !v) { BPF_SEQ_PRINTF(seq, "END seq=%llu\n", ctx->meta->seq_num); return 0; }
	BPF_SEQ_PRINTF(seq, "seq=%llu vma=%lx\n", ctx->meta->seq_num, v->vm_start);
	return 0;
}
