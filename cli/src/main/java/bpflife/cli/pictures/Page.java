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

    /** s with {@code & < > " '} replaced by entities, control characters dropped (the load report's escape). */
    static String escape(String s) {
        return bpflife.loadtest.report.Html.escape(s);
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
            g.setCharacterEscapes(bpflife.loadtest.report.Html.scriptSafe());
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
