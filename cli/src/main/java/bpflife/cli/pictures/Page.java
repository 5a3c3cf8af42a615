package bpflife.cli.pictures;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * What the HTML pictures share: escaping, the scripts and styles they inline (read from this
 * package's resources, so a page loads nothing), and JSON for a page's data block.
 */
final class Page {
    private Page() {}

    /** s with {@code & < > " '} replaced by entities and control characters but tab/newline dropped. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c >= 0x20 || c == '\t' || c == '\n' ? c : '\ufffd');
            }
        }
        return b.toString();
    }

    /** A resource of this package as text (the inlined scripts and styles). */
    static String resource(String name) {
        try (InputStream in = Page.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes JSON into a string; {@code < > &} escaped so the text can sit inside a script element. */
    interface JsonBody {
        void write(JsonGenerator g) throws IOException;
    }

    static String json(JsonBody body) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.setCharacterEscapes(new ScriptSafe());
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** JSON's escapes plus {@code < > &}, so no {@code </script>} can end the data block early. */
    private static final class ScriptSafe extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] table;

        ScriptSafe() {
            table = standardAsciiEscapesForJSON();
            table['<'] = ESCAPE_STANDARD;
            table['>'] = ESCAPE_STANDARD;
            table['&'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return table;
        }

        @Override
        public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }
}
