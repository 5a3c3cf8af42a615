// SPDX-License-Identifier: GPL-2.0
// Measures what a task/task_file/task_vma iterator with tid=CHILD shows when the child exits
// during the dump: after the first object line was read (reaped or zombie), or before any read.
// Built and run by measure.sh.
#define _GNU_SOURCE
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t child(void)
{
	pid_t p = fork();
	if (!p) {
		for (int i = 0; i < 3; i++)
			open("/dev/null", O_RDONLY);
		for (;;)
			pause();
	}
	usleep(100000);
	return p;
}

static void die(pid_t c, int reap)
{
	kill(c, SIGKILL);
	siginfo_t si;
	waitid(P_PID, c, &si, WEXITED | (reap ? 0 : WNOWAIT)); /* WNOWAIT: stays a zombie */
}

static int rd(int fd, char *out, int max, int one_line)
{
	int n = 0;
	while (n < max - 1) {
		ssize_t r = read(fd, out + n, 1);
		if (r < 0) { n += sprintf(out + n, "<err %s>", strerror(errno)); break; }
		if (r == 0) break;
		n++;
		if (one_line && out[n - 1] == '\n') break;
	}
	out[n] = 0;
	return n;
}

int main(int argc, char **argv)
{
	const char *prog = argv[1]; /* d_task, d_file, d_vma */
	const char *mode = argv[2]; /* after-first-reaped, after-first-zombie, before-reaped, before-zombie, alive */
	struct bpf_object *obj = bpf_object__open_file("exitdump.bpf.o", NULL);
	if (!obj || bpf_object__load(obj)) { fprintf(stderr, "load failed\n"); return 1; }
	struct bpf_program *p = bpf_object__find_program_by_name(obj, prog);
	pid_t c = child();
	union bpf_iter_link_info linfo = {};
	linfo.task.tid = c;
	DECLARE_LIBBPF_OPTS(bpf_iter_attach_opts, opts, .link_info = &linfo, .link_info_len = sizeof(linfo));
	struct bpf_link *l = bpf_program__attach_iter(p, &opts);
	if (!l) { fprintf(stderr, "attach failed %s\n", strerror(errno)); return 1; }
	int it = bpf_iter_create(bpf_link__fd(l));
	static char a[65536], b[65536];
	a[0] = 0;
	if (!strncmp(mode, "before", 6)) {
		die(c, !strcmp(mode, "before-reaped"));
	} else {
		rd(it, a, sizeof(a), 1);
		if (strcmp(mode, "alive"))
			die(c, !strcmp(mode, "after-first-reaped"));
	}
	{ int n = 0; ssize_t r; while ((r = read(it, b + n, 4096)) > 0) n += r; b[n] = 0; if (r < 0) sprintf(b + n, "<err %s>", strerror(errno)); }
	if (!strcmp(mode, "alive")) kill(c, SIGKILL), waitpid(c, NULL, 0);
	else if (strstr(mode, "zombie")) waitpid(c, NULL, 0);
	/* compact: count object lines and show the first two and the END */
	printf("%-7s %-19s first-read: %s", prog, mode, a[0] ? a : "(none)\n");
	int lines = 0; char *s = b, *last = b;
	for (char *q = b; *q; q++) if (*q == '\n') { lines++; last = s; s = q + 1; }
	char head[200] = ""; strncpy(head, b, 60); for (char *q = head; *q; q++) if (*q == '\n') *q = '|';
	printf("        rest: %d lines, starts '%s', last '%.*s'\n", lines, head, (int)(s - last - 1), last);
	return 0;
}
