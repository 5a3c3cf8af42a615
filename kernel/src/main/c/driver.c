// SPDX-License-Identifier: GPL-2.0
/*
 * bpflife-driver: one scenario task on the real kernel. bpflife (Java) starts one driver per task
 * and sends it one command per line on stdin; the driver makes the system call(s) and answers
 * one line on stdout:
 *
 *   ok [values...]          the call succeeded
 *   err <errno> [detail]    the call failed with that errno (detail: free text, e.g. libbpf's log)
 *
 * Fds are the task's own: the driver process is the task, so its fd table is the task's fd table
 * (scenario fds start at 3, as in the model). "fork SOCKET" forks: the child becomes the driver of
 * the forked task, connected to bpflife's unix socket SOCKET (its fds 0 and 1). "exit" closes
 * every fd from 3 up, answers, and exits. End of input does the same without answering (bpflife
 * went away).
 *
 * "bpflife-driver --pidns" runs the task in a pid namespace of its own (a scenario's `task NAME
 * pidns:`): unshare(CLONE_NEWPID), then fork; the child is pid 1 there and is the driver (its stdin
 * and stdout are the same pipes), the parent waits for it and exits with its status.
 *
 * Commands (paths and names contain no blanks; "none" = no such argument; -1 = a closed fd):
 *   hello                                   -> ok <pid> <host pid>  (getpid(); the pid in the host's
 *                                           namespace, /proc/self/status NSpid: they differ under --pidns)
 *   load <target> <name> <pad> <sleepable> [ret] [map=FD]  -> ok <fd> <prog id>  BPF_PROG_LOAD (iterator;
 *                                           ret 1: the bpflife_<target>_r1 program, which returns 1
 *                                           after each object line; map=FD: the _m program, whose
 *                                           instructions load the map FD (bpf_map__reuse_fd))
 *   iterprobe <target>                      -> ok | err <errno> <verifier log>  BPF_PROG_LOAD of
 *                                           r0 = 0; exit for any iterator target, closed at once
 *   map <type> <entries>                    -> ok <fd> <map id>       BPF_MAP_CREATE, filled
 *   linkcreate <prog> <map|none> <cgroup|none> <order> <tid|self> [pid=N|self] [pidfd=N|self] [cgid=N|@PATH]
 *                                           -> ok <fd> <link id>   (self: getpid(); pidfd=self: pidfd_open(getpid())
 *                                           for the call, closed after it; cgid=@PATH: the id of the
 *                                           cgroup directory PATH, its inode number)
 *   pin <fd> <path> | objget <path> [flags] -> ok <fd> <id> | open <path> [flags] -> ok <fd>
 *                                           (flags: a number, BPF_F_RDONLY etc. for objget,
 *                                           O_* for open; default 0 = O_RDONLY / read-write)
 *   itercreate <link fd> [flags]  -> ok <fd>
 *   write <fd> <n>  -> ok <bytes>           write(2) of n bytes 'x'
 *   lseek <fd> <offset> <whence>  -> ok <offset>
 *   read <fd> <n>         -> ok <bytes> <hex|->
 *   readall <fd> <n>      -> ok <len,len,...,0 or -errno> <hex|->    read(2) until 0 or an error
 *   close <fd> | unlink <p> | rename <a> <b> | link <a> <b> | mkdir <p> | rmdir <p>
 *   update <link> <prog> <old|none> | detach <fd>
 *   getfd <link|prog|map> <id> -> ok <fd> | nextid <link|prog|map> <after> -> ok <id>
 *   dup <fd> -> ok <fd> | fork <socket> -> ok <child pid>
 *   show <link|prog>  -> ok [entry ...]   what bpftool does: GET_NEXT_ID, GET_FD_BY_ID (ENOENT
 *                        skipped, any other error ends the listing with that errno), GET_INFO,
 *                        close; link entry id,prog_id,target_name,map_id,cgroup_order;
 *                        prog entry id,name
 *   ids <link|prog|map> -> ok [id ...]        every id GET_NEXT_ID enumerates
 *   dying <link|prog|map> -> ok [id ...]      ids enumerated whose GET_FD_BY_ID gives ENOENT
 *   cgmkdir <p> | cgrmdir <p> | cgopen <p> -> ok [fd]
 *   exit -> ok, then the process exits
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/types.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpflife_cfg.h"
#include "iters.skel.h"

#define MAX_TOKENS 16
#define MAX_READS 200000
#define MAX_DUMP (256u << 20)

/* ---- a growable string ---- */

struct buf {
	char *p;
	size_t len, cap;
};

static void buf_grow(struct buf *b, size_t more)
{
	if (b->len + more + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + more + 1)
		cap *= 2;
	char *p = realloc(b->p, cap);
	if (!p) {
		fprintf(stderr, "bpflife-driver: out of memory\n");
		_exit(3);
	}
	b->p = p;
	b->cap = cap;
}

static void buf_add(struct buf *b, const char *s, size_t n)
{
	buf_grow(b, n);
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
}

static void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	buf_grow(b, n);
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, n + 1, fmt, ap);
	va_end(ap);
	b->len += n;
}

static void buf_hex(struct buf *b, const unsigned char *s, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	if (n == 0) {
		buf_add(b, "-", 1);
		return;
	}
	buf_grow(b, 2 * n);
	for (size_t i = 0; i < n; i++) {
		b->p[b->len++] = digits[s[i] >> 4];
		b->p[b->len++] = digits[s[i] & 15];
	}
	b->p[b->len] = 0;
}

/* ---- line I/O on fds 0 and 1 (no stdio buffers: they would be copied by fork) ---- */

static char in_buf[65536];
static size_t in_len;

/* The next line without its newline, or NULL at end of input. */
static char *read_line(void)
{
	static char line[sizeof(in_buf)];
	for (;;) {
		char *nl = memchr(in_buf, '\n', in_len);
		if (nl) {
			size_t n = nl - in_buf;
			memcpy(line, in_buf, n);
			line[n] = 0;
			memmove(in_buf, nl + 1, in_len - n - 1);
			in_len -= n + 1;
			return line;
		}
		if (in_len == sizeof(in_buf))
			return NULL;
		ssize_t r = read(0, in_buf + in_len, sizeof(in_buf) - in_len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return NULL;
		in_len += r;
	}
}

static void write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			_exit(4);
		p += w;
		n -= w;
	}
}

static struct buf reply;
static bool quiet; /* set by a forked child: no answer for the command that forked it */

static void send_reply(void)
{
	if (quiet) {
		quiet = false;
		reply.len = 0;
		return;
	}
	buf_add(&reply, "\n", 1);
	write_all(1, reply.p, reply.len);
	reply.len = 0;
}

static void ok(const char *fmt, ...)
{
	reply.len = 0;
	buf_add(&reply, "ok", 2);
	if (fmt && *fmt) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(NULL, 0, fmt, ap);
		va_end(ap);
		buf_grow(&reply, n + 1);
		reply.p[reply.len++] = ' ';
		va_start(ap, fmt);
		vsnprintf(reply.p + reply.len, n + 1, fmt, ap);
		va_end(ap);
		reply.len += n;
	}
}

static void fail(int err, const char *detail)
{
	reply.len = 0;
	buf_printf(&reply, "err %d", err);
	if (detail && *detail) {
		buf_add(&reply, " ", 1);
		for (const char *c = detail; *c; c++) {
			char ch = (*c == '\n' || *c == '\r') ? ' ' : *c;
			buf_add(&reply, &ch, 1);
		}
	}
}

/* ok / err from a libbpf or syscall return value (negative = failure, errno set). */
static void result(long r)
{
	if (r < 0)
		fail(errno, NULL);
	else
		ok(NULL);
}

/* ---- libbpf's log: kept for the error detail of a failed load ---- */

static struct buf log_buf;

static int log_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	char line[1024];
	int n = vsnprintf(line, sizeof(line), fmt, ap);
	if (n > 0) {
		if (n >= (int)sizeof(line))
			n = sizeof(line) - 1;
		buf_add(&log_buf, line, n);
	}
	return 0;
}

/* The last non-empty lines of libbpf's log (at most ~800 bytes, whole lines), for an error's detail. */
static const char *log_tail(void)
{
	if (!log_buf.p)
		return "";
	size_t n = log_buf.len;
	while (n > 0 && (log_buf.p[n - 1] == '\n' || log_buf.p[n - 1] == ' '))
		n--;
	size_t start = n > 800 ? n - 800 : 0;
	/* begin at a line's start (else a word's), never in the middle of a word */
	size_t s = start;
	while (s > 0 && s < n && log_buf.p[s - 1] != '\n')
		s++;
	if (s >= n) {
		s = start;
		while (s > 0 && s < n && log_buf.p[s - 1] != ' ' && log_buf.p[s - 1] != '\n')
			s++;
	}
	if (s < n)
		start = s;
	log_buf.p[n] = 0;
	return log_buf.p + start;
}

/* ---- helpers ---- */

static int num(const char *s, long *v)
{
	char *end;
	errno = 0;
	*v = strtol(s, &end, 10);
	return errno == 0 && end != s && *end == 0 ? 0 : -1;
}

static __u32 info_id(int fd)
{
	struct { __u32 type; __u32 id; } info = {};
	__u32 len = sizeof(info);
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return 0;
	return info.id;
}

enum kind { K_LINK, K_PROG, K_MAP, K_BAD };

static enum kind kind_of(const char *s)
{
	if (!strcmp(s, "link"))
		return K_LINK;
	if (!strcmp(s, "prog"))
		return K_PROG;
	if (!strcmp(s, "map"))
		return K_MAP;
	return K_BAD;
}

static int next_id(enum kind k, __u32 start, __u32 *next)
{
	switch (k) {
	case K_LINK: return bpf_link_get_next_id(start, next);
	case K_PROG: return bpf_prog_get_next_id(start, next);
	default: return bpf_map_get_next_id(start, next);
	}
}

static int fd_by_id(enum kind k, __u32 id)
{
	switch (k) {
	case K_LINK: return bpf_link_get_fd_by_id(id);
	case K_PROG: return bpf_prog_get_fd_by_id(id);
	default: return bpf_map_get_fd_by_id(id);
	}
}

/* ---- the commands ---- */

/*
 * prog load ... map FD where FD is no BPF object (closed, or another kind of file): the kernel's
 * answer to BPF_PROG_LOAD of an iterator program of the target whose instructions load FD as a
 * map (r1 = map FD; r0 = 0; exit), which libbpf cannot be asked for (it reads the map's info
 * first). The program is otherwise valid, so the answer is the map fd's (resolve_pseudo_ldimm64).
 */
static void bad_map_load(const char *target, long mapfd)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_LD | BPF_IMM | BPF_DW, .dst_reg = BPF_REG_1, .src_reg = BPF_PSEUDO_MAP_FD,
		  .imm = (__s32)mapfd },
		{ 0 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int btf_id = libbpf_find_vmlinux_btf_id(target, BPF_TRACE_ITER);
	if (btf_id < 0) {
		fail(-btf_id, "no iterator target in the kernel's BTF");
		return;
	}
	LIBBPF_OPTS(bpf_prog_load_opts, o, .expected_attach_type = BPF_TRACE_ITER, .attach_btf_id = btf_id);
	int fd = bpf_prog_load(BPF_PROG_TYPE_TRACING, "bpflife_badmap", "GPL", insns, 4, &o);
	if (fd >= 0) {
		close(fd);
		fail(EINVAL, "the kernel loaded a program whose map fd has no BPF object: not the driver's question");
		return;
	}
	fail(errno, "BPF_PROG_LOAD of r1 = map fd; r0 = 0; exit");
}

/*
 * iterprobe <target>: BPF_PROG_LOAD of the smallest iterator program of any target the kernel has
 * (r0 = 0; exit), closed at once: whether the kernel loads iterator programs of that target at
 * all, and what the verifier logged (why a target is refused: KernelCheck.probe, Refusal).
 */
static void cmd_iterprobe(const char *target)
{
	static char vlog[4096];
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int btf_id = libbpf_find_vmlinux_btf_id(target, BPF_TRACE_ITER);
	if (btf_id < 0) {
		fail(-btf_id, "no such iterator target in the kernel's BTF");
		return;
	}
	vlog[0] = 0;
	LIBBPF_OPTS(bpf_prog_load_opts, o, .expected_attach_type = BPF_TRACE_ITER, .attach_btf_id = btf_id,
		    .log_buf = vlog, .log_size = sizeof(vlog), .log_level = 1);
	int fd = bpf_prog_load(BPF_PROG_TYPE_TRACING, "bpflife_probe", "GPL", insns, 2, &o);
	if (fd < 0) {
		fail(errno, vlog);
		return;
	}
	close(fd);
	ok(NULL);
}

static void cmd_load(char **t, int n)
{
	long pad, sleepable, ret = 0, mapfd = -1;
	bool has_map = n >= 6 && !strncmp(t[n - 1], "map=", 4);
	if (has_map && num(t[n - 1] + 4, &mapfd))
		has_map = false, n = 0; /* a bad map=FD: the usage error below */
	int args = has_map ? n - 1 : n;
	if ((args != 5 && args != 6) || num(t[3], &pad) || num(t[4], &sleepable) || (args == 6 && num(t[5], &ret))
	    || strlen(t[2]) > 63) {
		fail(EINVAL, "usage: load <target> <name> <pad> <sleepable> [ret] [map=FD]");
		return;
	}
	log_buf.len = 0;
	struct iters *skel = iters__open();
	if (!skel) {
		fail(errno, log_tail());
		return;
	}
	struct bpf_program *want = NULL;
	/* map: the _m program, which loads the scenario's map (iters.bpf.c `used`) */
	struct { const char *target; long ret; bool map; struct bpf_program *prog; } progs[] = {
		{ "task", 0, false, skel->progs.bpflife_task },
		{ "task_file", 0, false, skel->progs.bpflife_task_file },
		{ "task_vma", 0, false, skel->progs.bpflife_task_vma },
		{ "bpf_map", 0, false, skel->progs.bpflife_bpf_map },
		{ "bpf_map_elem", 0, false, skel->progs.bpflife_bpf_map_elem },
		{ "cgroup", 0, false, skel->progs.bpflife_cgroup },
		{ "task", 1, false, skel->progs.bpflife_task_r1 },
		{ "task_file", 1, false, skel->progs.bpflife_task_file_r1 },
		{ "task_vma", 1, false, skel->progs.bpflife_task_vma_r1 },
		{ "bpf_map", 1, false, skel->progs.bpflife_bpf_map_r1 },
		{ "bpf_map_elem", 1, false, skel->progs.bpflife_bpf_map_elem_r1 },
		{ "cgroup", 1, false, skel->progs.bpflife_cgroup_r1 },
		{ "task", 0, true, skel->progs.bpflife_task_m },
		{ "task_file", 0, true, skel->progs.bpflife_task_file_m },
		{ "task_vma", 0, true, skel->progs.bpflife_task_vma_m },
		{ "bpf_map", 0, true, skel->progs.bpflife_bpf_map_m },
		{ "bpf_map_elem", 0, true, skel->progs.bpflife_bpf_map_elem_m },
		{ "cgroup", 0, true, skel->progs.bpflife_cgroup_m },
		{ "task", 1, true, skel->progs.bpflife_task_r1_m },
		{ "task_file", 1, true, skel->progs.bpflife_task_file_r1_m },
		{ "task_vma", 1, true, skel->progs.bpflife_task_vma_r1_m },
		{ "bpf_map", 1, true, skel->progs.bpflife_bpf_map_r1_m },
		{ "bpf_map_elem", 1, true, skel->progs.bpflife_bpf_map_elem_r1_m },
		{ "cgroup", 1, true, skel->progs.bpflife_cgroup_r1_m },
	};
	for (size_t i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		if (!strcmp(progs[i].target, t[1]) && progs[i].ret == ret && progs[i].map == has_map)
			want = progs[i].prog;
		else
			bpf_program__set_autoload(progs[i].prog, false);
	}
	if (!want) {
		iters__destroy(skel);
		fail(EINVAL, "unknown target");
		return;
	}
	if (has_map) {
		/* The scenario's map in place of the placeholder. reuse_fd reads the fd's info first
		 * (BPF_OBJ_GET_INFO_BY_FD), which answers a closed fd with EBADFD (libbpf's 77) where
		 * BPF_PROG_LOAD with that fd in its instructions answers EBADF, and takes another BPF
		 * object's info for a map's (libbpf 1.1 then crashes): an fd that is no map (its file is
		 * not anon_inode:bpf-map) is asked of the kernel by a load of its own (bad_map_load). */
		char path[64], what[64] = "";
		snprintf(path, sizeof(path), "/proc/self/fd/%ld", mapfd);
		ssize_t wl = readlink(path, what, sizeof(what) - 1);
		if (wl < 0 || strcmp(what, "anon_inode:bpf-map")) {
			iters__destroy(skel);
			bad_map_load(t[1], mapfd);
			return;
		}
		if (bpf_map__reuse_fd(skel->maps.used, mapfd)) {
			int e = errno;
			iters__destroy(skel);
			fail(e, "bpf_map__reuse_fd");
			return;
		}
	} else {
		bpf_map__set_autocreate(skel->maps.used, false); /* no program loads it: not made */
	}
	struct bpflife_cfg *cfg = (struct bpflife_cfg *)&skel->rodata->cfg;
	memset(cfg, 0, sizeof(*cfg));
	strcpy(cfg->name, t[2]);
	cfg->name_len = strlen(t[2]);
	cfg->pad = pad;
	memset(cfg->dots, '.', sizeof(cfg->dots));
	if (sleepable)
		bpf_program__set_flags(want, bpf_program__flags(want) | BPF_F_SLEEPABLE);
	int err = iters__load(skel);
	if (err) {
		int e = err < 0 ? -err : errno;
		iters__destroy(skel);
		fail(e, log_tail());
		return;
	}
	int fd = dup(bpf_program__fd(want));
	int e = errno;
	iters__destroy(skel); /* closes libbpf's prog fd, its .rodata map fd and its dup of the scenario's map fd */
	if (fd < 0) {
		fail(e, NULL);
		return;
	}
	int low = fcntl(fd, F_DUPFD, 0); /* the lowest free fd, as a plain BPF_PROG_LOAD would give */
	if (low >= 0 && low < fd) {
		close(fd);
		fd = low;
	} else if (low >= 0) {
		close(low);
	}
	ok("%d %u", fd, info_id(fd));
}

static void cmd_map(char **t, int n)
{
	long entries;
	if (n != 3 || num(t[2], &entries) || entries < 0) {
		fail(EINVAL, "usage: map <type> <entries>");
		return;
	}
	enum bpf_map_type type;
	__u32 key = 4, value = 8;
	bool fill = false;
	if (!strcmp(t[1], "hash")) {
		type = BPF_MAP_TYPE_HASH;
		fill = true;
	} else if (!strcmp(t[1], "lru_hash")) {
		type = BPF_MAP_TYPE_LRU_HASH;
		fill = true;
	} else if (!strcmp(t[1], "percpu_hash")) {
		type = BPF_MAP_TYPE_PERCPU_HASH;
		fill = true;
	} else if (!strcmp(t[1], "array")) {
		type = BPF_MAP_TYPE_ARRAY;
	} else if (!strcmp(t[1], "percpu_array")) {
		type = BPF_MAP_TYPE_PERCPU_ARRAY;
	} else if (!strcmp(t[1], "ringbuf")) {
		type = BPF_MAP_TYPE_RINGBUF;
		key = value = 0;
	} else {
		fail(EINVAL, "unknown map type");
		return;
	}
	int fd = bpf_map_create(type, NULL, key, value, entries, NULL);
	if (fd < 0) {
		fail(errno, NULL);
		return;
	}
	if (fill) {
		/* the model's map has `entries` elements: a hash map is filled with keys 0..entries-1 */
		int cpus = libbpf_num_possible_cpus();
		size_t vsize = type == BPF_MAP_TYPE_PERCPU_HASH ? (size_t)(cpus > 0 ? cpus : 1) * 8 : 8;
		void *v = calloc(1, vsize);
		for (__u32 k = 0; k < entries; k++) {
			if (bpf_map_update_elem(fd, &k, v, BPF_ANY)) {
				int e = errno;
				free(v);
				close(fd);
				fail(e, "filling the map");
				return;
			}
		}
		free(v);
	}
	ok("%d %u", fd, info_id(fd));
}

static void cmd_linkcreate(char **t, int n)
{
	long prog, map = -1, cg = -1, order, tid, pid = 0, pidfd = 0;
	unsigned long long cgid = 0;
	bool has_map = n >= 6 && strcmp(t[2], "none"), has_cg = n >= 6 && strcmp(t[3], "none");
	bool own_pidfd = false, bad = n < 6;
	if (bad || num(t[1], &prog) || (has_map && num(t[2], &map)) || (has_cg && num(t[3], &cg))
	    || num(t[4], &order))
		bad = true;
	if (!bad && !strcmp(t[5], "self"))
		tid = getpid(); /* the driver is the task's one thread: its tid is its pid */
	else if (!bad && num(t[5], &tid))
		bad = true;
	for (int i = 6; i < n && !bad; i++) {
		if (!strcmp(t[i], "pid=self")) {
			pid = getpid();
		} else if (!strncmp(t[i], "pid=", 4)) {
			bad = num(t[i] + 4, &pid);
		} else if (!strcmp(t[i], "pidfd=self")) {
			pidfd = syscall(SYS_pidfd_open, getpid(), 0);
			if (pidfd < 0) {
				fail(errno, "pidfd_open");
				return;
			}
			own_pidfd = true;
		} else if (!strncmp(t[i], "pidfd=", 6)) {
			bad = num(t[i] + 6, &pidfd);
		} else if (!strncmp(t[i], "cgid=@", 6)) {
			struct stat st;
			if (stat(t[i] + 6, &st)) {
				fail(errno, "stat of the cgroup directory");
				return;
			}
			cgid = st.st_ino; /* cgroup2: the cgroup id is its kernfs node id, the inode number */
		} else if (!strncmp(t[i], "cgid=", 5)) {
			long v;
			bad = num(t[i] + 5, &v);
			cgid = (unsigned long long)v;
		} else {
			bad = true;
		}
	}
	if (bad) {
		fail(EINVAL, "usage: linkcreate <prog> <map|none> <cgroup|none> <order> <tid> [pid=N] [pidfd=N|self] [cgid=N|@PATH]");
		return;
	}
	union bpf_iter_link_info linfo;
	memset(&linfo, 0, sizeof(linfo));
	LIBBPF_OPTS(bpf_link_create_opts, opts);
	bool info = false;
	/* every parameter given is passed, as the scenario wrote it, in this order: the fields are a
	 * union (map.map_fd, task.tid and cgroup.order share the first word; task.pid and
	 * cgroup.cgroup_fd the second), so a later one overwrites an earlier one there */
	if (has_map) {
		linfo.map.map_fd = (__u32)map;
		info = true;
	}
	if (tid) {
		linfo.task.tid = tid;
		info = true;
	}
	if (order) {
		/* an order without a cgroup fd walks from the root cgroup (bpf_iter_attach_cgroup) */
		linfo.cgroup.order = order;
		info = true;
	}
	if (has_cg) {
		linfo.cgroup.cgroup_fd = (__u32)cg;
		info = true;
	}
	if (cgid) {
		linfo.cgroup.cgroup_id = cgid;
		info = true;
	}
	if (pid) {
		linfo.task.pid = pid;
		info = true;
	}
	if (pidfd) {
		linfo.task.pid_fd = (__u32)pidfd;
		info = true;
	}
	if (info) {
		opts.iter_info = &linfo;
		opts.iter_info_len = sizeof(linfo);
	}
	int fd = bpf_link_create(prog, 0, BPF_TRACE_ITER, &opts);
	int e = errno;
	if (own_pidfd)
		close(pidfd);
	if (fd < 0) {
		fail(e, NULL);
		return;
	}
	ok("%d %u", fd, info_id(fd));
}

static void cmd_read(char **t, int n, bool all)
{
	long fd, count;
	if (n != 3 || num(t[1], &fd) || num(t[2], &count) || count < 0 || count > (64 << 20)) {
		fail(EINVAL, "usage: read <fd> <count>");
		return;
	}
	unsigned char *b = malloc(count ? count : 1);
	if (!b) {
		fail(ENOMEM, NULL);
		return;
	}
	if (!all) {
		ssize_t r = read(fd, b, count);
		if (r < 0) {
			fail(errno, NULL);
		} else {
			ok("%zd", r);
			buf_add(&reply, " ", 1);
			buf_hex(&reply, b, r);
		}
		free(b);
		return;
	}
	struct buf lens = {}, data = {};
	for (int i = 0;; i++) {
		ssize_t r = read(fd, b, count);
		if (r < 0) {
			buf_printf(&lens, "%s-%d", i ? "," : "", errno);
			break;
		}
		buf_printf(&lens, "%s%zd", i ? "," : "", r);
		buf_add(&data, (const char *)b, r); /* before the bounds: every length listed has its bytes */
		if (r == 0 || i + 1 >= MAX_READS || data.len > MAX_DUMP)
			break;
	}
	ok("%s", lens.p);
	buf_add(&reply, " ", 1);
	buf_hex(&reply, (const unsigned char *)data.p, data.len);
	free(lens.p);
	free(data.p);
	free(b);
}

static void cmd_update(char **t, int n)
{
	long link, prog, old = -1;
	bool replace = n == 4 && strcmp(t[3], "none");
	if (n != 4 || num(t[1], &link) || num(t[2], &prog) || (replace && num(t[3], &old))) {
		fail(EINVAL, "usage: update <link> <prog> <old|none>");
		return;
	}
	LIBBPF_OPTS(bpf_link_update_opts, opts);
	if (replace) {
		opts.flags = BPF_F_REPLACE;
		opts.old_prog_fd = old;
	}
	result(bpf_link_update(link, prog, &opts));
}

static void cmd_show(enum kind k)
{
	struct buf out = {};
	buf_add(&out, "", 0);
	__u32 id = 0;
	for (;;) {
		if (next_id(k, id, &id)) {
			if (errno == ENOENT)
				break;
			fail(errno, "GET_NEXT_ID");
			free(out.p);
			return;
		}
		int fd = fd_by_id(k, id);
		if (fd < 0) {
			if (errno == ENOENT)
				continue; /* went between GET_NEXT_ID and GET_FD_BY_ID: bpftool skips it */
			fail(errno, "GET_FD_BY_ID");
			free(out.p);
			return;
		}
		if (k == K_LINK) {
			struct bpf_link_info info;
			__u32 len = sizeof(info);
			memset(&info, 0, sizeof(info));
			int r = bpf_obj_get_info_by_fd(fd, &info, &len);
			char target[64] = "-";
			if (!r && info.type == BPF_LINK_TYPE_ITER) {
				/* only iterator links get a target_name buffer: other types read these fields differently */
				char name[64] = {};
				memset(&info, 0, sizeof(info));
				info.iter.target_name = (__u64)(unsigned long)name;
				info.iter.target_name_len = sizeof(name);
				len = sizeof(info);
				r = bpf_obj_get_info_by_fd(fd, &info, &len);
				if (!r && name[0])
					snprintf(target, sizeof(target), "%s", name);
			}
			if (r) {
				int e = errno;
				close(fd);
				fail(e, "GET_INFO");
				free(out.p);
				return;
			}
			__u32 map_id = 0, order = 0;
			if (info.type == BPF_LINK_TYPE_ITER) {
				if (!strcmp(target, "bpf_map_elem"))
					map_id = info.iter.map.map_id;
				else if (!strcmp(target, "cgroup"))
					order = info.iter.cgroup.order;
			}
			buf_printf(&out, " %u,%u,%s,%u,%u", info.id, info.prog_id,
				   info.type == BPF_LINK_TYPE_ITER ? target : "-", map_id, order);
		} else {
			struct bpf_prog_info info;
			__u32 len = sizeof(info);
			memset(&info, 0, sizeof(info));
			if (bpf_obj_get_info_by_fd(fd, &info, &len)) {
				int e = errno;
				close(fd);
				fail(e, "GET_INFO");
				free(out.p);
				return;
			}
			buf_printf(&out, " %u,%s", info.id, info.name[0] ? info.name : "-");
		}
		close(fd);
	}
	ok("%s", out.len ? out.p + 1 : "");
	free(out.p);
}

static void cmd_ids(enum kind k)
{
	struct buf out = {};
	buf_add(&out, "", 0);
	__u32 id = 0;
	while (!next_id(k, id, &id))
		buf_printf(&out, " %u", id);
	if (errno != ENOENT) {
		fail(errno, "GET_NEXT_ID");
	} else {
		ok("%s", out.len ? out.p + 1 : "");
	}
	free(out.p);
}

/* Ids GET_NEXT_ID enumerates but GET_FD_BY_ID refuses with ENOENT: objects whose refcount reached
 * zero and whose free has not removed the id yet (a link's last put from bpffs runs in a work item). */
static void cmd_dying(enum kind k)
{
	struct buf out = {};
	buf_add(&out, "", 0);
	__u32 id = 0;
	while (!next_id(k, id, &id)) {
		int fd = fd_by_id(k, id);
		if (fd >= 0)
			close(fd);
		else if (errno == ENOENT)
			buf_printf(&out, " %u", id);
	}
	ok("%s", out.len ? out.p + 1 : "");
	free(out.p);
}

static void cmd_fork(char **t, int n)
{
	if (n != 2 || strlen(t[1]) >= sizeof(((struct sockaddr_un *)0)->sun_path)) {
		fail(EINVAL, "usage: fork <unix socket path>");
		return;
	}
	pid_t pid = fork();
	if (pid < 0) {
		fail(errno, NULL);
		return;
	}
	if (pid > 0) {
		ok("%d", (int)pid);
		return;
	}
	/* the child: the driver of the forked task, talking over a connection to bpflife's socket */
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	strcpy(addr.sun_path, t[1]);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (s < 0 || connect(s, (struct sockaddr *)&addr, sizeof(addr)) || dup2(s, 0) < 0 || dup2(s, 1) < 0)
		_exit(5);
	close(s);
	in_len = 0;
	reply.len = 0;
	quiet = true; /* the parent answered the fork; the child's first answer is to "hello" */
}

static void finish(bool answer)
{
	close_range(3, ~0U, 0); /* the task's fds, closed as exit(2) closes them */
	if (answer) {
		ok(NULL);
		send_reply();
	}
	_exit(0);
}

/* This process's pid in the host's pid namespace: the first NSpid of /proc/self/status (/proc is
 * the host's mount, so /proc/self is this process as the host sees it); getpid() if unknown. */
static long host_pid(void)
{
	char line[256];
	long pid = getpid();
	FILE *f = fopen("/proc/self/status", "r");
	if (!f)
		return pid;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "NSpid:", 6)) {
			pid = strtol(line + 6, NULL, 10);
			break;
		}
	fclose(f);
	return pid;
}

/* --pidns: the task gets a pid namespace of its own, as unshare(CLONE_NEWPID) + fork(2) make one. */
static void enter_pid_namespace(void)
{
	if (unshare(CLONE_NEWPID)) {
		perror("bpflife-driver: unshare(CLONE_NEWPID)");
		_exit(6);
	}
	pid_t child = fork();
	if (child < 0) {
		perror("bpflife-driver: fork");
		_exit(6);
	}
	if (child == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL); /* killed with its parent (bpflife kills the process it started) */
		return;
	}
	int status = 0;
	while (waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
	_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0));
}

static void dispatch(char **t, int n)
{
	long a = 0, b = 0;
	const char *c = t[0];

	if (!strcmp(c, "hello")) {
		ok("%d %ld", (int)getpid(), host_pid());
	} else if (!strcmp(c, "load")) {
		cmd_load(t, n);
	} else if (!strcmp(c, "iterprobe") && n == 2) {
		cmd_iterprobe(t[1]);
	} else if (!strcmp(c, "map")) {
		cmd_map(t, n);
	} else if (!strcmp(c, "linkcreate")) {
		cmd_linkcreate(t, n);
	} else if (!strcmp(c, "pin") && n == 3 && !num(t[1], &a)) {
		result(bpf_obj_pin(a, t[2]));
	} else if (!strcmp(c, "objget") && (n == 2 || (n == 3 && !num(t[2], &b)))) {
		LIBBPF_OPTS(bpf_obj_get_opts, gopts, .file_flags = n == 3 ? (__u32)b : 0);
		int fd = bpf_obj_get_opts(t[1], &gopts);
		if (fd < 0)
			fail(errno, NULL);
		else
			ok("%d %u", fd, info_id(fd));
	} else if (!strcmp(c, "open") && (n == 2 || (n == 3 && !num(t[2], &b)))) {
		int fd = open(t[1], n == 3 ? (int)b : O_RDONLY);
		if (fd < 0)
			fail(errno, NULL);
		else
			ok("%d", fd);
	} else if (!strcmp(c, "itercreate") && (n == 2 || (n == 3 && !num(t[2], &b))) && !num(t[1], &a)) {
		union bpf_attr attr;
		memset(&attr, 0, sizeof(attr));
		attr.iter_create.link_fd = a;
		attr.iter_create.flags = n == 3 ? (__u32)b : 0;
		int fd = syscall(__NR_bpf, BPF_ITER_CREATE, &attr, sizeof(attr));
		if (fd < 0)
			fail(errno, NULL);
		else
			ok("%d", fd);
	} else if (!strcmp(c, "read")) {
		cmd_read(t, n, false);
	} else if (!strcmp(c, "readall")) {
		cmd_read(t, n, true);
	} else if (!strcmp(c, "write") && n == 3 && !num(t[1], &a) && !num(t[2], &b) && b >= 0 && b <= 4096) {
		char w[4096];
		memset(w, 'x', sizeof(w));
		ssize_t r = write(a, w, b);
		if (r < 0)
			fail(errno, NULL);
		else
			ok("%zd", r);
	} else if (!strcmp(c, "lseek") && n == 4 && !num(t[1], &a) && !num(t[2], &b)) {
		long whence;
		off_t r = num(t[3], &whence) ? (errno = EINVAL, -1) : lseek(a, b, (int)whence);
		if (r < 0)
			fail(errno, NULL);
		else
			ok("%lld", (long long)r);
	} else if (!strcmp(c, "close") && n == 2 && !num(t[1], &a)) {
		result(close(a));
	} else if (!strcmp(c, "unlink") && n == 2) {
		result(unlink(t[1]));
	} else if (!strcmp(c, "rename") && n == 3) {
		result(rename(t[1], t[2]));
	} else if (!strcmp(c, "link") && n == 3) {
		result(link(t[1], t[2]));
	} else if (!strcmp(c, "mkdir") && n == 2) {
		result(mkdir(t[1], 0755));
	} else if (!strcmp(c, "rmdir") && n == 2) {
		result(rmdir(t[1]));
	} else if (!strcmp(c, "update")) {
		cmd_update(t, n);
	} else if (!strcmp(c, "detach") && n == 2 && !num(t[1], &a)) {
		result(bpf_link_detach(a));
	} else if (!strcmp(c, "getfd") && n == 3 && kind_of(t[1]) != K_BAD && !num(t[2], &b)) {
		int fd = fd_by_id(kind_of(t[1]), (__u32)b);
		if (fd < 0)
			fail(errno, NULL);
		else
			ok("%d", fd);
	} else if (!strcmp(c, "nextid") && n == 3 && kind_of(t[1]) != K_BAD && !num(t[2], &b)) {
		__u32 next = 0;
		if (next_id(kind_of(t[1]), (__u32)b, &next))
			fail(errno, NULL);
		else
			ok("%u", next);
	} else if (!strcmp(c, "dup") && n == 2 && !num(t[1], &a)) {
		int fd = dup(a);
		if (fd < 0)
			fail(errno, NULL);
		else
			ok("%d", fd);
	} else if (!strcmp(c, "fork")) {
		cmd_fork(t, n);
	} else if (!strcmp(c, "show") && n == 2 && (kind_of(t[1]) == K_LINK || kind_of(t[1]) == K_PROG)) {
		cmd_show(kind_of(t[1]));
	} else if (!strcmp(c, "dying") && n == 2 && kind_of(t[1]) != K_BAD) {
		cmd_dying(kind_of(t[1]));
	} else if (!strcmp(c, "ids") && n == 2 && kind_of(t[1]) != K_BAD) {
		cmd_ids(kind_of(t[1]));
	} else if (!strcmp(c, "cgmkdir") && n == 2) {
		result(mkdir(t[1], 0755));
	} else if (!strcmp(c, "cgrmdir") && n == 2) {
		result(rmdir(t[1]));
	} else if (!strcmp(c, "cgopen") && n == 2) {
		int fd = open(t[1], O_RDONLY | O_DIRECTORY);
		if (fd < 0)
			fail(errno, NULL);
		else
			ok("%d", fd);
	} else if (!strcmp(c, "exit")) {
		finish(true);
	} else {
		fail(EINVAL, "unknown command or bad arguments");
	}
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--pidns"))
		enter_pid_namespace();
	signal(SIGPIPE, SIG_DFL);
	signal(SIGCHLD, SIG_IGN); /* forked task drivers are reaped by the kernel */
	libbpf_set_print(log_print);
	char *line;
	while ((line = read_line()) != NULL) {
		char *t[MAX_TOKENS];
		int n = 0;
		for (char *s = strtok(line, " "); s && n < MAX_TOKENS; s = strtok(NULL, " "))
			t[n++] = s;
		if (n == 0)
			continue;
		dispatch(t, n);
		send_reply();
	}
	finish(false);
	return 0;
}
