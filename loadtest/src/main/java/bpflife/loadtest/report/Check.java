package bpflife.loadtest.report;

/**
 * One check of the balance check at the end of a run (an invariant over the final state, a count
 * that must add up, the replay of a sample through the deterministic runtime).
 *
 * @param name   what was checked, e.g. "refcounts equal holders" or "opens = closes + alive"
 * @param passed whether it held
 * @param detail the figures behind it, or what broke it (the invariant, the object, the step)
 */
public record Check(String name, boolean passed, String detail) {}
