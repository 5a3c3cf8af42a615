package bpflife.loadtest.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/** One figure of the run second by second (ops, events persisted, sessions alive, errors), shaded. */
final class TimelineChart {
    private TimelineChart() {}

    static String svg(String title, String yTitle, String colour, List<Second> timeline, ToLongFunction<Second> value) {
        List<double[]> points = new ArrayList<>(timeline.size());
        long max = 0;
        int last = 0;
        for (Second s : timeline) {
            long v = value.applyAsLong(s);
            points.add(new double[] {s.second(), v});
            max = Math.max(max, v);
            last = Math.max(last, s.second());
        }
        Axis x = Axis.linear("seconds since start", Math.max(1, last), Units::plain);
        Axis y = Axis.linear(yTitle, max, Units::count);
        String legend = timeline.isEmpty() ? title : title + " (max " + max + ")";
        LineChart.Series series = new LineChart.Series(legend, colour, points, true);
        return new LineChart(title, x, y, List.of(series), List.of()).svg();
    }
}
