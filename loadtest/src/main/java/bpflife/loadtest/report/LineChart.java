package bpflife.loadtest.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A line chart as inline SVG: a title, a legend (wrapped onto as many rows as it needs), a plot
 * area with a grid, two labelled axes and one line per series (optionally shaded down to the x
 * axis), plus labelled marker dots. It knows nothing of latencies or seconds: {@link
 * PercentileChart} and {@link TimelineChart} give it axes and points in axis coordinates.
 */
final class LineChart {

    /** One line: its legend name, its colour, its points ({x, y} in axis coordinates). */
    record Series(String name, String colour, List<double[]> points, boolean shaded) {}

    /** A labelled dot on the plot, e.g. where p99 lies. */
    record Marker(double x, double y, String colour, String label) {}

    static final double WIDTH = 600;
    private static final double PLOT_HEIGHT = 222;
    private static final double LEFT = 72;
    private static final double RIGHT = 36;
    private static final double BOTTOM = 52;
    /** The first legend row's baseline; each further row is one LEGEND_ROW lower. */
    private static final double LEGEND_Y = 38;
    private static final double LEGEND_ROW = 17;
    /** About the width of a legend character at 12 px, to lay the legend out without a browser. */
    private static final double CHAR_WIDTH = 7;
    static final String AXIS_COLOUR = "#444444";
    static final String GRID_COLOUR = "#dddddd";

    private final String title;
    private final Axis x;
    private final Axis y;
    private final List<Series> series;
    private final List<Marker> markers;
    private final List<double[]> legendPlaces;
    /** The plot area's top edge: below the title and however many legend rows there are. */
    private final double top;

    LineChart(String title, Axis x, Axis y, List<Series> series, List<Marker> markers) {
        this.title = title;
        this.x = x;
        this.y = y;
        this.series = List.copyOf(series);
        this.markers = List.copyOf(markers);
        this.legendPlaces = legendPlaces(this.series);
        int rows = legendPlaces.isEmpty() ? 1 : (int) legendPlaces.get(legendPlaces.size() - 1)[1] + 1;
        this.top = LEGEND_Y + 8 + LEGEND_ROW * (rows - 1);
    }

    /** Where each legend entry goes: {x, row}. */
    private static List<double[]> legendPlaces(List<Series> series) {
        List<double[]> places = new ArrayList<>();
        double lx = LEFT;
        int row = 0;
        for (Series se : series) {
            double w = 32 + CHAR_WIDTH * se.name().length();
            if (lx > LEFT && lx + w > WIDTH - RIGHT) {
                row++;
                lx = LEFT;
            }
            places.add(new double[] {lx, row});
            lx += w + 12;
        }
        return places;
    }

    private double height() {
        return top + PLOT_HEIGHT + BOTTOM;
    }

    /** The chart as an {@code <svg>} element. */
    String svg() {
        Svg s = new Svg(WIDTH, height(), title);
        s.rect(0, 0, WIDTH, height(), "#ffffff", "none");
        s.text(LEFT, 20, "start", "chart-title", 0, title);
        legend(s);
        grid(s);
        if (series.stream().allMatch(se -> se.points().isEmpty())) {
            s.text(LEFT + plotWidth() / 2, top + PLOT_HEIGHT / 2, "middle", "no-data", 0, "no data");
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
        for (int i = 0; i < series.size(); i++) {
            double lx = legendPlaces.get(i)[0];
            double ly = LEGEND_Y + LEGEND_ROW * legendPlaces.get(i)[1];
            s.line(lx, ly - 4, lx + 18, ly - 4, series.get(i).colour(), 3);
            s.text(lx + 24, ly, "start", "legend", 0, series.get(i).name());
        }
    }

    private void grid(Svg s) {
        for (Axis.Tick t : y.ticks()) {
            s.line(LEFT, py(t.value()), LEFT + plotWidth(), py(t.value()), GRID_COLOUR, 1);
        }
        for (Axis.Tick t : x.ticks()) {
            s.line(px(t.value()), top, px(t.value()), top + PLOT_HEIGHT, GRID_COLOUR, 1);
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
        double bottom = top + PLOT_HEIGHT;
        s.line(LEFT, top, LEFT, bottom, AXIS_COLOUR, 1);
        s.line(LEFT, bottom, LEFT + plotWidth(), bottom, AXIS_COLOUR, 1);
        for (Axis.Tick t : y.ticks()) {
            s.line(LEFT - 4, py(t.value()), LEFT, py(t.value()), AXIS_COLOUR, 1);
            s.text(LEFT - 7, py(t.value()) + 4, "end", "tick", 0, t.label());
        }
        for (Axis.Tick t : x.ticks()) {
            s.line(px(t.value()), bottom, px(t.value()), bottom + 4, AXIS_COLOUR, 1);
            s.text(px(t.value()), bottom + 17, "middle", "tick", 0, t.label());
        }
        s.text(LEFT + plotWidth() / 2, height() - 8, "middle", "axis-title", 0, x.title());
        s.text(14, top + PLOT_HEIGHT / 2, "middle", "axis-title", -90, y.title());
    }

    private static double plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    /** The pixel column of an x value, clamped to the plot area. */
    private double px(double v) {
        return LEFT + clamp(x.fraction(v)) * plotWidth();
    }

    /** The pixel row of a y value, clamped to the plot area (y grows downwards). */
    private double py(double v) {
        return top + (1 - clamp(y.fraction(v))) * PLOT_HEIGHT;
    }

    private static double clamp(double f) {
        return Double.isNaN(f) ? 0 : Math.max(0, Math.min(1, f));
    }
}
