package bpflife.loadtest;

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
import java.util.Locale;

/**
 * {@code load --find-max}'s answer, as text (one line with the rate, then the latency curve, one
 * row per stage by rate) or JSON (docs/LOAD-FIND-MAX-JSON.md describes every field).
 */
public final class FindMaxReport {
    private FindMaxReport() {}

    public static final int VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    private static final JsonNodeFactory F = new JsonNodeFactory(true);

    public static String text(FindMax.Result r, double stageSeconds) {
        StringBuilder b = new StringBuilder();
        b.append(r.found()
                ? String.format(Locale.ROOT, "highest sustained rate: %s sessions/s (p99 open to END <= %s)%n",
                        num(r.maxRate()), ms(r.boundNanos()))
                : String.format(Locale.ROOT, "no rate tried was sustained (p99 open to END <= %s)%n",
                        ms(r.boundNanos())));
        b.append(String.format(Locale.ROOT, "latency curve (each rate a run of %s s; latencies from when each "
                + "session was due):%n", num(stageSeconds)));
        b.append(String.format(Locale.ROOT, "  %8s  %9s  %9s  %10s  %10s  %6s  %9s  %s%n", "rate/s", "offered",
                "achieved", "p50", "p99", "late", "unstarted", "verdict"));
        for (FindMax.Point p : r.curve()) {
            b.append(String.format(Locale.ROOT, "  %8s  %9.1f  %9.1f  %10s  %10s  %6d  %9d  %s%n", num(p.rate()),
                    p.offered(), p.achieved(), ms(p.dumpP50()), ms(p.dumpP99()), p.late(), p.notStarted(),
                    p.sustained() ? "sustained" : "not sustained: " + p.why()));
        }
        return b.toString();
    }

    public static String json(FindMax.Result r, double stageSeconds) {
        ObjectNode doc = F.objectNode();
        doc.put("version", VERSION);
        if (r.found()) {
            doc.put("max_rate_per_s", BigDecimal.valueOf(r.maxRate()).stripTrailingZeros());
        } else {
            doc.putNull("max_rate_per_s");
        }
        doc.put("bound_ms", BigDecimal.valueOf(r.boundNanos(), 6).stripTrailingZeros());
        doc.put("stage_s", BigDecimal.valueOf(stageSeconds).stripTrailingZeros());
        doc.put("verdict", !r.balanced() ? "fail" : r.found() ? "pass" : "incomplete");
        ArrayNode stages = doc.putArray("stages");
        for (FindMax.Point p : r.curve()) {
            ObjectNode n = stages.addObject();
            n.put("rate_per_s", BigDecimal.valueOf(p.rate()).stripTrailingZeros());
            n.put("world", p.world());
            n.put("offered_per_s", BigDecimal.valueOf(p.offered()).setScale(1, RoundingMode.HALF_EVEN));
            n.put("achieved_per_s", BigDecimal.valueOf(p.achieved()).setScale(1, RoundingMode.HALF_EVEN));
            n.put("dump_p50_us", BigDecimal.valueOf(p.dumpP50(), 3));
            n.put("dump_p99_us", BigDecimal.valueOf(p.dumpP99(), 3));
            n.put("scheduled", p.scheduled());
            n.put("started_late", p.late());
            n.put("not_started", p.notStarted());
            n.put("balanced", p.balanced());
            n.put("sustained", p.sustained());
            n.put("reason", p.why());
        }
        try {
            return MAPPER.writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String num(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
}
