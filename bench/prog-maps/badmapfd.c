// SPDX-License-Identifier: GPL-2.0
// BPF_PROG_LOAD of a program whose instructions load a map by fd, with an fd that is not open
// and with an fd that is not a map: which errno?
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int load(int map_fd)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_LD | BPF_DW | BPF_IMM, .dst_reg = BPF_REG_1, .src_reg = BPF_PSEUDO_MAP_FD, .imm = map_fd },
		{ 0 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	union bpf_attr a;
	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	a.insns = (unsigned long)insns;
	a.insn_cnt = 4;
	a.license = (unsigned long)"GPL";
	int fd = syscall(SYS_bpf, BPF_PROG_LOAD, &a, sizeof(a));
	return fd < 0 ? -errno : fd;
}

int main(void)
{
	int devnull = open("/dev/null", O_RDONLY);
	union bpf_attr m;
	memset(&m, 0, sizeof(m));
	m.map_type = BPF_MAP_TYPE_HASH;
	m.key_size = 4;
	m.value_size = 8;
	m.max_entries = 1;
	int map = syscall(SYS_bpf, BPF_MAP_CREATE, &m, sizeof(m));
	int r;
	r = load(map);
	printf("a map fd: %s\n", r >= 0 ? "ok" : strerror(-r));
	r = load(999);
	printf("an fd not open (999): %s (%d)\n", r >= 0 ? "ok" : strerror(-r), r);
	r = load(devnull);
	printf("an fd that is not a map (/dev/null): %s (%d)\n", r >= 0 ? "ok" : strerror(-r), r);
	int prog = load(map);
	r = load(prog);
	printf("a prog fd: %s (%d)\n", r >= 0 ? "ok" : strerror(-r), r);
	return 0;
}
