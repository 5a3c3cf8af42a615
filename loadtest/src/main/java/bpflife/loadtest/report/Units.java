package bpflife.loadtest.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Readable figures for the reports: latencies in ns, µs, ms or s with three significant digits,
 * rates with one decimal, large counts with a k or M suffix for chart ticks. Locale-independent,
 * so a report reads the same on every machine.
 */
final class Units {
    private Units() {}

    /** A unit of time: its symbol and how many nanoseconds it holds. */
    record TimeUnit(String symbol, long nanos) {}

    static final TimeUnit NS = new TimeUnit("ns", 1);
    static final TimeUnit US = new TimeUnit("\u00b5s", 1_000);
    static final TimeUnit MS = new TimeUnit("ms", 1_000_000);
    static final TimeUnit S = new TimeUnit("s", 1_000_000_000);

    private static final MathContext THREE = new MathContext(3, RoundingMode.HALF_EVEN);

    /** The largest unit in which nanos is at least 1 (ns for 0). */
    static TimeUnit unitFor(double nanos) {
        if (nanos >= S.nanos()) {
            return S;
        }
        if (nanos >= MS.nanos()) {
            return MS;
        }
        return nanos >= US.nanos() ? US : NS;
    }

    /**
     * A latency with three significant digits in the largest unit that keeps it at least 1:
     * {@code 850 ns}, {@code 8.12 µs}, {@code 812 µs}, {@code 1.20 ms}, {@code 12.3 s}. Rounding
     * comes first, so 999,700 ns reads {@code 1.00 ms}, not {@code 1000 µs}.
     */
    static String duration(long nanos) {
        if (nanos < 1_000) {
            return nanos + " " + NS.symbol();
        }
        BigDecimal rounded = new BigDecimal(nanos).round(THREE);
        TimeUnit unit = unitFor(rounded.doubleValue());
        BigDecimal inUnit = rounded.divide(BigDecimal.valueOf(unit.nanos()));
        // three significant digits: 1.20, 12.3, 123 (beyond 999 s: 1230 s)
        int decimals = Math.max(0, 2 - (inUnit.precision() - inUnit.scale() - 1));
        return inUnit.setScale(decimals, RoundingMode.HALF_EVEN).toPlainString() + " " + unit.symbol();
    }

    /** A round latency for a chart's tick, in its own unit: {@code 100 µs}, {@code 2.5 ms}. */
    static String tick(double nanos) {
        TimeUnit unit = unitFor(nanos);
        return plain(nanos / unit.nanos()) + " " + unit.symbol();
    }

    /** value in unit, with as few decimals as it needs (at most 3): {@code 2.5}, {@code 10}. */
    static String plain(double value) {
        BigDecimal d = BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return d.signum() == 0 ? "0" : d.toPlainString();
    }

    /** Per second, with one decimal: {@code 12345.6}. */
    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%.1f", perSecond);
    }

    /** count per elapsed second (0 when no time elapsed). */
    static double perSecond(long count, double seconds) {
        return seconds > 0 ? count / seconds : 0;
    }

    /** A chart tick: {@code 800}, {@code 2.5k}, {@code 12M}. */
    static String count(double value) {
        double abs = Math.abs(value);
        if (abs >= 1e6) {
            return plain(value / 1e6) + "M";
        }
        if (abs >= 1e4) {
            return plain(value / 1e3) + "k";
        }
        return plain(value);
    }

    /** Nanoseconds as microseconds, exactly: 1234567 ns is 1234.567 µs. */
    static BigDecimal micros(long nanos) {
        return BigDecimal.valueOf(nanos, 3).stripTrailingZeros();
    }
}
