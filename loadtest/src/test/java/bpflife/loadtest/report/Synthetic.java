package bpflife.loadtest.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.util.SequencedMap;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * A made-up load run for the report tests, the same for the same seed: operations with
 * log-normal latencies around a typical median each, some errnos and timeouts, a timeline and a
 * balance check (with failures if asked).
 */
final class Synthetic {
    private Synthetic() {}

    /** Operation names with a typical median latency in microseconds. */
    private static final String[] OPS = {"open", "read", "close", "dump", "update", "unlink", "show"};
    private static final double[] MEDIAN_US = {300, 40, 90, 4_000, 900, 1_200, 150};
    private static final String[] ERRNOS = {"EBADF", "ENOENT", "EAGAIN", "EINTR"};

    static LoadSummary summary(long seed, int failedChecks) {
        return summary(seed, failedChecks, "w-load");
    }

    static LoadSummary summary(long seed, int failedChecks, String world) {
        Random r = new Random(seed);
        List<OpStats> ops = new ArrayList<>();
        for (int i = 0; i < OPS.length; i++) {
            ops.add(op(r, OPS[i], MEDIAN_US[i]));
        }
        int seconds = 10 + r.nextInt(50);
        List<Second> timeline = new ArrayList<>();
        long alive = 0;
        long peak = 0;
        for (int s = 0; s < seconds; s++) {
            alive = Math.max(0, alive + r.nextInt(2_000) - (s > seconds * 2 / 3 ? 1_500 : 600));
            peak = Math.max(peak, alive);
            timeline.add(new Second(s, 5_000 + r.nextInt(20_000), 15_000 + r.nextInt(20_000), alive, r.nextInt(40)));
        }
        long opened = 10_000 + r.nextInt(10_000);
        List<Check> checks = new ArrayList<>(List.of(
                new Check("refcounts equal holders", true, "4012 objects"),
                new Check("nothing leaked", true, "0 objects alive without a holder"),
                new Check("no freed object listed", true, ""),
                new Check("every EOF had one END and a complete dump", true, opened + " sessions"),
                new Check("opens = closes + alive", true, opened + " = " + opened + " + 0"),
                new Check("events in journal = events reported", true, "1234567 = 1234567"),
                new Check("replay of a sample matched", true, "100 sessions replayed")));
        for (int i = 0; i < failedChecks; i++) {
            Check c = checks.get(i * 2 % checks.size());
            checks.set(i * 2 % checks.size(), new Check(c.name(), false, "broken on link:t" + i + ".3 at step " + i));
        }
        SequencedMap<String, String> settings = new LinkedHashMap<>();
        settings.put("sessions", "10000");
        settings.put("concurrency", "1000");
        settings.put("pins", "4");
        settings.put("duration", seconds + "s");
        settings.put("read-size", "4096");
        return new LoadSummary(settings, "h2", world, "linux", seed, Instant.parse("2026-11-26T01:30:00Z"),
                Duration.ofMillis(seconds * 1000L + r.nextInt(1000)), 1_234_567, opened, opened, 0, peak,
                ops, timeline, checks, "2 cores, max heap 2048 MiB, JDK 25");
    }

    private static OpStats op(Random r, String name, double medianUs) {
        Histogram h = new Histogram(3_600_000_000_000L, 3);
        int n = 500 + r.nextInt(20_000);
        for (int i = 0; i < n; i++) {
            double us = medianUs * Math.exp(0.8 * r.nextGaussian());
            h.recordValue(Math.max(1, Math.round(us * 1000)));
        }
        TreeMap<String, Long> errnos = new TreeMap<>();
        for (String e : ERRNOS) {
            if (r.nextInt(3) == 0) {
                errnos.put(e, 1L + r.nextInt(50));
            }
        }
        long timeouts = r.nextInt(4) == 0 ? r.nextInt(10) : 0;
        return new OpStats(name, n, errnos, timeouts, h);
    }

    /** base with other operations. */
    static LoadSummary withOps(LoadSummary base, List<OpStats> ops) {
        return new LoadSummary(base.settings(), base.journal(), base.world(), base.semantics(), base.seed(),
                base.started(), base.elapsed(), base.eventsPersisted(), base.sessionsOpened(), base.sessionsClosed(),
                base.sessionsAlive(), base.peakSessionsAlive(), ops, base.timeline(), base.checks(), base.machine());
    }

    /** base with other checks. */
    static LoadSummary withChecks(LoadSummary base, List<Check> checks) {
        return new LoadSummary(base.settings(), base.journal(), base.world(), base.semantics(), base.seed(),
                base.started(), base.elapsed(), base.eventsPersisted(), base.sessionsOpened(), base.sessionsClosed(),
                base.sessionsAlive(), base.peakSessionsAlive(), base.ops(), base.timeline(), checks, base.machine());
    }

    /** An operation no call of completed (an empty histogram). */
    static OpStats idle(String name) {
        return new OpStats(name, 0, new TreeMap<>(), 0, new Histogram(3_600_000_000_000L, 3));
    }

    /** Latencies second by second for s: each timed operation's calls spread over its seconds. */
    static LatencyOverTime overTime(LoadSummary s, long seed) {
        Random r = new Random(seed);
        List<LatencyOverTime.Window> out = new ArrayList<>();
        for (Second sec : s.timeline()) {
            for (OpStats op : s.ops()) {
                Histogram h = new Histogram(3_600_000_000_000L, 3);
                double median = op.latency().getValueAtPercentile(50) * (sec.second() > s.timeline().size() / 2 ? 2 : 1);
                for (int i = 0; i < 50; i++) {
                    h.recordValue(Math.max(1, Math.round(median * Math.exp(0.8 * r.nextGaussian()))));
                }
                out.add(new LatencyOverTime.Window(sec.second(), op.op(), h));
            }
        }
        return new LatencyOverTime(out);
    }
}
