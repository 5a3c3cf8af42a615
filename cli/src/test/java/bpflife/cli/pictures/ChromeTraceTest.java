package bpflife.cli.pictures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import bpflife.explore.RunResult;
import bpflife.protocol.ActorId;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Chrome/Perfetto trace export")
class ChromeTraceTest {

    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    @Test
    @DisplayName("the trace validates against the trace-event format: one track per object, nested slices, paired flows")
    void validates() throws Exception {
        RunResult run = Runs.violating();
        RunView view = RunView.of(run.records(), run.scenario());
        JsonNode doc = STRICT.readTree(ChromeTrace.json(view, "getfd-busy-host seed 2"));
        Stats st = TraceFormat.validate(doc);
        assertEquals(view.objects().size(), st.threadNames(), "one named track per object");
        assertEquals(run.records().size(), (int) st.slicesByCat().get("step"), "one slice per delivery");
        long calls = run.records().stream().flatMap(r -> r.events().stream())
                .filter(e -> e instanceof bpflife.protocol.Event.SyscallReturned).count();
        assertEquals(calls, (long) st.slicesByCat().get("syscall"), "one slice per returned call");
        long withOrigin = view.steps().stream().filter(s -> s.origin() > 0).count();
        assertEquals(withOrigin, (long) st.flows(), "one flow per message a step sent and a step took");
        assertTrue(st.counters() > 0, "refcount counters");
    }

    @Test
    @DisplayName("wall-clock times, when a journal has them, are the slices' times")
    void wallClock() throws Exception {
        RunResult run = Runs.clean();
        RunView view = RunView.of(run.records(), run.scenario());
        JsonNode doc = STRICT.readTree(ChromeTrace.json(view, "clean", p -> 1000 + p * p));
        TraceFormat.validate(doc);
        JsonNode last = null;
        for (JsonNode e : doc.get("traceEvents")) {
            if (e.path("cat").asText().equals("step")) {
                last = e;
            }
        }
        long n = run.records().size();
        assertEquals(1000 + n * n, last.get("ts").asDouble(), 1.0, "the last step at its time");
    }

    /** Runs a command line; its exit code, with stdout and stderr in the message when it fails. */
    private static void cli(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = bpflife.cli.Main.run(new java.io.PrintWriter(out), new java.io.PrintWriter(err), args);
        assertEquals(0, code, () -> String.join(" ", args) + "\n" + out + err);
    }

    /** The step slices' times, by step. */
    private static TreeMap<Long, Double> stepTimes(JsonNode doc) {
        TreeMap<Long, Double> ts = new TreeMap<>();
        for (JsonNode e : doc.get("traceEvents")) {
            if (e.path("cat").asText().equals("step")) {
                ts.put(e.path("args").path("step").asLong(), e.get("ts").asDouble());
            }
        }
        return ts;
    }

    @Test
    @DisplayName("a live world's trace has its rows' write times (real, increasing, within the run's wall time); "
            + "a deterministic run's keeps step numbers, byte for byte")
    void liveWorldHasRealTimes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        String data = tmp.resolve("data").toString();
        long t0 = System.nanoTime();
        cli("run", "../scenarios/rm-during-cats.scn", "--live", "--world", "clock", "--data-dir", data);
        double wallUs = (System.nanoTime() - t0) / 1e3;
        java.nio.file.Path out = tmp.resolve("w.json");
        cli("trace", "--world", "clock", "--data-dir", data, "-o", out.toString());
        JsonNode doc = STRICT.readTree(out.toFile());
        TraceFormat.validate(doc);
        assertTrue(doc.path("otherData").path("time").asText().startsWith("journal write times"), doc.get("otherData")::toString);
        TreeMap<Long, Double> ts = stepTimes(doc);
        assertTrue(ts.size() > 200, "steps: " + ts.size());
        double before = -1;
        for (double t : ts.values()) {
            assertTrue(t > before, "a step's time is after the one before: " + ts);
            before = t;
        }
        double span = ts.lastEntry().getValue() - ts.firstEntry().getValue();
        assertTrue(span > ts.size() * 2, "not step numbers: the run's " + ts.size() + " steps span " + span + " us");
        assertTrue(span < wallUs, "within the run's wall time (" + wallUs + " us): " + span);

        java.nio.file.Path a = tmp.resolve("a.json");
        java.nio.file.Path b = tmp.resolve("b.json");
        cli("trace", "--scenario", "../scenarios/rm-during-cats.scn", "--seed", "3", "-o", a.toString());
        cli("trace", "--scenario", "../scenarios/rm-during-cats.scn", "--seed", "3", "-o", b.toString());
        assertEquals(java.nio.file.Files.readString(a), java.nio.file.Files.readString(b), "byte for byte");
        JsonNode det = STRICT.readTree(a.toFile());
        assertEquals("step numbers: step N at N us", det.path("otherData").path("time").asText());
        TreeMap<Long, Double> steps = stepTimes(det);
        steps.forEach((step, t) -> assertEquals(step + ChromeTrace.INSET, t, 1e-9, "step " + step + " at its number"));
    }

    @Test
    @DisplayName("the validator refuses what Perfetto refuses: overlapping slices on one track, a flow with no end")
    void validatorCatches() throws Exception {
        String overlap = "{\"traceEvents\":[{\"name\":\"a\",\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":0,\"dur\":10},"
                + "{\"name\":\"b\",\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":5,\"dur\":10}]}";
        String dangling = "{\"traceEvents\":[{\"name\":\"a\",\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":0,\"dur\":10},"
                + "{\"name\":\"m\",\"ph\":\"s\",\"pid\":1,\"tid\":1,\"ts\":1,\"id\":7}]}";
        for (String bad : List.of(overlap, dangling)) {
            try {
                TraceFormat.validate(STRICT.readTree(bad));
                fail("accepted " + bad);
            } catch (AssertionError expected) {
                // refused, as it should be
            }
        }
    }

    /** What a valid trace held. */
    record Stats(int threadNames, Map<String, Integer> slicesByCat, int flows, int counters) {}

    /**
     * The trace-event format's rules as Perfetto's JSON importer applies them (the Trace Event
     * Format document): an object with a {@code traceEvents} array; every event a name, a phase
     * and integer pid/tid; timed phases a numeric, non-negative ts; X a non-negative dur; slices on
     * one thread properly nested; every flow start ({@code s}) matched by one end ({@code f}, with
     * {@code "bp":"e"}) of the same id, each inside a slice of its thread; counters numeric args.
     */
    static final class TraceFormat {
        private static final Set<String> PHASES = Set.of("B", "E", "X", "i", "I", "C", "b", "n", "e", "s", "t", "f",
                "M", "P", "O", "N", "D");

        static Stats validate(JsonNode doc) {
            assertTrue(doc.isObject(), "a JSON object");
            JsonNode events = doc.get("traceEvents");
            assertTrue(events != null && events.isArray(), "traceEvents array");
            Map<String, List<double[]>> slices = new HashMap<>();
            Map<String, Integer> byCat = new TreeMap<>();
            Map<Long, double[]> flowStarts = new HashMap<>();
            Map<Long, double[]> flowEnds = new HashMap<>();
            Map<Long, String> flowStartTrack = new HashMap<>();
            Map<Long, String> flowEndTrack = new HashMap<>();
            int threadNames = 0;
            int counters = 0;
            for (JsonNode e : events) {
                String ph = text(e, "ph");
                assertTrue(PHASES.contains(ph), "phase " + ph + " in " + e);
                text(e, "name");
                assertTrue(e.get("pid").isIntegralNumber(), "pid in " + e);
                if (!ph.equals("C")) {
                    assertTrue(e.get("tid").isIntegralNumber(), "tid in " + e);
                }
                if (ph.equals("M")) {
                    assertTrue(e.get("args").isObject(), "metadata args in " + e);
                    if (text(e, "name").equals("thread_name")) {
                        threadNames++;
                        text(e.get("args"), "name");
                    }
                    continue;
                }
                assertTrue(e.get("ts").isNumber() && e.get("ts").asDouble() >= 0, "ts in " + e);
                double ts = e.get("ts").asDouble();
                String track = e.get("pid").asInt() + "/" + e.path("tid").asInt();
                switch (ph) {
                    case "X" -> {
                        assertTrue(e.get("dur").isNumber() && e.get("dur").asDouble() >= 0, "dur in " + e);
                        slices.computeIfAbsent(track, k -> new ArrayList<>()).add(new double[] {ts, ts + e.get("dur").asDouble()});
                        byCat.merge(e.path("cat").asText(""), 1, Integer::sum);
                    }
                    case "s", "f" -> {
                        long id = e.get("id").asLong();
                        Map<Long, double[]> m = ph.equals("s") ? flowStarts : flowEnds;
                        assertTrue(m.put(id, new double[] {ts}) == null, "flow id " + id + " used twice");
                        (ph.equals("s") ? flowStartTrack : flowEndTrack).put(id, track);
                        if (ph.equals("f")) {
                            assertEquals("e", text(e, "bp"), "a flow end binds to its enclosing slice: " + e);
                        }
                    }
                    case "C" -> {
                        counters++;
                        e.get("args").properties().forEach(a -> assertTrue(a.getValue().isNumber(), "counter " + e));
                    }
                    default -> { }
                }
            }
            for (Map.Entry<String, List<double[]>> t : slices.entrySet()) {
                nested(t.getKey(), t.getValue());
            }
            assertEquals(flowStarts.keySet(), flowEnds.keySet(), "every flow starts and ends");
            for (long id : flowStarts.keySet()) {
                inside(slices.get(flowStartTrack.get(id)), flowStarts.get(id)[0], "flow " + id + " start");
                inside(slices.get(flowEndTrack.get(id)), flowEnds.get(id)[0], "flow " + id + " end");
                assertTrue(flowStarts.get(id)[0] <= flowEnds.get(id)[0], "flow " + id + " goes forward in time");
            }
            return new Stats(threadNames, byCat, flowStarts.size(), counters);
        }

        private static String text(JsonNode e, String field) {
            JsonNode v = e.get(field);
            assertTrue(v != null && v.isTextual(), field + " in " + e);
            return v.asText();
        }

        /** Slices of one track: sorted by start (longer first on a tie), each inside its parent or after it. */
        private static void nested(String track, List<double[]> list) {
            list.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(b[1], a[1]));
            Deque<double[]> open = new ArrayDeque<>();
            for (double[] s : list) {
                while (!open.isEmpty() && open.peek()[1] <= s[0]) {
                    open.pop();
                }
                if (!open.isEmpty()) {
                    double[] parent = open.peek();
                    assertTrue(s[1] <= parent[1], "track " + track + ": slice [" + s[0] + ", " + s[1]
                            + ") overlaps [" + parent[0] + ", " + parent[1] + ") without nesting");
                    assertTrue(s[0] > parent[0] || s[1] < parent[1] || s == parent, "track " + track
                            + ": two slices at [" + s[0] + ", " + s[1] + ")");
                }
                open.push(s);
            }
        }

        private static void inside(List<double[]> list, double ts, String what) {
            assertTrue(list != null && list.stream().anyMatch(s -> s[0] <= ts && ts <= s[1]),
                    what + " at " + ts + " lies in no slice of its track");
        }
    }

    static int track(RunView view, ActorId id) {
        return ChromeTrace.track(view, id);
    }
}
