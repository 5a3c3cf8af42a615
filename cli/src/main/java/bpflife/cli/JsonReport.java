package bpflife.cli;

import bpflife.explore.Report;
import bpflife.explore.RunResult;
import bpflife.explore.Violation;
import bpflife.model.scenario.Outcome;
import bpflife.model.scenario.ShowEntry;
import bpflife.model.scenario.Stmt;
import bpflife.model.world.Listings;
import bpflife.protocol.Info;
import bpflife.protocol.Result;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The report of one run as one JSON document ({@code run --json}). Fields come in a fixed order,
 * so the same run gives the same bytes. Listings use bpftool's JSON field names ({@link Bpftool}).
 */
final class JsonReport {
    private JsonReport() {}

    /** The document's format version (docs/RUN-JSON.md). */
    static final int VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    static void write(PrintWriter out, RunResult run, Report rep) {
        try {
            out.println(MAPPER.writeValueAsString(document(run, rep)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        out.flush();
    }

    static ObjectNode document(RunResult run, Report rep) {
        ObjectNode doc = F.objectNode();
        doc.put("version", VERSION);
        doc.put("scenario", rep.scenario());
        doc.put("file", rep.file());
        doc.put("semantics", rep.semantics());
        doc.put("scheduler", rep.scheduler());
        doc.put("steps", rep.steps());
        ArrayNode tasks = doc.putArray("tasks");
        for (Report.TaskCalls t : rep.tasks()) {
            if (!t.calls().isEmpty()) {
                tasks.add(task(run, t));
            }
        }
        doc.set("link_show", listing(rep.linkShow()));
        doc.set("prog_show", listing(rep.progShow()));
        ArrayNode exps = doc.putArray("expectations");
        for (Report.Check c : rep.expectations()) {
            ObjectNode e = exps.addObject();
            e.put("text", c.text());
            e.put("ok", c.ok());
            e.put("detail", c.detail());
            e.put("at", c.pos().toString());
        }
        ArrayNode vs = doc.putArray("violations");
        for (Violation v : rep.violations()) {
            ObjectNode n = vs.addObject();
            n.put("invariant", v.invariant().title());
            n.put("rule", v.invariant().rule());
            n.put("object", v.object().key());
            n.put("step", v.step());
            n.put("detail", v.detail());
            ArrayNode chain = n.putArray("chain");
            v.chain().forEach(chain::add);
        }
        Verdict verdict = Verdict.of(rep);
        doc.put("verdict", verdict.json());
        if (!verdict.pass()) {
            doc.put("reason", verdict.reason());
        }
        return doc;
    }

    private static ObjectNode task(RunResult run, Report.TaskCalls t) {
        ObjectNode n = F.objectNode();
        n.put("name", t.task());
        ArrayNode calls = n.putArray("calls");
        List<Stmt> body = run.scenario().task(t.task()).body();
        for (Report.Call c : t.calls()) {
            ObjectNode call = calls.addObject();
            call.put("statement", c.text());
            ArrayNode results = call.putArray("results");
            for (Result r : c.results()) {
                results.add(result(r));
            }
            Stmt st = body.get(c.pc());
            if (st.expect() != null) {
                call.put("expect", switch (st.expect()) {
                    case Outcome.Results alt -> String.join(" | ", alt.alternatives());
                    case Outcome.Listing l -> l.entries().isEmpty() ? "none"
                            : String.join(", ", l.entries().stream().map(ShowEntry::toString).toList());
                });
                call.put("ok", c.check() != null && c.check().ok());
                if (c.check() != null && !c.check().ok()) {
                    call.put("detail", c.check().detail());
                }
            }
        }
        return n;
    }

    private static ObjectNode result(Result r) {
        ObjectNode n = F.objectNode();
        if (r.ok()) {
            n.put("ret", r.value());
        } else {
            n.put("errno", r.errno().name());
        }
        if (r.data() != null) {
            n.put("bytes", r.data());
        }
        if (r.object() != null) {
            n.put("object", r.object().key());
        }
        if (r.listing() != null) {
            ArrayNode l = n.putArray("listing");
            for (Info i : r.listing()) {
                l.add(Bpftool.json(i));
            }
        }
        return n;
    }

    private static ArrayNode listing(List<Listings.Entry> entries) {
        ArrayNode a = F.arrayNode();
        for (Listings.Entry e : entries) {
            a.add(Bpftool.json(e));
        }
        return a;
    }
}
