package bpflife.loadtest.report;

import java.util.SortedMap;
import org.HdrHistogram.Histogram;

/**
 * One kind of operation over a whole load run: how many completed, how many failed and with which
 * errno, how many timed out (a timed-out call is counted here, never dropped), and the latency of
 * every completed call in nanoseconds.
 *
 * @param op       the operation's name: open, read, close, dump (open to END), update, unlink, ...
 * @param count    calls that completed (successfully or with an errno)
 * @param errnos   failed calls by errno name (EBADF, ENOENT, ...), in name order
 * @param timeouts calls whose reply did not come within the run's call timeout
 * @param latency  nanoseconds from the call to its reply, for every completed call
 */
public record OpStats(String op, long count, SortedMap<String, Long> errnos, long timeouts, Histogram latency) {
    /** Calls that returned an errno. */
    public long errors() {
        return errnos.values().stream().mapToLong(Long::longValue).sum();
    }
}
