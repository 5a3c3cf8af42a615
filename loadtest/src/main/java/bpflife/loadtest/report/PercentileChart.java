package bpflife.loadtest.report;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Latency by percentile, as HdrHistogram's plotter draws it: x is the percentile on a scale of
 * "nines" (0%, 90%, 99%, 99.9%, ...: each nine the same width, so the tail gets room), y the
 * latency. An operation's curve ends at the last nine its sample count can tell apart (1,000
 * calls: 99.9%), between 90% and 99.9999%. One chart per operation (linear latency, dots at p50,
 * p90, p99 and p99.9), and one with every operation on a logarithmic latency axis, to compare them.
 */
final class PercentileChart {
    private PercentileChart() {}

    /** Points along a curve; enough for a smooth line at the chart's width. */
    static final int SAMPLES = 240;
    static final int MAX_NINES = 6;

    /** One operation's chart. */
    static String svg(OpStats op, String colour) {
        Latencies l = Latencies.of(op.latency());
        int nines = nines(l.samples());
        Units.TimeUnit unit = Units.unitFor(Math.max(1, l.max()));
        Axis x = Axis.nines("percentile", nines);
        Axis y = Axis.linear("latency (" + unit.symbol() + ")", l.max(), v -> Units.plain(v / unit.nanos()));
        List<double[]> points = l.empty() ? List.of() : curve(op.latency(), nines);
        List<LineChart.Marker> markers = new ArrayList<>();
        if (!l.empty()) {
            long[] values = l.shown();
            for (int i = 0; i < values.length - 1; i++) {
                double at = Axis.toNines(Latencies.LEVELS[i]);
                if (at <= nines) {
                    markers.add(new LineChart.Marker(at, values[i], colour, Latencies.NAMES[i]));
                }
            }
        }
        String legend = l.empty() ? op.op() + ": no completed calls"
                : op.op() + ": p50 " + Units.duration(l.p50()) + ", p99 " + Units.duration(l.p99())
                        + ", max " + Units.duration(l.max()) + " (" + l.samples() + " calls)";
        LineChart.Series series = new LineChart.Series(legend, colour, points, false);
        return new LineChart(op.op() + " latency by percentile", x, y, List.of(series), markers).svg();
    }

    /** Every operation on one chart, latency on a log scale (operations differ by decades). */
    static String overlay(List<OpStats> ops) {
        int nines = 1;
        long min = Long.MAX_VALUE;
        long max = 1;
        for (OpStats op : ops) {
            Histogram h = op.latency();
            if (h.getTotalCount() > 0) {
                nines = Math.max(nines, nines(h.getTotalCount()));
                min = Math.min(min, h.getMinValue());
                max = Math.max(max, h.getMaxValue());
            }
        }
        Axis x = Axis.nines("percentile", nines);
        Axis y = Axis.log10("latency (log scale)", min == Long.MAX_VALUE ? 1 : min, max, Units::tick);
        List<LineChart.Series> series = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            OpStats op = ops.get(i);
            if (op.latency().getTotalCount() == 0) {
                continue;
            }
            List<double[]> points = new ArrayList<>();
            for (double[] p : curve(op.latency(), nines(op.latency().getTotalCount()))) {
                points.add(new double[] {p[0], Math.log10(Math.max(1, p[1]))});
            }
            series.add(new LineChart.Series(op.op(), Palette.op(i), points, false));
        }
        return new LineChart("every operation by percentile", x, y, series, List.of()).svg();
    }

    /** The nines the x axis shows for a count of samples: log10 of it, rounded up, in [1, 6]. */
    static int nines(long samples) {
        int n = samples <= 1 ? 1 : (int) Math.ceil(Math.log10(samples) - 1e-9);
        return Math.max(1, Math.min(MAX_NINES, n));
    }

    /** The latency at evenly spaced nines from 0% to the axis's end, as (nines, nanoseconds). */
    static List<double[]> curve(Histogram h, int nines) {
        List<double[]> points = new ArrayList<>(SAMPLES + 1);
        for (int i = 0; i <= SAMPLES; i++) {
            double at = nines * (double) i / SAMPLES;
            points.add(new double[] {at, h.getValueAtPercentile(Axis.fromNines(at))});
        }
        return points;
    }
}
