package bpflife.loadtest.report;

import java.util.List;

/**
 * The charts' colours: Okabe and Ito's palette, told apart by colour-blind readers too (its yellow
 * left out: too light on white), then two greys. Each operation keeps its colour on every chart.
 */
final class Palette {
    private Palette() {}

    static final List<String> SERIES = List.of(
            "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9", "#555555", "#999999");

    static final String OPS = "#0072b2";
    static final String EVENTS = "#009e73";
    static final String SESSIONS = "#cc79a7";
    static final String ERRORS = "#d55e00";

    /** The colour of the i-th operation (wrapping round after the palette's eight). */
    static String op(int i) {
        return SERIES.get(i % SERIES.size());
    }
}
