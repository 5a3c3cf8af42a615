package bpflife.model.scenario;

import bpflife.protocol.Syscall;

/** One system call of a task, with its optional inline expectation ({@code => ENOENT}). */
public record Stmt(Syscall call, Outcome expect, Pos pos, String text) {}
