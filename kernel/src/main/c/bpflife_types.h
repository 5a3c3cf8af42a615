/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few kernel types the iterator programs touch, declared by hand instead of a generated
 * vmlinux.h. preserve_access_index makes every field access a CO-RE relocation: libbpf looks the
 * field up by name in the running kernel's BTF (/sys/kernel/btf/vmlinux) at load time, so only the
 * names must match the kernel, not the layout (the kernel's ctx structs hold these pointers in
 * anonymous unions; libbpf finds fields inside anonymous members).
 */
#ifndef BPFLIFE_TYPES_H
#define BPFLIFE_TYPES_H

#include <linux/types.h>

#pragma clang attribute push(__attribute__((preserve_access_index)), apply_to = record)

struct seq_file;
struct file;

struct bpf_iter_meta {
	struct seq_file *seq;
	__u64 session_id;
	__u64 seq_num;
};

struct task_struct {
	int pid;
	int tgid;
};

struct bpf_map {
	__u32 id;
};

struct vm_area_struct {
	unsigned long vm_start;
};

struct kernfs_node {
	__u64 id;
};

struct cgroup {
	struct kernfs_node *kn;
};

/* The context of each iterator target: DEFINE_BPF_ITER_FUNC(<target>, meta, ...). */
struct bpf_iter__task {
	struct bpf_iter_meta *meta;
	struct task_struct *task;
};

struct bpf_iter__task_file {
	struct bpf_iter_meta *meta;
	struct task_struct *task;
	__u32 fd;
	struct file *file;
};

struct bpf_iter__task_vma {
	struct bpf_iter_meta *meta;
	struct task_struct *task;
	struct vm_area_struct *vma;
};

struct bpf_iter__bpf_map {
	struct bpf_iter_meta *meta;
	struct bpf_map *map;
};

struct bpf_iter__bpf_map_elem {
	struct bpf_iter_meta *meta;
	struct bpf_map *map;
	void *key;
	void *value;
};

struct bpf_iter__cgroup {
	struct bpf_iter_meta *meta;
	struct cgroup *cgroup;
};

#pragma clang attribute pop

#endif
