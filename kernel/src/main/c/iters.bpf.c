// SPDX-License-Identifier: GPL-2.0
/*
 * bpflife's iterator programs, one per target the model knows (task, task_file, task_vma,
 * bpf_map, bpf_map_elem, cgroup). Each prints what the model's
 * programs print (model/src/main/java/bpflife/model/DumpFormat.java):
 *
 *   <prog> session=<session_id> seq=<seq_num> <target>=<object>     padded with " ..." to cfg.pad
 *   <prog> END session=<session_id> seq=<seq_num>                   the end-of-iteration call
 *
 * <prog> is the scenario's program name, set in .rodata before the load (cfg.name); <object> is
 * the real object (a pid, pid:fd, pid:vm_start in hex, a map id, a key, a cgroup id) where the model prints 1..N.
 * The driver loads exactly one of these programs per BPF_PROG_LOAD (the others are not loaded);
 * bpflife_<target>[_r1]_m is bpflife_<target>[_r1] that also loads the scenario's map (`used`).
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bpflife_types.h"
#include "bpflife_cfg.h"

char LICENSE[] SEC("license") = "GPL";

#define NAME_MAX_LEN BPFLIFE_NAME_MAX
#define DOTS BPFLIFE_DOTS
#define LINE 256

const volatile struct bpflife_cfg cfg = {};

/*
 * The scenario's map of `prog load ... map M` (issue 14): the driver hands libbpf the scenario map's
 * fd for it (bpf_map__reuse_fd) before the load, so the program's instructions load that map and
 * the verifier takes a reference on it (used_maps), as a program of the scenario's would. The
 * definition is a placeholder: reuse_fd takes the type and sizes of the map it is given.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} used SEC(".maps");

/* The _m programs load the map's address and nothing more (any map type verifies); USE_MAP(0) is no code. */
#define USE_MAP(USES_MAP)                                                                 \
	do {                                                                              \
		if (USES_MAP)                                                             \
			asm volatile("" : : "r"(&used));                                  \
	} while (0)

static const char space[] = " ";
static const char newline[] = "\n";

/* bpf_snprintf'd text (ret = bytes incl. the NUL, as snprintf + 1) after the name, then padding. */
static __always_inline void emit(struct seq_file *seq, const char *buf, long ret, int padded)
{
	long len;
	__u32 name_len = cfg.name_len & NAME_MAX_LEN;

	if (ret <= 0)
		return;
	if (ret > LINE)
		ret = LINE;
	len = ret - 1;
	bpf_seq_write(seq, (const void *)cfg.name, name_len);
	bpf_seq_write(seq, buf, len & (LINE - 1));
	if (padded) {
		long total = name_len + len;
		long pad = cfg.pad;

		if (total + 1 < pad) {
			long dots = pad - total - 2;

			bpf_seq_write(seq, space, 1);
			/* up to 160 * 255 bytes: enough to overflow the 32 KiB seq buffer (E2BIG) */
			for (int i = 0; i < 160 && dots > 0; i++) {
				long n = dots > DOTS - 1 ? DOTS - 1 : dots;

				if (bpf_seq_write(seq, (const void *)cfg.dots, n & (DOTS - 1)))
					break;
				dots -= n;
			}
		}
	}
	bpf_seq_write(seq, newline, 1);
}

static __always_inline int end_line(struct bpf_iter_meta *meta, char *buf)
{
	static const char fmt[] = " END session=%llu seq=%llu";
	__u64 args[2] = { meta->session_id, meta->seq_num };
	long ret = bpf_snprintf(buf, LINE, fmt, args, sizeof(args));

	emit(meta->seq, buf, ret, 0);
	return 0;
}

/*
 * One body per target: each program is written once, as a macro taking its name, what it
 * returns after an object line, and whether it loads the scenario's map (USE_MAP). The programs
 * a scenario's `prog load` uses return 0; the `_r1` ones (`prog load ... ret 1`) return 1 (the
 * end-of-iteration call returns 0 in both: the kernel ignores what the in-stop call returns). Separate programs, in this order (the originals first,
 * their static strings laid out as before), so that the originals keep their instructions, and so
 * their tags and sizes (model/.../BpftoolFormat.java).
 */

#define TASK_PROG(NAME, RET, USES_MAP)                                                    \
SEC("iter/task")                                                                          \
int NAME(struct bpf_iter__task *ctx)                                                      \
{                                                                                         \
	static const char fmt[] = " session=%llu seq=%llu task=%llu";                     \
	struct bpf_iter_meta *meta = ctx->meta;                                           \
	struct task_struct *task = ctx->task;                                             \
	char buf[LINE] = {};                                                              \
	__u64 args[3];                                                                    \
                                                                                          \
	USE_MAP(USES_MAP);                                                                       \
	if (!task)                                                                        \
		return end_line(meta, buf);                                               \
	args[0] = meta->session_id;                                                       \
	args[1] = meta->seq_num;                                                          \
	args[2] = task->pid;                                                              \
	emit(meta->seq, buf, bpf_snprintf(buf, sizeof(buf), fmt, args, sizeof(args)), 1); \
	return RET;                                                                       \
}

#define TASK_FILE_PROG(NAME, RET, USES_MAP)                                               \
SEC("iter/task_file")                                                                     \
int NAME(struct bpf_iter__task_file *ctx)                                                 \
{                                                                                         \
	static const char fmt[] = " session=%llu seq=%llu task_file=%llu:%llu";           \
	struct bpf_iter_meta *meta = ctx->meta;                                           \
	struct task_struct *task = ctx->task;                                             \
	char buf[LINE] = {};                                                              \
	__u64 args[4];                                                                    \
                                                                                          \
	USE_MAP(USES_MAP);                                                                       \
	if (!task || !ctx->file)                                                          \
		return end_line(meta, buf);                                               \
	args[0] = meta->session_id;                                                       \
	args[1] = meta->seq_num;                                                          \
	args[2] = task->pid;                                                              \
	args[3] = ctx->fd;                                                                \
	emit(meta->seq, buf, bpf_snprintf(buf, sizeof(buf), fmt, args, sizeof(args)), 1); \
	return RET;                                                                       \
}

#define BPF_MAP_PROG(NAME, RET, USES_MAP)                                                 \
SEC("iter/bpf_map")                                                                       \
int NAME(struct bpf_iter__bpf_map *ctx)                                                   \
{                                                                                         \
	static const char fmt[] = " session=%llu seq=%llu bpf_map=%llu";                  \
	struct bpf_iter_meta *meta = ctx->meta;                                           \
	struct bpf_map *map = ctx->map;                                                   \
	char buf[LINE] = {};                                                              \
	__u64 args[3];                                                                    \
                                                                                          \
	USE_MAP(USES_MAP);                                                                       \
	if (!map)                                                                         \
		return end_line(meta, buf);                                               \
	args[0] = meta->session_id;                                                       \
	args[1] = meta->seq_num;                                                          \
	args[2] = map->id;                                                                \
	emit(meta->seq, buf, bpf_snprintf(buf, sizeof(buf), fmt, args, sizeof(args)), 1); \
	return RET;                                                                       \
}

#define BPF_MAP_ELEM_PROG(NAME, RET, USES_MAP)                                            \
SEC("iter/bpf_map_elem")                                                                  \
int NAME(struct bpf_iter__bpf_map_elem *ctx)                                              \
{                                                                                         \
	static const char fmt[] = " session=%llu seq=%llu bpf_map_elem=%llu";             \
	struct bpf_iter_meta *meta = ctx->meta;                                           \
	__u32 *key = ctx->key;                                                            \
	char buf[LINE] = {};                                                              \
	__u64 args[3];                                                                    \
                                                                                          \
	USE_MAP(USES_MAP);                                                                       \
	if (!key)                                                                         \
		return end_line(meta, buf);                                               \
	args[0] = meta->session_id;                                                       \
	args[1] = meta->seq_num;                                                          \
	args[2] = *key;                                                                   \
	emit(meta->seq, buf, bpf_snprintf(buf, sizeof(buf), fmt, args, sizeof(args)), 1); \
	return RET;                                                                       \
}

#define CGROUP_PROG(NAME, RET, USES_MAP)                                                  \
SEC("iter/cgroup")                                                                        \
int NAME(struct bpf_iter__cgroup *ctx)                                                    \
{                                                                                         \
	static const char fmt[] = " session=%llu seq=%llu cgroup=%llu";                   \
	struct bpf_iter_meta *meta = ctx->meta;                                           \
	struct cgroup *cgrp = ctx->cgroup;                                                \
	char buf[LINE] = {};                                                              \
	__u64 args[3];                                                                    \
                                                                                          \
	USE_MAP(USES_MAP);                                                                       \
	if (!cgrp)                                                                        \
		return end_line(meta, buf);                                               \
	args[0] = meta->session_id;                                                       \
	args[1] = meta->seq_num;                                                          \
	args[2] = cgrp->kn->id;                                                           \
	emit(meta->seq, buf, bpf_snprintf(buf, sizeof(buf), fmt, args, sizeof(args)), 1); \
	return RET;                                                                       \
}

#define TASK_VMA_PROG(NAME, RET, USES_MAP)                                                \
SEC("iter/task_vma")                                                                      \
int NAME(struct bpf_iter__task_vma *ctx)                                                  \
{                                                                                         \
	static const char fmt[] = " session=%llu seq=%llu task_vma=%llu:%llx";           \
	struct bpf_iter_meta *meta = ctx->meta;                                           \
	struct task_struct *task = ctx->task;                                             \
	struct vm_area_struct *vma = ctx->vma;                                            \
	char buf[LINE] = {};                                                              \
	__u64 args[4];                                                                    \
                                                                                          \
	USE_MAP(USES_MAP);                                                                       \
	if (!task || !vma)                                                                \
		return end_line(meta, buf);                                               \
	args[0] = meta->session_id;                                                       \
	args[1] = meta->seq_num;                                                          \
	args[2] = task->pid;                                                              \
	args[3] = vma->vm_start;                                                          \
	emit(meta->seq, buf, bpf_snprintf(buf, sizeof(buf), fmt, args, sizeof(args)), 1); \
	return RET;                                                                       \
}

TASK_PROG(bpflife_task, 0, 0)
TASK_FILE_PROG(bpflife_task_file, 0, 0)
BPF_MAP_PROG(bpflife_bpf_map, 0, 0)
BPF_MAP_ELEM_PROG(bpflife_bpf_map_elem, 0, 0)
CGROUP_PROG(bpflife_cgroup, 0, 0)

TASK_PROG(bpflife_task_r1, 1, 0)
TASK_FILE_PROG(bpflife_task_file_r1, 1, 0)
BPF_MAP_PROG(bpflife_bpf_map_r1, 1, 0)
BPF_MAP_ELEM_PROG(bpflife_bpf_map_elem_r1, 1, 0)
CGROUP_PROG(bpflife_cgroup_r1, 1, 0)

/* task_vma (issue 14): after the others, so that their instructions and .rodata offsets stand */
TASK_VMA_PROG(bpflife_task_vma, 0, 0)
TASK_VMA_PROG(bpflife_task_vma_r1, 1, 0)

/* prog load ... map M (issue 14): the same programs loading the scenario's map, after the others so
 * that their instructions and .rodata offsets stand */
TASK_PROG(bpflife_task_m, 0, 1)
TASK_FILE_PROG(bpflife_task_file_m, 0, 1)
BPF_MAP_PROG(bpflife_bpf_map_m, 0, 1)
BPF_MAP_ELEM_PROG(bpflife_bpf_map_elem_m, 0, 1)
CGROUP_PROG(bpflife_cgroup_m, 0, 1)
TASK_VMA_PROG(bpflife_task_vma_m, 0, 1)
TASK_PROG(bpflife_task_r1_m, 1, 1)
TASK_FILE_PROG(bpflife_task_file_r1_m, 1, 1)
BPF_MAP_PROG(bpflife_bpf_map_r1_m, 1, 1)
BPF_MAP_ELEM_PROG(bpflife_bpf_map_elem_r1_m, 1, 1)
CGROUP_PROG(bpflife_cgroup_r1_m, 1, 1)
TASK_VMA_PROG(bpflife_task_vma_r1_m, 1, 1)
