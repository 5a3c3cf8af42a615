package bpflife.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bpflife import} round trip: the real captures (cli/src/test/resources/bpftool/real, bpftool
 * v7.1 on Linux 6.18) -> a scenario -> its run -> {@code link show} / {@code prog show} at the step
 * import names equal the captures, field by field, ids mapped one to one and load times by order.
 */
@DisplayName("import: capture -> scenario -> run -> link/prog show equals the capture (ids mapped)")
class ImportCommandTest {
    static final Path REAL = BpftoolGoldenTest.REAL;
    static final ObjectMapper M = new ObjectMapper();
    static final Pattern STEP = Pattern.compile("right after step (\\d+): ");

    @Test
    void roundTrip(@TempDir Path dir) throws Exception {
        Path scn = dir.resolve("box.scn");
        Cli imp = Cli.run("import", "--links", REAL.resolve("link-show-jf.json").toString(), "--progs",
                REAL.resolve("prog-show-jf.json").toString(), "-o", scn.toString(), "--name", "box");
        assertEquals(0, imp.code(), imp::toString);
        Matcher m = STEP.matcher(imp.err());
        assertTrue(m.find(), imp::toString);
        String at = m.group(1);
        Map<String, Map<Long, Long>> ids = new HashMap<>();
        for (String kind : List.of("link", "prog")) {
            Cli show = Cli.run("-jf", kind, "show", "--scenario", scn.toString(), "--at", at);
            assertEquals(0, show.code(), show::toString);
            JsonNode real = M.readTree(Files.readString(REAL.resolve(kind + "-show-jf.json")));
            JsonNode model = M.readTree(show.out());
            assertEquals(real.size(), model.size(), show::toString);
            List<long[]> loads = new ArrayList<>();
            for (int i = 0; i < real.size(); i++) {
                JsonNode r = real.get(i);
                JsonNode mo = model.get(i);
                List<String> rk = keys(r);
                List<String> mk = keys(mo);
                mk.remove("pids"); // setup holds every fd; this bpftool prints no pids
                assertEquals(rk, mk, () -> kind + " " + r);
                for (String k : rk) {
                    String where = kind + " " + r.get("id") + " " + k;
                    switch (k) {
                        case "id" -> same(ids, kind, mo.get(k), r.get(k), where);
                        case "prog_id" -> same(ids, "prog", mo.get(k), r.get(k), where);
                        case "cgroup_id", "btf_id" -> same(ids, k, mo.get(k), r.get(k), where);
                        case "map_ids" -> same(ids, k, mo.get(k).get(0), r.get(k).get(0), where);
                        case "loaded_at" -> loads.add(new long[] {mo.get(k).asLong(), r.get(k).asLong()});
                        default -> assertEquals(r.get(k), mo.get(k), where);
                    }
                }
            }
            for (long[] a : loads) {
                for (long[] b : loads) {
                    assertTrue(!(a[0] < b[0] && a[1] > b[1]), "load order");
                }
            }
        }
        // after setup exits only the pinned objects are left, as on the box once its processes are gone
        JsonNode end = M.readTree(Cli.run("-j", "link", "--scenario", scn.toString()).out());
        assertEquals(2, end.size(), end::toString);
    }

    @Test
    @DisplayName("objects the model has no kind for are left out, in comments; bad input is one line, exit 2")
    void leftOutAndBadInput(@TempDir Path dir) throws Exception {
        Path links = dir.resolve("links.json");
        Path progs = dir.resolve("progs.json");
        Files.writeString(links, "[{\"id\":3,\"type\":\"perf_event\",\"prog_id\":9}]");
        Files.writeString(progs, "[{\"id\":9,\"type\":\"kprobe\",\"name\":\"trace_open\"},"
                + "{\"id\":10,\"type\":\"tracing\",\"name\":\"bpflife_cgroup\",\"pinned\":[\"/sys/fs/bpf/a/b\"]}]");
        Cli r = Cli.run("import", "--links", links.toString(), "--progs", progs.toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("# left out: link 3 (perf_event): not an iterator link the model has\n"), r::toString);
        assertTrue(r.out().contains("# left out: prog 9 (kprobe trace_open): not an iterator program\n"), r::toString);
        assertTrue(r.out().contains("    p10 = prog load bpflife_cgroup target cgroup    # was prog 10\n"), r::toString);
        assertTrue(r.out().contains("    mkdir /sys/fs/bpf/a\n    pin p10 /sys/fs/bpf/a/b\n"), r::toString);
        Path scn = dir.resolve("host.scn");
        Cli j = Cli.run("import", "--links", links.toString(), "--progs", progs.toString(), "-o", scn.toString(), "--json");
        assertEquals(0, j.code(), j::toString);
        JsonNode doc = JsonDocs.parse(j.out());
        JsonDocs.assertDocumented(doc, "IMPORT-JSON.md", java.util.Set.of());
        assertEquals(scn.toString(), doc.get("wrote").asText());
        assertEquals(1, doc.get("links").asInt());
        assertEquals("", j.err(), "the line on stderr is the document's show");
        Cli noFile = Cli.run("import", "--links", links.toString(), "--progs", progs.toString(), "--json");
        assertEquals(2, noFile.code(), noFile::toString);
        assertTrue(JsonDocs.parse(noFile.out()).get("error").asText().startsWith("--json says what -o wrote"), noFile::toString);
        Files.writeString(links, "{\"error\":\"x\"}");
        Cli.bad("import", "--links", links.toString(), "--progs", progs.toString());
        Cli.bad("import", "--links", dir.resolve("none").toString(), "--progs", progs.toString());
    }

    private static void same(Map<String, Map<Long, Long>> ids, String what, JsonNode model, JsonNode real, String where) {
        Long before = ids.computeIfAbsent(what, k -> new HashMap<>()).putIfAbsent(model.asLong(), real.asLong());
        assertEquals(before == null ? real.asLong() : before, real.asLong(), where + ": mapped one to one");
    }

    private static List<String> keys(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }
}
