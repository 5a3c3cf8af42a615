package bpflife.loadtest.report;

import java.util.List;

/**
 * The load run's summary for a terminal: the header (world, journal, semantics, seed, elapsed,
 * machine, settings), one table row per operation with its counts, percentiles and rate, the
 * throughput, the sessions, the errors by errno, and the balance check ending in a verdict line.
 * Columns are separated by at least two blanks; latencies use the unit that reads best per value.
 */
public final class TextReport {
    private TextReport() {}

    /** Width of the header's keys. */
    private static final int KEY = 12;

    public static String render(LoadSummary s) {
        Totals t = Totals.of(s);
        StringBuilder b = new StringBuilder();
        header(b, s);
        b.append('\n');
        b.append(Table.render(Rows.OP_COLUMNS, Rows.OP_NUMERIC, OpKinds.table(s, t)));
        List<String> left = OpKinds.leftOut(s);
        if (!left.isEmpty()) {
            b.append("(\"all calls\" leaves out ").append(String.join(", ", left))
                    .append(": untimed, or made of other calls)\n");
        }
        b.append('\n');
        long calls = OpKinds.calls(s).stream().mapToLong(OpStats::count).sum();
        b.append(field("throughput", Units.rate(t.perSecond(calls)) + " calls/s, "
                + Units.rate(t.perSecond(s.eventsPersisted())) + " events persisted/s (" + s.eventsPersisted()
                + " events)"));
        b.append(field("sessions", "opened " + s.sessionsOpened() + "  closed " + s.sessionsClosed() + "  alive "
                + s.sessionsAlive() + "  peak " + s.peakSessionsAlive()));
        b.append(OpenModelText.lines(s, KEY)); // the open model's arrivals (h16's; empty for a closed run)
        List<String[]> errors = Expected.rows(s, t);
        if (errors.isEmpty()) {
            b.append(field("errors", "none"));
        } else {
            long unexpected = Expected.unexpected(s);
            b.append("\nerrors by errno (").append(unexpected == 0 ? "all expected: the workload's races"
                    : unexpected + " unexpected").append(")\n");
            b.append(Table.render(Expected.COLUMNS, Expected.NUMERIC, errors).indent(2));
        }
        b.append('\n');
        checks(b, s, t);
        return b.toString();
    }

    private static void header(StringBuilder b, LoadSummary s) {
        b.append(field("world", s.world()));
        b.append(field("journal", s.journal()));
        b.append(field("semantics", s.semantics()));
        b.append(field("seed", Long.toString(s.seed())));
        b.append(field("started", s.started().toString()));
        b.append(field("elapsed", Units.duration(s.elapsed().toNanos())));
        b.append(field("machine", s.machine()));
        List<String> settings = Rows.settings(s);
        b.append(field("settings", settings.isEmpty() ? "(defaults)" : String.join("  ", settings)));
        b.append(field("bpflife", bpflife.protocol.BuildInfo.current().describe()));
    }

    private static void checks(StringBuilder b, LoadSummary s, Totals t) {
        b.append("balance check\n");
        for (Check c : s.checks()) {
            b.append("  ").append(c.passed() ? "PASS" : "FAIL").append("  ").append(c.name());
            if (c.detail() != null && !c.detail().isEmpty()) {
                // a detail of several lines (a chain of steps) stays under its check
                b.append(": ").append(c.detail().strip().replace("\n", "\n" + " ".repeat(8)));
            }
            b.append('\n');
        }
        b.append('\n').append("verdict: ").append(t.verdict(s.checks().size())).append('\n');
    }

    /** A header line: the key padded to one width, then the value. */
    private static String field(String key, String value) {
        return (key.length() >= KEY ? key + " " : key + " ".repeat(KEY - key.length())) + value + "\n";
    }
}
