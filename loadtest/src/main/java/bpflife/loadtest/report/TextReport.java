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
        b.append(Table.render(Rows.OP_COLUMNS, Rows.OP_NUMERIC, Rows.ops(s, t)));
        b.append('\n');
        b.append(field("throughput", Units.rate(t.opsPerSecond()) + " ops/s, "
                + Units.rate(t.perSecond(s.eventsPersisted())) + " events persisted/s (" + s.eventsPersisted()
                + " events)"));
        b.append(field("sessions", "opened " + s.sessionsOpened() + "  closed " + s.sessionsClosed() + "  alive "
                + s.sessionsAlive() + "  peak " + s.peakSessionsAlive()));
        b.append(OpenModelText.lines(s, KEY)); // the open model's arrivals (h16's; empty for a closed run)
        List<String[]> errors = Rows.errors(s, t);
        if (errors.isEmpty()) {
            b.append(field("errors", "none"));
        } else {
            b.append("\nerrors by errno\n");
            b.append(Table.render(Rows.ERROR_COLUMNS, Rows.ERROR_NUMERIC, errors).indent(2));
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
