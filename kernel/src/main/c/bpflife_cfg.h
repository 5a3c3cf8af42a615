/* SPDX-License-Identifier: GPL-2.0 */
/* The .rodata configuration of an iterator program, shared by iters.bpf.c and the driver. */
#ifndef BPFLIFE_CFG_H
#define BPFLIFE_CFG_H

#define BPFLIFE_NAME_MAX 63
#define BPFLIFE_DOTS 256

struct bpflife_cfg {
	char name[BPFLIFE_NAME_MAX + 1]; /* the scenario's program name, printed first on every line */
	__u32 name_len;
	__u32 pad;                       /* object lines are padded with " ..." to this many bytes */
	char dots[BPFLIFE_DOTS];         /* '.' * 256, the padding's source */
};

#endif
