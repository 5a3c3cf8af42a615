package bpflife.model.world;

/**
 * bpftool's JSON writer (tools/bpf/bpftool/json_writer.c), so that {@code -j} and {@code -p}
 * output is byte for byte bpftool's: compact with no blanks, or pretty with four-blank indents,
 * {@code "key": value}, a closing bracket on its own line after a non-empty object or array
 * ({@code "map_ids": [3532\n        ]}) and {@code []} for an empty one. Strings are escaped as
 * jsonw_puts does (C escapes, {@code \'} included; no Unicode escapes).
 *
 * <p>Assumptions and guarantees: calls nest properly (each start has its end); {@link #finish()}
 * ends the document with the newline jsonw_destroy writes.
 */
public final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    private final boolean pretty;
    private int depth;
    private char sep; // 0 or ','

    public JsonWriter(boolean pretty) {
        this.pretty = pretty;
    }

    private void indent() {
        out.append("    ".repeat(depth));
    }

    private void eol() {
        if (pretty) {
            out.append('\n');
            indent();
        }
    }

    private void eor() {
        if (sep != 0) {
            out.append(sep);
        }
        sep = ',';
    }

    private void begin(char c) {
        eor();
        out.append(c);
        depth++;
        sep = 0;
    }

    private void end(char c) {
        if (depth == 0) {
            throw new IllegalStateException("end of a JSON block that was not started");
        }
        depth--;
        if (sep != 0) {
            eol();
        }
        out.append(c);
        sep = ',';
    }

    public JsonWriter startObject() {
        begin('{');
        return this;
    }

    public JsonWriter endObject() {
        end('}');
        return this;
    }

    public JsonWriter startArray() {
        begin('[');
        return this;
    }

    public JsonWriter endArray() {
        end(']');
        return this;
    }

    public JsonWriter name(String name) {
        eor();
        eol();
        sep = 0;
        puts(name);
        out.append(':');
        if (pretty) {
            out.append(' ');
        }
        return this;
    }

    public JsonWriter string(String value) {
        eor();
        puts(value);
        return this;
    }

    /** A number, a literal ({@code true}) or any raw text, as jsonw_printf writes it. */
    public JsonWriter raw(String text) {
        eor();
        out.append(text);
        return this;
    }

    public JsonWriter number(long n) {
        return raw(Long.toString(n));
    }

    public JsonWriter bool(boolean b) {
        return raw(b ? "true" : "false");
    }

    public JsonWriter field(String name, String value) {
        return name(name).string(value);
    }

    public JsonWriter field(String name, long value) {
        return name(name).number(value);
    }

    public JsonWriter field(String name, boolean value) {
        return name(name).bool(value);
    }

    /**
     * An error message. bpftool's p_err writes it unescaped (jsonw_vprintf_enquote), which breaks
     * the JSON when the message holds a quote; here it is escaped as JSON requires (and {@code '}
     * is left alone, which jsonw_puts would make an invalid {@code \'}), so jq reads every error.
     */
    public JsonWriter message(String text) {
        eor();
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
        return this;
    }

    private void puts(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\f' -> out.append("\\f");
                case '\b' -> out.append("\\b");
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\'' -> out.append("\\'");
                default -> out.append(c);
            }
        }
        out.append('"');
    }

    /** The document so far, without the final newline. */
    public String text() {
        return out.toString();
    }

    /** The whole document and the newline jsonw_destroy ends it with. */
    public String finish() {
        if (depth != 0) {
            throw new IllegalStateException("a JSON block is still open at depth " + depth);
        }
        return out + "\n";
    }
}
