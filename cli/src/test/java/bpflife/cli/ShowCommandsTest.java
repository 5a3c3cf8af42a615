package bpflife.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code link} / {@code prog} with bpftool's command shape, over a seeded run of a shipped scenario
 * (update-under-reader, seed 1: at step 110 four programs are loaded, three of them for target task,
 * updater holds two; at step 10 setup's link has its id reserved but not settled; at step 24 the
 * link is pinned at /sys/fs/bpf/it).
 */
@DisplayName("link / prog: global options before the object, bare link, selectors, pids, JSON errors")
class ShowCommandsTest {
    static final ObjectMapper M = new ObjectMapper();
    static final String UUR = Cli.scenario("update-under-reader.scn");

    static Cli run(String... args) {
        return Cli.run(args);
    }

    static List<String> at(String step, String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--scenario", UUR, "--seed", "1", "--at", step));
        return a;
    }

    static Cli show(String step, String... args) {
        return run(at(step, args).toArray(String[]::new));
    }

    @Test
    @DisplayName("-j before the object, after it, after show, as --json: the same JSON; bare 'link' is 'link show'")
    void globalOptionsAnywhere() throws Exception {
        Cli before = show("110", "-j", "link", "show");
        assertEquals(0, before.code(), before::toString);
        assertTrue(M.readTree(before.out()).isArray(), before::toString);
        for (Cli c : List.of(show("110", "link", "show", "-j"), show("110", "link", "-j", "show"),
                show("110", "--json", "link"), show("110", "link", "--json"), show("110", "-j", "link", "list"))) {
            assertEquals(before.out(), c.out(), c::toString);
        }
        assertEquals(show("110", "link", "show").out(), show("110", "link").out());
        assertEquals(show("110", "-f", "-n", "prog", "show").out(), show("110", "-fn", "prog").out());
        // -p implies -j and is bpftool's layout
        Cli pretty = show("110", "-p", "prog");
        assertTrue(pretty.out().startsWith("[{\n        \"id\": 1,\n        \"type\": \"tracing\",\n"), pretty::toString);
        assertEquals(M.readTree(show("110", "-j", "prog").out()), M.readTree(pretty.out()));
    }

    @Test
    @DisplayName("id N, pinned PATH, name NAME, tag TAG (keywords by prefix); one object or an array as bpftool")
    void selectors() throws Exception {
        JsonNode one = M.readTree(show("110", "-j", "prog", "show", "id", "2").out());
        assertEquals("dump_b", one.get("name").asText());
        assertEquals(one, M.readTree(show("110", "-j", "prog", "show", "i", "0x2").out()));
        // bpftool v7.1 compares the full name (its BTF name), not the kernel's 15 characters: measured
        assertEquals(2, show("110", "-j", "prog", "show", "name", "dump_").code());
        JsonNode byName = M.readTree(show("110", "-j", "prog", "show", "name", "dump_c").out());
        assertTrue(byName.isObject(), byName::toString); // one match: an object, as do_show_subset
        assertEquals(3, byName.get("id").asInt());
        JsonNode byTag = M.readTree(show("110", "-j", "prog", "show", "tag", "CBB07B0FCA646DCF").out());
        assertTrue(byTag.isArray(), byTag::toString); // several: an array
        assertEquals(3, byTag.size());
        Cli pinned = show("24", "-f", "link", "show", "pinned", "/sys/fs/bpf/it");
        assertEquals("1: iter  prog 1  target_name task  \n\tpinned /sys/fs/bpf/it\n", pinned.out(), pinned::toString);
        Cli id = show("24", "link", "show", "id", "1");
        assertEquals("1: iter  prog 1  target_name task  \n", id.out(), id::toString);
    }

    @Test
    @DisplayName("pids: the tasks holding an fd of the object, as 'pids comm(pid)' and a pids array")
    void pids() throws Exception {
        Cli plain = show("110", "prog", "show", "id", "2");
        assertTrue(plain.out().endsWith("\tbtf_id 1000002\n\tpids updater(1002)\n"), plain::toString);
        JsonNode j = M.readTree(show("110", "-j", "prog", "show", "id", "2").out());
        assertEquals("[{\"pid\":1002,\"comm\":\"updater\"}]", j.get("pids").toString());
        assertFalse(M.readTree(show("110", "-j", "prog", "show", "id", "1").out()).has("pids"));
    }

    @Test
    @DisplayName("-f: pinned lines; in JSON a pinned array on each object once anything of the kind is pinned")
    void bpffs() throws Exception {
        JsonNode links = M.readTree(show("24", "-jf", "link").out());
        assertEquals("[\"/sys/fs/bpf/it\"]", links.get(0).get("pinned").toString());
        JsonNode progs = M.readTree(show("24", "-jf", "prog").out());
        assertFalse(progs.get(0).has("pinned"), progs::toString); // no prog is pinned: no key at all
    }

    @Test
    @DisplayName("errors: bpftool's sentence; with -j also {\"error\":...} on stdout that parses; exit 2")
    void errors() throws Exception {
        String[][] cases = {
            {"link", "show", "id", "7"}, {"link", "show", "id", "abc"}, {"link", "show", "bogus", "1"},
            {"link", "show", "id"}, {"link", "show", "pinned", "/sys/fs/bpf/nope"}, {"prog", "show", "id", "9"},
            {"prog", "show", "tag", "zz"}, {"prog", "show", "name", "nope"}, {"prog", "show", "pinned", "/sys/fs/bpf/it"},
            {"link", "show", "pinned", "/sys/fs/bpf"},
        };
        String[] sentences = {
            "failed to get link with ID 7: No such file or directory", "can't parse abc as ID",
            "expected 'id' or 'pinned', got: 'bogus'?", "what is 'id'?",
            "bpf obj get (/sys/fs/bpf/nope): No such file or directory", "get by id (9): No such file or directory",
            "can't parse tag", "no program with name 'nope'", "incorrect object type: link",
            "bpf obj get (/sys/fs): directory not in bpf file system (bpffs)",
        };
        for (int i = 0; i < cases.length; i++) {
            Cli plain = show("24", cases[i]);
            assertEquals(2, plain.code(), plain::toString);
            assertEquals("", plain.out(), plain::toString);
            assertEquals("Error: " + sentences[i] + "\n", plain.err(), plain::toString);
            List<String> json = new ArrayList<>(List.of("-j"));
            json.addAll(List.of(cases[i]));
            Cli j = show("24", json.toArray(String[]::new));
            assertEquals(2, j.code(), j::toString);
            assertEquals("{\"error\":\"" + sentences[i] + "\"}\n", j.out(), j::toString);
            assertEquals(sentences[i], M.readTree(j.out()).get("error").asText());
            assertEquals(1, j.err().lines().count(), j::toString);
        }
        // a directory: EACCES, named by its parent as bpftool's dirname() leaves it (measured)
        Cli dir = run("-j", "link", "show", "pinned", "/sys/fs/bpf/tasks", "--scenario", Cli.scenario("rm-during-cats.scn"));
        assertEquals("{\"error\":\"bpf obj get (/sys/fs/bpf): Permission denied\"}\n", dir.out(), dir::toString);
        // the history's errors and picocli's too
        Cli past = show("9999", "-j", "link");
        assertEquals(2, past.code(), past::toString);
        assertTrue(M.readTree(past.out()).get("error").asText().startsWith("step 9999 is past the end of scenario"),
                past::toString);
        Cli option = run("-j", "link", "show", "--bogus");
        assertEquals(2, option.code(), option::toString);
        assertTrue(M.readTree(option.out()).get("error").asText().startsWith("Unknown option: '--bogus'"), option::toString);
        Cli pretty = show("24", "-p", "link", "show", "id", "7");
        assertEquals("{\n    \"error\": \"failed to get link with ID 7: No such file or directory\"\n}\n", pretty.out());
    }

    @Test
    @DisplayName("a walk that meets an id not yet settled stops there, as bpftool's do_show (EAGAIN): exit 1")
    void unsettled() throws Exception {
        Cli plain = show("10", "link");
        assertEquals(1, plain.code(), plain::toString);
        assertEquals("", plain.out(), plain::toString);
        assertEquals("Error: can't get link by id (1): Resource temporarily unavailable\n", plain.err());
        Cli j = show("10", "-j", "link");
        assertEquals(1, j.code(), j::toString);
        assertEquals("[{\"error\":\"can't get link by id (1): Resource temporarily unavailable\"}]\n", j.out());
        Cli id = show("10", "link", "show", "id", "1");
        assertEquals("Error: failed to get link with ID 1: Resource temporarily unavailable\n", id.err(), id::toString);
    }

    @Test
    @DisplayName("a cgroup link: cgroup_id (a number), then order; jq '.[].cgroup_id' gives numbers")
    void cgroupLink() throws Exception {
        String scn = Cli.scenario("cgroup-removed-before-read.scn");
        Cli plain = run("link", "--scenario", scn, "--at", "40");
        assertEquals("1: iter  prog 1  target_name cgroup  cgroup_id " + Bpftool.cgroupId("test")
                + "  order self_only  \n", plain.out(), plain::toString);
        JsonNode j = M.readTree(run("-j", "link", "--scenario", scn, "--at", "40").out());
        assertTrue(j.get(0).get("cgroup_id").isIntegralNumber(), j::toString);
    }
}
