package bpflife.loadtest.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A line chart as inline SVG: a title, a legend, a plot area with a grid, two labelled axes and
 * one line per series (optionally shaded down to the x axis), plus labelled marker dots. It knows
 * nothing of latencies or seconds: {@link PercentileChart} and {@link TimelineChart} give it axes
 * and points in axis coordinates.
 */
record LineChart(String title, Axis x, Axis y, List<Series> series, List<Marker> markers) {

    /** One line: its legend name, its colour, its points ({x, y} in axis coordinates). */
    record Series(String name, String colour, List<double[]> points, boolean shaded) {}

    /** A labelled dot on the plot, e.g. where p99 lies. */
    record Marker(double x, double y, String colour, String label) {}

    static final double WIDTH = 600;
    static final double HEIGHT = 320;
    private static final double LEFT = 72;
    private static final double RIGHT = 36;
    private static final double TOP = 46;
    private static final double BOTTOM = 52;
    static final String AXIS_COLOUR = "#444444";
    static final String GRID_COLOUR = "#dddddd";

    LineChart {
        series = List.copyOf(series);
        markers = List.copyOf(markers);
    }

    /** The chart as an {@code <svg>} element. */
    String svg() {
        Svg s = new Svg(WIDTH, HEIGHT, title);
        s.rect(0, 0, WIDTH, HEIGHT, "#ffffff", "none");
        s.text(LEFT, 20, "start", "chart-title", 0, title);
        legend(s);
        grid(s);
        boolean empty = series.stream().allMatch(se -> se.points().isEmpty());
        if (empty) {
            s.text(LEFT + plotWidth() / 2, TOP + plotHeight() / 2, "middle", "no-data", 0, "no data");
        }
        for (Series se : series) {
            line(s, se);
        }
        for (Marker m : markers) {
            double px = px(m.x());
            double py = py(m.y());
            s.circle(px, py, 3.5, m.colour());
            s.text(px - 5, py - 6, "end", "marker", 0, m.label());
        }
        axes(s);
        return s.end();
    }

    private void legend(Svg s) {
        double lx = LEFT;
        for (Series se : series) {
            s.line(lx, 34, lx + 18, 34, se.colour(), 3);
            s.text(lx + 24, 38, "start", "legend", 0, se.name());
            lx += 34 + 7.5 * se.name().length();
        }
    }

    private void grid(Svg s) {
        for (Axis.Tick t : y.ticks()) {
            s.line(LEFT, py(t.value()), LEFT + plotWidth(), py(t.value()), GRID_COLOUR, 1);
        }
        for (Axis.Tick t : x.ticks()) {
            s.line(px(t.value()), TOP, px(t.value()), TOP + plotHeight(), GRID_COLOUR, 1);
        }
    }

    private void line(Svg s, Series se) {
        if (se.points().isEmpty()) {
            return;
        }
        List<double[]> pixels = new ArrayList<>();
        for (double[] p : se.points()) {
            pixels.add(new double[] {px(p[0]), py(p[1])});
        }
        if (se.shaded()) {
            List<double[]> area = new ArrayList<>(pixels);
            area.add(new double[] {pixels.get(pixels.size() - 1)[0], py(y.min())});
            area.add(new double[] {pixels.get(0)[0], py(y.min())});
            s.polygon(area, se.colour(), 0.15);
        }
        if (pixels.size() == 1) {
            s.circle(pixels.get(0)[0], pixels.get(0)[1], 3, se.colour());
        } else {
            s.polyline(pixels, se.colour(), 2.5);
        }
    }

    private void axes(Svg s) {
        double bottom = TOP + plotHeight();
        s.line(LEFT, TOP, LEFT, bottom, AXIS_COLOUR, 1);
        s.line(LEFT, bottom, LEFT + plotWidth(), bottom, AXIS_COLOUR, 1);
        for (Axis.Tick t : y.ticks()) {
            s.line(LEFT - 4, py(t.value()), LEFT, py(t.value()), AXIS_COLOUR, 1);
            s.text(LEFT - 7, py(t.value()) + 4, "end", "tick", 0, t.label());
        }
        for (Axis.Tick t : x.ticks()) {
            s.line(px(t.value()), bottom, px(t.value()), bottom + 4, AXIS_COLOUR, 1);
            s.text(px(t.value()), bottom + 17, "middle", "tick", 0, t.label());
        }
        s.text(LEFT + plotWidth() / 2, HEIGHT - 8, "middle", "axis-title", 0, x.title());
        s.text(14, TOP + plotHeight() / 2, "middle", "axis-title", -90, y.title());
    }

    private static double plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    private static double plotHeight() {
        return HEIGHT - TOP - BOTTOM;
    }

    /** The pixel column of an x value, clamped to the plot area. */
    private double px(double v) {
        return LEFT + clamp(x.fraction(v)) * plotWidth();
    }

    /** The pixel row of a y value, clamped to the plot area (y grows downwards). */
    private double py(double v) {
        return TOP + (1 - clamp(y.fraction(v))) * plotHeight();
    }

    private static double clamp(double f) {
        return Double.isNaN(f) ? 0 : Math.max(0, Math.min(1, f));
    }
}
