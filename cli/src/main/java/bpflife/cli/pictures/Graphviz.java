package bpflife.cli.pictures;

import bpflife.protocol.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Graphviz's {@code dot}, run as a process: DOT text in, SVG out. Missing or failing, it is the
 * environment's fault (exit 2) with the fix named; bounded in time so a huge graph cannot hang a
 * command.
 */
public final class Graphviz {
    private Graphviz() {}

    /** How long dot may take on one graph. */
    static final long TIMEOUT_SECONDS = 60;

    /** Whether {@code dot} is on the PATH. */
    public static boolean available() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "dot"))) {
                return true;
            }
        }
        return false;
    }

    /** The SVG that {@code dot -Tsvg} makes of {@code dot}; a {@link UserError} if dot is missing or refuses it. */
    public static String svg(String dot) {
        if (!available()) {
            throw new UserError("can't draw SVG: Graphviz's dot is not installed (try: apt-get install graphviz,"
                    + " or -o FILE.dot for the DOT text)");
        }
        try {
            Path in = Files.createTempFile("bpflife-graph", ".dot");
            Path out = Files.createTempFile("bpflife-graph", ".svg");
            Path err = Files.createTempFile("bpflife-graph", ".err");
            try {
                Files.writeString(in, dot, StandardCharsets.UTF_8);
                Process p = new ProcessBuilder(List.of("dot", "-Tsvg", in.toString()))
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new UserError("can't draw SVG: dot did not finish in " + TIMEOUT_SECONDS + " s");
                }
                if (p.exitValue() != 0) {
                    throw new UserError("can't draw SVG: dot failed: " + Files.readString(err).strip());
                }
                return Files.readString(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(in);
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UserError("can't draw SVG: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError(UserError.Exit.INTERRUPTED, "interrupted while dot drew the graph", e);
        }
    }
}
