package bpflife.loadtest.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The load run as one JSON document ({@code load --json}, {@code report.json}). Field names are
 * snake_case as bpftool's JSON, in a fixed order, so the same summary gives the same bytes;
 * latencies are numbers in microseconds, exact to the nanosecond; rates have one decimal. Every
 * field is described in docs/LOADTEST-REPORT.md: change both together.
 */
public final class JsonReport {
    private JsonReport() {}

    /** The document's format version, bumped when a field changes meaning or goes away. */
    public static final int VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    private static final JsonNodeFactory F = new JsonNodeFactory(true);

    public static String render(LoadSummary s) {
        try {
            return MAPPER.writeValueAsString(document(s)) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode document(LoadSummary s) {
        Totals t = Totals.of(s);
        ObjectNode doc = F.objectNode();
        doc.put("version", VERSION);
        doc.put("world", s.world());
        doc.put("journal", s.journal());
        doc.put("semantics", s.semantics());
        doc.put("seed", s.seed());
        doc.put("started", s.started().toString());
        doc.put("elapsed_s", seconds(s));
        doc.put("machine", s.machine());
        ObjectNode settings = doc.putObject("settings");
        s.settings().forEach(settings::put);
        doc.put("ops_total", t.ops());
        doc.put("errors_total", t.errors());
        doc.put("timeouts_total", t.timeouts());
        doc.put("ops_per_s", rate(t.opsPerSecond()));
        doc.put("events_persisted", s.eventsPersisted());
        doc.put("events_persisted_per_s", rate(t.perSecond(s.eventsPersisted())));
        ObjectNode sessions = doc.putObject("sessions");
        sessions.put("opened", s.sessionsOpened());
        sessions.put("closed", s.sessionsClosed());
        sessions.put("alive", s.sessionsAlive());
        sessions.put("peak_alive", s.peakSessionsAlive());
        open(doc, s);
        ArrayNode ops = doc.putArray("ops");
        for (OpStats op : s.ops()) {
            ops.add(op(op, t));
        }
        ObjectNode errnos = doc.putObject("errnos");
        t.errnos().forEach(errnos::put);
        ArrayNode timeline = doc.putArray("timeline");
        for (Second sec : s.timeline()) {
            ObjectNode n = timeline.addObject();
            n.put("second", sec.second());
            n.put("ops", sec.ops());
            n.put("events", sec.events());
            n.put("sessions_alive", sec.sessionsAlive());
            n.put("errors", sec.errors());
        }
        ArrayNode checks = doc.putArray("checks");
        for (Check c : s.checks()) {
            ObjectNode n = checks.addObject();
            n.put("name", c.name());
            n.put("passed", c.passed());
            n.put("detail", c.detail());
        }
        doc.put("balanced", s.balanced());
        // the JSON contract's one vocabulary (docs/JSON.md): the word, and the text report's words beside it
        doc.put("verdict", t.passed() ? "pass" : "fail");
        doc.put("reason", t.verdict(s.checks().size()));
        return doc;
    }

    /** The open model's arrivals, offered and achieved; null in a closed-model run. */
    private static void open(ObjectNode doc, LoadSummary s) {
        OpenModel o = s.open();
        if (o == null) {
            doc.putNull("open_model");
            return;
        }
        ObjectNode n = doc.putObject("open_model");
        n.put("arrivals", o.arrivals());
        n.put("window_s", BigDecimal.valueOf(o.window().toMillis(), 3).stripTrailingZeros());
        n.put("cap", o.cap());
        n.put("late_after_ms", o.lateAfter().toMillis());
        n.put("offered_per_s", rate(o.offeredPerSecond()));
        n.put("achieved_per_s", rate(o.achievedPerSecond(s.elapsed())));
        n.put("scheduled", o.scheduled());
        n.put("started", o.started());
        n.put("started_late", o.late());
        n.put("not_started", o.notStarted());
        n.put("completed", o.completed());
        latencies(n, "start_delay_us", o.startDelay());
    }

    private static ObjectNode op(OpStats op, Totals t) {
        ObjectNode n = F.objectNode();
        n.put("op", op.op());
        n.put("count", op.count());
        n.put("errors", op.errors());
        n.put("timeouts", op.timeouts());
        ObjectNode errnos = n.putObject("errnos");
        op.errnos().forEach(errnos::put);
        n.put("ops_per_s", rate(t.perSecond(op.count())));
        latencies(n, "latency_us", op.latency());
        return n;
    }

    /** A histogram of nanoseconds as {@code name}: its percentiles in microseconds, or null if empty. */
    private static void latencies(ObjectNode n, String name, org.HdrHistogram.Histogram h) {
        Latencies l = Latencies.of(h);
        if (l.empty()) {
            n.putNull(name);
            return;
        }
        ObjectNode lat = n.putObject(name);
        lat.put("samples", l.samples());
        lat.put("min", Units.micros(l.min()));
        lat.put("mean", BigDecimal.valueOf(l.mean() / 1000).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros());
        lat.put("p50", Units.micros(l.p50()));
        lat.put("p90", Units.micros(l.p90()));
        lat.put("p99", Units.micros(l.p99()));
        lat.put("p99_9", Units.micros(l.p999()));
        lat.put("max", Units.micros(l.max()));
    }

    private static BigDecimal seconds(LoadSummary s) {
        return BigDecimal.valueOf(s.elapsed().toMillis(), 3).stripTrailingZeros();
    }

    private static BigDecimal rate(double perSecond) {
        return BigDecimal.valueOf(perSecond).setScale(1, RoundingMode.HALF_EVEN);
    }
}
