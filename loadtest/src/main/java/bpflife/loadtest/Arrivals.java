package bpflife.loadtest;

import java.time.Duration;

/**
 * The open workload model's arrival schedule: sessions arrive at a rate that goes linearly from
 * {@code from} to {@code to} per second over the window ({@code from == to}: a constant rate, as
 * k6's constant-arrival-rate and Gatling's constantUsersPerSec; otherwise rampUsersPerSec), evenly
 * spaced, whatever the system's speed. Arrival i (from 0) is due when the number of arrivals the
 * rate integrates to reaches i, so arrival 0 is due at the start. Pure: the driver asks it when each
 * session is due and measures latencies from that time.
 *
 * @param from   the rate at the window's start, sessions per second (at least 0)
 * @param to     the rate at its end (at least 0; both 0 is refused)
 * @param window how long sessions arrive
 */
public record Arrivals(double from, double to, Duration window) {

    /** The most sessions one open-model run may schedule (the generated scenario holds them all). */
    public static final long MAX = 50_000;

    public Arrivals {
        if (!(from >= 0) || !(to >= 0) || from + to <= 0 || Double.isInfinite(from) || Double.isInfinite(to)) {
            throw new IllegalArgumentException("an arrival rate must be a positive number of sessions per second");
        }
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the arrival window must be positive");
        }
    }

    /** A constant rate. */
    public static Arrivals constant(double perSecond, Duration window) {
        return new Arrivals(perSecond, perSecond, window);
    }

    private double seconds() {
        return window.toNanos() / 1e9;
    }

    /** Arrivals due within the window (the last one strictly before its end). */
    public long count() {
        double n = (from + to) / 2 * seconds(); // the rate's integral over the window
        long c = (long) Math.ceil(n - 1e-9);
        return Math.max(1, c);
    }

    /** The rate the run offers on average, sessions per second. */
    public double offered() {
        return count() / seconds();
    }

    /** When arrival {@code i} is due, in nanoseconds since the window opened. */
    public long dueNanos(long i) {
        if (i < 0) {
            throw new IllegalArgumentException("arrival " + i);
        }
        double t;
        double slope = (to - from) / seconds(); // d(rate)/dt
        if (Math.abs(slope) < 1e-12) {
            t = i / from;
        } else {
            // from*t + slope*t^2/2 = i, the root in [0, window]
            double disc = from * from + 2 * slope * i;
            t = (-from + Math.sqrt(Math.max(0, disc))) / slope;
        }
        return Math.round(t * 1e9);
    }

    /** "500/s", or "100/s..1000/s" for a ramp. */
    public String describe() {
        return to == from ? rate(from) : rate(from) + ".." + rate(to);
    }

    static String rate(double r) {
        return (r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r)) + "/s";
    }
}
