package bpflife.loadtest.report;

/**
 * One second of a load run, for the throughput-over-time charts.
 *
 * @param second        seconds since the workload started (0, 1, 2, ...)
 * @param ops           operations completed during this second (every kind)
 * @param events        journal events persisted during this second
 * @param sessionsAlive sessions open (opened, not yet released) at the end of this second
 * @param errors        operations that returned an errno or timed out during this second
 */
public record Second(int second, long ops, long events, long sessionsAlive, long errors) {}
