package bpflife.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The JSON contract's checks (docs/JSON.md): a document parses with a parser that refuses duplicate
 * keys, carries its {@code version}, uses snake_case keys and the one verdict vocabulary, and its
 * docs page names every field the code wrote (as a table row {@code | `field` |}).
 */
final class JsonDocs {
    private JsonDocs() {}

    private static final ObjectMapper STRICT = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Set<String> VERDICTS = Set.of("pass", "fail", "incomplete", "skipped");

    /** Parses {@code text} strictly: a repeated key fails the test. */
    static JsonNode parse(String text) {
        try {
            return STRICT.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not one strict JSON document (" + e.getMessage() + "):\n" + text, e);
        }
    }

    /**
     * Checks {@code doc} against the contract and against {@code docs/PAGE}; fields under a key in
     * {@code bpftool} are bpftool's own (documented by bpftool) and are not walked.
     */
    static void assertDocumented(JsonNode doc, String page, Set<String> bpftool) {
        assertTrue(doc.path("version").isNumber(), "no numeric \"version\": " + doc);
        JsonNode verdict = doc.get("verdict");
        if (verdict != null) {
            assertTrue(VERDICTS.contains(verdict.asText()), "verdict " + verdict + " is not one of " + VERDICTS);
        }
        String text;
        try {
            text = Files.readString(Path.of("..", "docs", page));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TreeSet<String> missing = new TreeSet<>();
        for (String f : fields(doc, bpftool, new TreeSet<>())) {
            assertTrue(f.matches("[a-z][a-z0-9_]*"), "key " + f + " is not snake_case");
            if (!text.contains("| `" + f + "` |")) {
                missing.add(f);
            }
        }
        assertEquals(Set.of(), missing, "fields the code writes that docs/" + page + " does not describe");
    }

    private static Set<String> fields(JsonNode n, Set<String> bpftool, Set<String> into) {
        if (n.isArray()) {
            n.forEach(e -> fields(e, bpftool, into));
        } else if (n.isObject()) {
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                into.add(e.getKey());
                if (!bpftool.contains(e.getKey())) {
                    fields(e.getValue(), bpftool, into);
                }
            }
        }
        return into;
    }
}
