package bpflife.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import bpflife.model.world.BpftoolFormat;
import bpflife.protocol.CgroupOrder;
import bpflife.protocol.Info;
import bpflife.protocol.IterTarget;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;


/**
 * bpflife's bpftool listings against real bpftool output, byte for byte. The captures in
 * src/test/resources/bpftool/real were made by capture.py there (bpftool v7.1.0 with libbpf v1.1 on
 * Linux 6.18.44 x86_64, 2026-12-03; each file's .rc has its command line and exit code) over real
 * iterator links and programs of every target but bpf_map_elem (whose program the kernel refused to
 * load there: EPERM). Each test builds the objects from the capture's own JSON fields (ids, targets,
 * tids, orders, load times, pins), renders them with {@link Bpftool} as {@code show} does, and
 * compares with the capture after mapping the fields the model derives (docs/BPFTOOL.md): the
 * cgroup's id, the .rodata map id and the BTF id. Everything else, the layout, separators, trailing
 * blanks, key order, tags, sizes, times and pins, must be the real text exactly. (This bpftool was
 * built without skeletons, so it prints no pids: the objects here have none.)
 */
@DisplayName("Bpftool: listings equal real bpftool captures (plain, -j, -p, -f; every modelled target)")
class BpftoolGoldenTest {
    static final Path REAL = Path.of("src", "test", "resources", "bpftool", "real");
    static final ObjectMapper M = new ObjectMapper();
    static final String CGROUP = "bpflife-capture";

    record Capture(String file, boolean json, boolean pretty, boolean bpffs, String kind, String select) {
        @Override
        public String toString() {
            return file;
        }
    }

    static Stream<Arguments> captures() {
        List<Capture> c = List.of(
                new Capture("link-show.txt", false, false, false, "link", null),
                new Capture("link.txt", false, false, false, "link", null),
                new Capture("link-show-n.txt", false, false, false, "link", null),
                new Capture("link-show.json", true, false, false, "link", null),
                new Capture("link-show-p.json", true, true, false, "link", null),
                new Capture("link-show-f.txt", false, false, true, "link", null),
                new Capture("link-show-jf.json", true, false, true, "link", null),
                new Capture("link-show-fp.json", true, true, true, "link", null),
                new Capture("link-show-id.txt", false, false, false, "link", "task_file"),
                new Capture("link-show-id.json", true, false, false, "link", "task_file"),
                new Capture("link-show-pinned.txt", false, false, true, "link", "cgroup_descendants_post"),
                new Capture("link-show-pinned.json", true, false, false, "link", "cgroup_descendants_post"),
                new Capture("prog-show.txt", false, false, false, "prog", null),
                new Capture("prog-show.json", true, false, false, "prog", null),
                new Capture("prog-show-p.json", true, true, false, "prog", null),
                new Capture("prog-show-f.txt", false, false, true, "prog", null),
                new Capture("prog-show-jf.json", true, false, true, "prog", null),
                new Capture("prog-show-fp.json", true, true, true, "prog", null),
                new Capture("prog-show-id.json", true, false, false, "prog", "cgroup"),
                new Capture("prog-show-id-p.json", true, true, false, "prog", "task"),
                new Capture("link-show-id-p.json", true, true, true, "link", "task"),
                new Capture("prog-show-name.txt", false, false, false, "prog", "task"),
                new Capture("prog-show-name.json", true, false, false, "prog", "task"),
                new Capture("prog-show-tag.json", true, false, false, "prog", "task"),
                new Capture("prog-show-pinned.txt", false, false, false, "prog", "task"));
        return c.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    @DisplayName("the rendering of the captured objects is the capture")
    void sameAsBpftool(Capture c) throws IOException {
        JsonNode objects = M.readTree(REAL.resolve("objects.json").toFile());
        Map<Integer, BpftoolFormat.Shown> all = c.kind().equals("link") ? links() : progs();
        List<BpftoolFormat.Shown> shown = new ArrayList<>(all.values());
        boolean array = true;
        if (c.select() != null) {
            int id = objects.get(c.kind() + "s").get(c.select()).asInt();
            shown = List.of(all.get(id));
            array = false;
        }
        boolean pinnedKey = all.values().stream().anyMatch(s -> !s.pinned().isEmpty());
        String actual = BpftoolFormat.listing(shown, array, pinnedKey, null, new BpftoolFormat.Options(c.json(), c.pretty(),
                c.bpffs()));
        String expected = mapped(read(c.file()), objects);
        assertEquals(expected, actual, () -> c.file() + " (" + rc(c.file()) + ")");
    }

    @org.junit.jupiter.api.Test
    @DisplayName("errors in JSON mode are bpftool's {\"error\":...}, compact and pretty")
    void errors() throws IOException {
        assertEquals(read("err-link-id.json"), BpftoolFormat.error("failed to get link with ID -294967296: No such file "
                + "or directory", false));
        assertEquals(read("err-link-id-p.json"), BpftoolFormat.error("failed to get link with ID -294967296: No such file "
                + "or directory", true));
        for (String f : List.of("err-link-args.json", "err-link-id-parse.json", "err-link-pinned.json",
                "err-link-type.json", "err-link-word.json", "err-prog-id.json", "err-prog-tag.json",
                "err-prog-type.json", "err-prog-word.json")) {
            String message = M.readTree(read(f)).get("error").asText();
            assertEquals(read(f), BpftoolFormat.error(message, false), f);
        }
    }

    // ---- the captured objects, from bpftool's own JSON

    static Map<Integer, BpftoolFormat.Shown> links() throws IOException {
        Map<Integer, BpftoolFormat.Shown> out = new TreeMap<>();
        for (JsonNode l : M.readTree(read("link-show-jf.json"))) {
            IterTarget t = IterTarget.byKernelName(l.get("target_name").asText());
            Info.LinkInfo info = new Info.LinkInfo(l.get("id").asInt(), l.get("prog_id").asInt(), t,
                    l.path("map_id").asInt(0), t == IterTarget.CGROUP ? CGROUP : null,
                    t == IterTarget.CGROUP ? CgroupOrder.byText(l.get("order").asText()) : null, l.path("tid").asInt(0));
            out.put(info.id(), new BpftoolFormat.Shown(info, strings(l.get("pinned")), List.of(), 0));
        }
        return out;
    }

    static Map<Integer, BpftoolFormat.Shown> progs() throws IOException {
        Map<Integer, BpftoolFormat.Shown> out = new TreeMap<>();
        for (JsonNode p : M.readTree(read("prog-show-jf.json"))) {
            String name = p.get("name").asText();
            IterTarget t = IterTarget.byKernelName(name.substring("bpflife_".length()));
            Info.ProgInfo info = new Info.ProgInfo(p.get("id").asInt(), name, t, false, 0);
            out.put(info.id(), new BpftoolFormat.Shown(info, strings(p.get("pinned")), List.of(), p.get("loaded_at").asLong()));
        }
        return out;
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(n -> out.add(n.asText()));
        return out;
    }

    /**
     * The capture with the derived fields mapped to the model's values: cgroup_id to the name's,
     * each prog's map_ids and btf_id to {@link Bpftool#SYNTHETIC} + its id. Each mapping must apply.
     */
    static String mapped(String text, JsonNode objects) throws IOException {
        String s = text;
        long cg = objects.get("cgroup_id").asLong();
        s = replace(s, "(cgroup_id\"?:? ?)" + cg + "\\b", String.valueOf(Bpftool.cgroupId(CGROUP)));
        for (JsonNode p : M.readTree(read("prog-show.json"))) {
            long id = BpftoolFormat.SYNTHETIC + p.get("id").asLong();
            s = replace(s, "(map_ids\"?:? ?\\[?)" + p.get("map_ids").get(0).asLong() + "\\b", String.valueOf(id));
            s = replace(s, "(btf_id\"?:? ?)" + p.get("btf_id").asLong() + "\\b", String.valueOf(id));
        }
        return s;
    }

    private static String replace(String s, String regex, String value) {
        Matcher m = Pattern.compile(regex).matcher(s);
        return m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + value));
    }

    static String read(String file) throws IOException {
        Path p = REAL.resolve(file);
        assertTrue(Files.exists(p), p::toString);
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    private static String rc(String file) {
        try {
            return read(file + ".rc").lines().findFirst().orElse("");
        } catch (IOException e) {
            return "?";
        }
    }
}
