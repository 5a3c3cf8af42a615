package bpflife.cli;

import bpflife.explore.RunResult;
import bpflife.explore.Violation;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;

/**
 * The {@code replay --json} document, the same for every source (world, journal file, schedule
 * file): docs/REPLAY-JSON.md lists its fields. Fields come in a fixed order.
 */
final class ReplayJson {
    private ReplayJson() {}

    static final int VERSION = 1;

    /** What a replay found, whatever its source. */
    record Summary(String source, String record, String scenario, String recordedSemantics, String semantics,
                   long steps, long recordedSteps, Divergence divergence, String prefix, RunResult run,
                   Boolean reproduced, String verdict, String reason) {}

    /** The first step where the runs part. */
    record Divergence(long step, String reason, String recorded, String replayed) {}

    static void print(PrintWriter out, Summary s) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("version", VERSION);
        n.put("source", s.source());
        n.put("record", s.record());
        n.put("scenario", s.scenario());
        if (s.recordedSemantics() != null) {
            n.put("recorded_semantics", s.recordedSemantics());
        }
        n.put("semantics", s.semantics());
        n.put("steps", s.steps());
        if (s.recordedSteps() >= 0) {
            n.put("recorded_steps", s.recordedSteps());
        }
        n.put("identical", s.divergence() == null);
        if (s.divergence() != null) {
            ObjectNode d = n.putObject("divergence");
            d.put("step", s.divergence().step());
            d.put("reason", s.divergence().reason());
            d.put("recorded", s.divergence().recorded());
            d.put("replayed", s.divergence().replayed());
        }
        if (s.prefix() != null) {
            n.put("prefix", s.prefix());
        }
        ArrayNode vs = n.putArray("violations");
        for (Violation v : s.run().violations()) {
            ObjectNode o = vs.addObject();
            o.put("invariant", v.invariant().title());
            o.put("object", v.object().key());
            o.put("step", v.step());
            o.put("headline", v.headline());
        }
        if (s.reproduced() != null) {
            n.put("reproduced", s.reproduced());
        }
        n.put("verdict", s.verdict());
        if (s.reason() != null) {
            n.put("reason", s.reason());
        }
        out.println(n.toPrettyString());
        out.flush();
    }
}
