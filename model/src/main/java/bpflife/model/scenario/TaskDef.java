package bpflife.model.scenario;

import java.util.List;

/**
 * One task of a scenario: a process with its own fd table that issues its statements in order.
 * A forked task has no process of its own until its parent's {@code fork NAME} runs; it then
 * starts with a copy of the parent's fd table and variables.
 */
public record TaskDef(String name, boolean forked, List<Stmt> body, Pos pos) {}
