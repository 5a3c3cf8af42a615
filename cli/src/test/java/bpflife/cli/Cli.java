package bpflife.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

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

    static String scenario(String name) {
        return SCENARIOS.resolve(name).toString();
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
