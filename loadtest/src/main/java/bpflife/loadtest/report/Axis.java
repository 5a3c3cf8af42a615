package bpflife.loadtest.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * One axis of a chart: the range it shows, its ticks with their labels, and its title. Values are
 * in the axis's own coordinates; a chart maps [min, max] linearly onto its plot area (a log scale
 * is an axis whose values are already logarithms, as {@link #nines}).
 */
record Axis(String title, double min, double max, List<Tick> ticks) {

    /** A labelled mark on an axis. */
    record Tick(double value, String label) {}

    Axis {
        if (!(max > min)) {
            throw new IllegalArgumentException("an axis needs max > min, got [" + min + ", " + max + "]");
        }
        ticks = List.copyOf(ticks);
    }

    /** Where value lies on the axis, from 0 (min) to 1 (max). */
    double fraction(double value) {
        return (value - min) / (max - min);
    }

    /**
     * A linear axis from 0 to a round number at least max, with 4 to 8 ticks at round steps
     * (1, 2, 2.5 or 5 times a power of ten), each labelled by label.
     */
    static Axis linear(String title, double max, DoubleFunction<String> label) {
        double step = niceStep(max > 0 ? max : 1);
        double top = Math.max(step, Math.ceil((max > 0 ? max : 1) / step - 1e-9) * step);
        List<Tick> ticks = new ArrayList<>();
        for (int i = 0; i * step <= top + step / 2; i++) {
            ticks.add(new Tick(i * step, label.apply(i * step)));
        }
        return new Axis(title, 0, top, ticks);
    }

    /** A round step that cuts [0, max] into about five parts. */
    static double niceStep(double max) {
        double raw = max / 5;
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5}) {
            if (m * power >= raw) {
                return m * power;
            }
        }
        return 10 * power;
    }

    /**
     * A logarithmic axis over [min, max] (both above 0): its values are log10 of the data's, its
     * ticks one per power of ten, each labelled by label applied to the power of ten itself.
     */
    static Axis log10(String title, double min, double max, DoubleFunction<String> label) {
        int lo = (int) Math.floor(Math.log10(Math.max(1, min)));
        int hi = Math.max(lo + 1, (int) Math.ceil(Math.log10(Math.max(1, max)) - 1e-9));
        List<Tick> ticks = new ArrayList<>();
        for (int k = lo; k <= hi; k++) {
            ticks.add(new Tick(k, label.apply(Math.pow(10, k))));
        }
        return new Axis(title, lo, hi, ticks);
    }

    /**
     * HdrHistogram's percentile axis: a value x stands for the percentile 100 (1 - 10^-x), so the
     * ticks 0, 1, 2, 3 read 0%, 90%, 99%, 99.9% and each "nine" gets the same width.
     */
    static Axis nines(String title, int maxNines) {
        List<Tick> ticks = new ArrayList<>();
        for (int n = 0; n <= maxNines; n++) {
            ticks.add(new Tick(n, ninesLabel(n)));
        }
        return new Axis(title, 0, maxNines, ticks);
    }

    /** 0%, 90%, 99%, 99.9%, 99.99%, ... */
    static String ninesLabel(int nines) {
        return switch (nines) {
            case 0 -> "0%";
            case 1 -> "90%";
            case 2 -> "99%";
            default -> "99." + "9".repeat(nines - 2) + "%";
        };
    }

    /** The nines coordinate of a percentile (0 to 100, below 100). */
    static double toNines(double percentile) {
        return -Math.log10(1 - percentile / 100);
    }

    /** The percentile (0 to 100) at a nines coordinate. */
    static double fromNines(double nines) {
        return 100 * (1 - Math.pow(10, -nines));
    }
}
