package bpflife.loadtest.report;

import java.util.List;

/**
 * The charts' colours: Okabe and Ito's palette, told apart by colour-blind readers too (its yellow
 * left out: too light on white), then seven more of Tableau's; past those the colours repeat with a
 * dashed line ({@link #dash}), so no two series of one chart look alike. Each operation keeps its
 * colour (and dash) on every chart.
 */
final class Palette {
    private Palette() {}

    static final List<String> SERIES = List.of(
            "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9", "#000000",
            "#8c564b", "#7f7f7f", "#bcbd22", "#17becf", "#9467bd", "#e377c2", "#2ca02c");

    static final String OPS = "#0072b2";
    static final String EVENTS = "#009e73";
    static final String SESSIONS = "#cc79a7";
    static final String ERRORS = "#d55e00";
    /** The call timeout's line on the latency charts. */
    static final String TIMEOUT = "#c00000";

    /** The colour of the i-th operation. */
    static String op(int i) {
        return SERIES.get(i % SERIES.size());
    }

    /** Whether the i-th operation's line is dashed (its colour is a repeat). */
    static boolean dash(int i) {
        return i >= SERIES.size();
    }
}
