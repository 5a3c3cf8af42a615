// SPDX-License-Identifier: GPL-2.0
// A map created by fd, used by a loaded prog (bpf_map__reuse_fd), its fd closed: is it still
// there (GET_FD_BY_ID) while the prog lives, and right after / 100 ms after the prog's last close?
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <stdlib.h>

static const char *probe(__u32 id)
{
	int fd = bpf_map_get_fd_by_id(id);
	if (fd >= 0) {
		close(fd);
		return "ok";
	}
	return errno == ENOENT ? "ENOENT" : strerror(errno);
}

int main(int argc, char **argv)
{
	int runs = argc > 1 ? atoi(argv[1]) : 20;
	int early_ok = 0;
	for (int r = 0; r < runs; r++) {
		int mfd = bpf_map_create(BPF_MAP_TYPE_HASH, "bpflife_used", 4, 8, 1, NULL);
		struct bpf_map_info info = {};
		__u32 len = sizeof(info);
		bpf_obj_get_info_by_fd(mfd, &info, &len);
		struct bpf_object *obj = bpf_object__open_file("usesmap.bpf.o", NULL);
		bpf_map__reuse_fd(bpf_object__find_map_by_name(obj, "used"), mfd);
		if (bpf_object__load(obj)) { perror("load"); return 1; }
		int pfd = dup(bpf_program__fd(bpf_object__find_program_by_name(obj, "uses_map")));
		bpf_object__close(obj); /* libbpf's own fds (its dup of the map fd too) */
		const char *with_fd = probe(info.id);
		close(mfd);
		const char *prog_lives = probe(info.id);
		close(pfd);
		const char *at_once = probe(info.id);
		usleep(100000);
		const char *later = probe(info.id);
		if (!strcmp(at_once, "ok"))
			early_ok++;
		printf("run %d map %u: fd open %s; fd closed, prog alive %s; prog closed: at once %s, 100 ms later %s\n",
		       r, info.id, with_fd, prog_lives, at_once, later);
	}
	printf("right after the prog's last close the map was still there in %d of %d runs\n", early_ok, runs);
	return 0;
}
