package bpflife.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.explore.JournalFile;
import bpflife.explore.JournalJson;
import bpflife.model.calls.Calls;
import bpflife.protocol.ActorId;
import bpflife.protocol.CallState;
import bpflife.protocol.Event;
import bpflife.protocol.Info;
import bpflife.protocol.Msg;
import bpflife.protocol.StepRecord;
import bpflife.protocol.Syscall;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal file (JSON Lines, version 3) against docs/JOURNAL-JSON.md: every record type the
 * journal can hold and every key it can write are documented (found from the types, so a record or
 * component added later fails here until the page names it), no object repeats a key, and the
 * files {@code run --journal} writes parse with the strict parser.
 */
@DisplayName("the journal file's JSON (docs/JOURNAL-JSON.md)")
class JournalJsonTest {
    private static final String PAGE = "JOURNAL-JSON.md";

    @TempDir
    Path dir;

    /** Every record type reachable from a step record, with its name if it carries a "type". */
    static Map<Class<?>, String> records() {
        Map<Class<?>, String> out = new LinkedHashMap<>();
        walk(StepRecord.class, out);
        return out;
    }

    private static void walk(Type t, Map<Class<?>, String> out) {
        if (t instanceof ParameterizedType p) {
            for (Type a : p.getActualTypeArguments()) {
                walk(a, out);
            }
            return;
        }
        if (!(t instanceof Class<?> c) || out.containsKey(c) || ActorId.class.isAssignableFrom(c)) {
            return;
        }
        if (c == CallState.class) {
            Calls.stateTypes().forEach((name, type) -> {
                out.put(type, name);
                components(type, out);
            });
        } else if (c.isSealed()) {
            for (Class<?> sub : c.getPermittedSubclasses()) {
                walk(sub, out);
            }
        } else if (c.isRecord()) {
            boolean typed = Msg.class.isAssignableFrom(c) || Event.class.isAssignableFrom(c)
                    || Syscall.class.isAssignableFrom(c) || Info.class.isAssignableFrom(c);
            out.put(c, typed ? c.getSimpleName() : "");
            components(c, out);
        }
    }

    private static void components(Class<?> c, Map<Class<?>, String> out) {
        for (RecordComponent rc : c.getRecordComponents()) {
            walk(rc.getGenericType(), out);
        }
    }

    static String key(RecordComponent rc) {
        return JournalJson.fileKey(rc.getName(), rc.getType());
    }

    private static String page() throws IOException {
        return Files.readString(Path.of("..", "docs", PAGE));
    }

    @Test
    @DisplayName("no record writes a key twice or a component under \"type\", and keys are snake_case")
    void keysAreUniqueAndTypeIsTheKind() {
        for (Class<?> c : records().keySet()) {
            Set<String> keys = new HashSet<>();
            for (RecordComponent rc : c.getRecordComponents()) {
                String k = key(rc);
                assertTrue(k.matches("[a-z][a-z0-9_]*"), c + "." + rc.getName() + " -> " + k);
                assertFalse(k.equals("type"), c + "." + rc.getName() + " would repeat the record's kind");
                assertTrue(keys.add(k), c + " writes " + k + " twice");
            }
        }
    }

    @Test
    @DisplayName("the page names every record type and describes every key")
    void pageCoversEveryTypeAndKey() throws IOException {
        String text = page();
        TreeSet<String> missing = new TreeSet<>();
        for (Map.Entry<Class<?>, String> e : records().entrySet()) {
            if (!e.getValue().isEmpty() && !text.contains("`" + e.getValue() + "`")) {
                missing.add("type " + e.getValue());
            }
            for (RecordComponent rc : e.getKey().getRecordComponents()) {
                if (!text.contains("| `" + key(rc) + "` |")) {
                    missing.add("key " + key(rc));
                }
            }
        }
        assertEquals(Set.of(), missing, "docs/" + PAGE + " does not describe these; the types and keys:\n" + listing());
    }

    @Test
    @DisplayName("run --journal writes a version line, then lines a strict parser reads, every key documented")
    void filesParseStrictly() throws IOException {
        String text = page();
        Set<String> mapKeys = mapValuedKeys();
        int lines = 0;
        for (String scenario : List.of("map-elem-fds-closed.scn", "rm-during-cats.scn", "cgroup-ancestors-up.scn",
                "update-under-reader.scn", "fork-dup-share-session.scn")) {
            Path out = dir.resolve(scenario + ".jsonl");
            Cli r = Cli.run("run", Cli.scenario(scenario), "--journal", out.toString());
            assertTrue(r.code() == 0 || r.code() == 1, r::toString);
            List<String> all = Files.readAllLines(out, StandardCharsets.UTF_8);
            JsonNode header = JsonDocs.parse(all.get(0));
            assertEquals("bpflife-journal", header.path("format").asText());
            assertEquals(JournalFile.VERSION, header.path("version").asInt());
            TreeSet<String> missing = new TreeSet<>();
            for (String l : all.subList(1, all.size())) {
                keys(JsonDocs.parse(l), mapKeys, missing, text);
                lines++;
            }
            assertEquals(Set.of(), missing, scenario + ": keys docs/" + PAGE + " does not describe");
        }
        assertTrue(lines > 500, "lines read: " + lines);
    }

    /** Keys whose value is a map: their keys are data (names of variables, objects), not fields. */
    private static Set<String> mapValuedKeys() {
        Set<String> out = new HashSet<>();
        for (Class<?> c : records().keySet()) {
            for (RecordComponent rc : c.getRecordComponents()) {
                if (Map.class.isAssignableFrom(rc.getType())) {
                    out.add(key(rc));
                }
            }
        }
        return out;
    }

    private static void keys(JsonNode n, Set<String> mapKeys, Set<String> missing, String text) {
        if (n.isArray()) {
            n.forEach(e -> keys(e, mapKeys, missing, text));
        } else if (n.isObject()) {
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                if (!text.contains("| `" + e.getKey() + "` |")) {
                    missing.add(e.getKey());
                }
                if (mapKeys.contains(e.getKey())) {
                    e.getValue().forEach(v -> keys(v, mapKeys, missing, text));
                } else {
                    keys(e.getValue(), mapKeys, missing, text);
                }
            }
        }
    }

    /** The types and their keys, as the page lists them (printed when the page is behind). */
    static String listing() {
        StringBuilder b = new StringBuilder();
        Map<String, Set<String>> byKey = new LinkedHashMap<>();
        for (Map.Entry<Class<?>, String> e : records().entrySet()) {
            List<String> keys = new ArrayList<>();
            for (RecordComponent rc : e.getKey().getRecordComponents()) {
                keys.add(key(rc));
                byKey.computeIfAbsent(key(rc), k -> new LinkedHashSet<>()).add(rc.getType().getSimpleName());
            }
            b.append(e.getValue().isEmpty() ? e.getKey().getSimpleName() : e.getValue()).append(": ")
                    .append(String.join(", ", keys)).append('\n');
        }
        byKey.forEach((k, v) -> b.append("| `").append(k).append("` | ").append(v).append('\n'));
        return b.toString();
    }
}
