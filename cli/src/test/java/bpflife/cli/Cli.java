package bpflife.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Runs {@link Main#run(PrintWriter, PrintWriter, String...)} with captured stdout and stderr. */
record Cli(int code, String out, String err) {

    /** The shipped scenarios; tests run in the cli module's directory. */
    static final Path SCENARIOS = Path.of("..", "scenarios");

    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Cli(code, out.toString(), err.toString());
    }

    /**
     * Runs a command that must refuse its input: exit 2, nothing on stdout, exactly one line on
     * stderr starting with "Error: " (once), no Java class name or stack trace.
     */
    static Cli bad(String... args) {
        Cli r = run(args);
        assertEquals(2, r.code(), r::toString);
        assertEquals("", r.out(), r::toString);
        assertTrue(r.err().startsWith("Error: "), r::toString);
        assertFalse(r.err().startsWith("Error: Error"), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertFalse(JAVA_NAMES.matcher(r.err()).find(), r::toString);
        return r;
    }

    private static final Pattern JAVA_NAMES =
            Pattern.compile("Exception|java\\.|For input string|Input length");

    static String scenario(String name) {
        return SCENARIOS.resolve(name).toString();
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
