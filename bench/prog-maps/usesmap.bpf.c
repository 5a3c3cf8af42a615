// SPDX-License-Identifier: GPL-2.0
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} used SEC(".maps");

SEC("socket")
int uses_map(void *ctx)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&used, &key);
	return v ? 1 : 0;
}

char LICENSE[] SEC("license") = "GPL";
