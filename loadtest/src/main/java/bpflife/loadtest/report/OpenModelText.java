package bpflife.loadtest.report;

/**
 * The open model's lines of the text report: the arrivals offered and what the system achieved,
 * the sessions that started late or not at all, and how late. Empty for a closed-model run.
 */
final class OpenModelText {
    private OpenModelText() {}

    /** The lines, each "key value" padded like the report's header, or "". */
    static String lines(LoadSummary s, int keyWidth) {
        OpenModel o = s.open();
        if (o == null) {
            return "";
        }
        Latencies d = Latencies.of(o.startDelay());
        return field("arrivals", o.arrivals() + " for " + Units.duration(o.window().toNanos()) + ": offered "
                + Units.rate(o.offeredPerSecond()) + " sessions/s, achieved " + Units.rate(o.achievedPerSecond(
                        s.elapsed())) + " (" + o.completed() + " of " + o.scheduled() + " completed)", keyWidth)
                + field("on time", o.started() + " started (" + o.late() + " more than "
                        + Units.duration(o.lateAfter().toNanos()) + " late), " + o.notStarted()
                        + " could not start (at most " + o.cap() + " at once); start delay p99 "
                        + Units.duration(d.p99()) + ", max " + Units.duration(d.max()), keyWidth)
                + field("latencies", "from each call's intended start (coordinated omission corrected)", keyWidth);
    }

    private static String field(String key, String value, int width) {
        return (key.length() >= width ? key + " " : key + " ".repeat(width - key.length())) + value + "\n";
    }
}
