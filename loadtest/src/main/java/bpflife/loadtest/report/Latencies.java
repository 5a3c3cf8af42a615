package bpflife.loadtest.report;

import org.HdrHistogram.Histogram;

/**
 * The percentiles every report shows for one operation, read from its histogram (nanoseconds, as
 * {@link Histogram#getValueAtPercentile} gives them: the highest value equivalent to the bucket).
 *
 * @param samples how many latencies the histogram holds (0: no call completed; the rest is 0)
 */
record Latencies(long samples, long min, double mean, long p50, long p90, long p99, long p999, long max) {

    /** The percentiles the tables show, in order, with their column names. */
    static final String[] NAMES = {"p50", "p90", "p99", "p99.9", "max"};
    /** The same percentiles for {@link Histogram#getValueAtPercentile}; max is 100. */
    static final double[] LEVELS = {50, 90, 99, 99.9, 100};

    static Latencies of(Histogram h) {
        if (h.getTotalCount() == 0) {
            return new Latencies(0, 0, 0, 0, 0, 0, 0, 0);
        }
        return new Latencies(h.getTotalCount(), h.getMinValue(), h.getMean(), h.getValueAtPercentile(50),
                h.getValueAtPercentile(90), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9),
                h.getMaxValue());
    }

    boolean empty() {
        return samples == 0;
    }

    /** The values of {@link #NAMES}, in order. */
    long[] shown() {
        return new long[] {p50, p90, p99, p999, max};
    }
}
