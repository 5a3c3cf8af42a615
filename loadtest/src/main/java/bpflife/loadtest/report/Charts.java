package bpflife.loadtest.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * The figures the report's charts draw, as the JSON block the page's script (report.js, over
 * uPlot) reads: the timeline per second, every timed operation's latency by percentile on
 * HdrHistogram's scale of nines, the call timeout, and the percentiles over time when the run kept
 * them. Latencies are in microseconds.
 *
 * <p>Assumptions and guarantees: pure; untimed operations ({@link OpKinds#timed}) are left out of
 * every latency series; a curve runs as far as its sample resolves (p90 for 10 calls, p99.9 for
 * 1,000, ...) and ends at the maximum, so a small sample still shows its worst call. The JSON has
 * {@code < > &} escaped, so it sits inside a script element (and a CDATA section) as it is.
 */
final class Charts {
    private Charts() {}

    /** Points per nine on the percentile axis. */
    static final int STEPS_PER_NINE = 20;
    /** The most nines a curve goes to (99.9999%). */
    static final int MAX_NINES = 6;

    /** x on the scale of nines for a percentile: 0% at 0, 90% at 1, 99% at 2, 99.9% at 3 ... */
    static double toNines(double percentile) {
        return -Math.log10(1 - percentile / 100);
    }

    static double fromNines(double nines) {
        return 100 * (1 - Math.pow(10, -nines));
    }

    /** How many nines a sample of n latencies resolves: 1 (p90) up to 10 calls, 2 up to 100, ... */
    static int nines(long n) {
        return (int) Math.max(1, Math.min(MAX_NINES, Math.ceil(Math.log10(Math.max(1, n)))));
    }

    /** The call timeout from the settings ({@code call-timeout: 5000 ms}), in ms, or -1 when not there. */
    static long timeoutMillis(LoadSummary s) {
        String v = s.settings().get("call-timeout");
        if (v == null) {
            return -1;
        }
        Matcher m = Pattern.compile("(\\d+)\\s*ms").matcher(v);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    static String json(LoadSummary s, LatencyOverTime overTime) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.setCharacterEscapes(Html.scriptSafe());
            g.writeStartObject();
            long timeout = timeoutMillis(s);
            if (timeout >= 0) {
                g.writeNumberField("timeout_us", timeout * 1000);
            } else {
                g.writeNullField("timeout_us");
            }
            timeline(g, s);
            percentiles(g, s);
            overTime(g, s, overTime);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static void timeline(JsonGenerator g, LoadSummary s) throws IOException {
        g.writeObjectFieldStart("timeline");
        array(g, "t", s.timeline().stream().mapToDouble(Second::second).toArray());
        array(g, "ops", s.timeline().stream().mapToDouble(Second::ops).toArray());
        array(g, "events", s.timeline().stream().mapToDouble(Second::events).toArray());
        array(g, "sessions", s.timeline().stream().mapToDouble(Second::sessionsAlive).toArray());
        array(g, "errors", s.timeline().stream().mapToDouble(Second::errors).toArray());
        g.writeEndObject();
    }

    private static void percentiles(JsonGenerator g, LoadSummary s) throws IOException {
        int most = 1;
        for (OpStats op : s.ops()) {
            if (OpKinds.timed(op)) {
                most = Math.max(most, nines(op.latency().getTotalCount()));
            }
        }
        int points = most * STEPS_PER_NINE + 1;
        double[] x = new double[points];
        for (int i = 0; i < points; i++) {
            x[i] = (double) i / STEPS_PER_NINE;
        }
        array(g, "nines", x);
        g.writeArrayFieldStart("ops");
        for (int i = 0; i < s.ops().size(); i++) {
            OpStats op = s.ops().get(i);
            if (!OpKinds.timed(op)) {
                continue;
            }
            Histogram h = op.latency();
            int limit = nines(h.getTotalCount());
            g.writeStartObject();
            g.writeStringField("op", op.op());
            g.writeStringField("colour", Palette.op(i));
            g.writeBooleanField("dash", Palette.dash(i));
            g.writeBooleanField("compound", OpKinds.compound(op));
            g.writeNumberField("samples", h.getTotalCount());
            g.writeNumberField("p50_us", h.getValueAtPercentile(50) / 1000.0);
            g.writeNumberField("p99_us", h.getValueAtPercentile(99) / 1000.0);
            g.writeNumberField("max_us", h.getMaxValue() / 1000.0);
            g.writeArrayFieldStart("us");
            for (int k = 0; k < points; k++) {
                if (x[k] < limit) {
                    g.writeNumber(h.getValueAtPercentile(fromNines(x[k])) / 1000.0);
                } else if (x[k] == limit) {
                    g.writeNumber(h.getMaxValue() / 1000.0); // the curve ends at the worst call
                } else {
                    g.writeNull();
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** p50, p90, p99 and max of every timed, non-compound call, and p99 per such operation, per second. */
    private static void overTime(JsonGenerator g, LoadSummary s, LatencyOverTime overTime) throws IOException {
        if (!overTime.recorded()) {
            g.writeNullField("over_time");
            return;
        }
        List<String> calls = OpKinds.calls(s).stream().map(OpStats::op).toList();
        // reduced as the windows are read (a long run's are in a file, one read at a time)
        LatencyOverTime.Figures f = overTime.figures(calls);
        TreeMap<Integer, long[]> all = f.all();
        TreeMap<String, TreeMap<Integer, Long>> byOp = f.p99s();
        int last = s.timeline().isEmpty() ? (all.isEmpty() ? -1 : all.lastKey()) : s.timeline().getLast().second();
        if (!all.isEmpty()) {
            last = Math.max(last, all.lastKey());
        }
        g.writeObjectFieldStart("over_time");
        double[] t = new double[last + 1];
        for (int i = 0; i <= last; i++) {
            t[i] = i;
        }
        array(g, "t", t);
        g.writeArrayFieldStart("series");
        List<String> names = List.of("p50", "p90", "p99", "max"); // the order of Figures.all's values
        for (int p = 0; p < names.size(); p++) {
            g.writeStartObject();
            g.writeStringField("name", "all calls " + names.get(p));
            g.writeArrayFieldStart("us");
            for (int i = 0; i <= last; i++) {
                long[] v = all.get(i);
                if (v == null) {
                    g.writeNull();
                } else {
                    g.writeNumber(v[p] / 1000.0);
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("ops");
        for (int i = 0; i < s.ops().size(); i++) {
            OpStats op = s.ops().get(i);
            TreeMap<Integer, Long> per = byOp.get(op.op());
            if (per == null) {
                continue;
            }
            g.writeStartObject();
            g.writeStringField("name", op.op() + " p99");
            g.writeStringField("colour", Palette.op(i));
            g.writeBooleanField("dash", Palette.dash(i));
            g.writeArrayFieldStart("us");
            for (int k = 0; k <= last; k++) {
                Long p99 = per.get(k);
                if (p99 == null) {
                    g.writeNull();
                } else {
                    g.writeNumber(p99 / 1000.0);
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void array(JsonGenerator g, String name, double[] values) throws IOException {
        g.writeArrayFieldStart(name);
        for (double v : values) {
            if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                g.writeNumber((long) v);
            } else {
                g.writeNumber(v);
            }
        }
        g.writeEndArray();
    }

    /** How many series the page's charts draw in all (the render test counts them in the DOM). */
    static int series(LoadSummary s, LatencyOverTime overTime) {
        long timed = s.ops().stream().filter(OpKinds::timed).count();
        long calls = OpKinds.calls(s).size();
        boolean timeout = timeoutMillis(s) >= 0;
        // timeline: ops+events, sessions, errors; one chart per timed op (+ its timeout line);
        // the calls together (+ timeout line); over time: 4 + one per op that has windows (+ timeout)
        long n = 2 + 1 + 1 + timed * (timeout ? 2 : 1) + (calls > 0 ? calls + (timeout ? 1 : 0) : 0);
        if (overTime.recorded()) {
            List<String> names = OpKinds.calls(s).stream().map(OpStats::op).toList();
            long withWindows = overTime.figures(names).p99s().size();
            n += 4 + withWindows + (timeout ? 1 : 0);
        }
        return (int) n;
    }

    /** A list of the operations in chart order, for tests. */
    static List<String> timedOps(LoadSummary s) {
        List<String> out = new ArrayList<>();
        s.ops().stream().filter(OpKinds::timed).forEach(op -> out.add(op.op()));
        return out;
    }
}
