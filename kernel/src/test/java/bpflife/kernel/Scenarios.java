package bpflife.kernel;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.ScenarioParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The shipped scenarios, and running them through the kernel check in tests. */
final class Scenarios {
    private Scenarios() {}

    static Path repo() {
        String p = System.getProperty("bpflife.repo");
        Path repo = p != null ? Path.of(p) : Path.of("..");
        return repo.toAbsolutePath().normalize();
    }

    static List<Path> shipped() {
        return list(repo().resolve("scenarios"));
    }

    /** The ported selftests (scenarios/selftests). */
    static List<Path> selftests() {
        return list(repo().resolve("scenarios").resolve("selftests"));
    }

    /** The kernel check's own probe scenarios (src/test/resources/kernel-scenarios). */
    static List<Path> probes() {
        return list(repo().resolve("kernel/src/test/resources/kernel-scenarios"));
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.toString().endsWith(".scn")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Scenario parse(Path file) {
        try {
            return ScenarioParser.parseFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Scenario parse(String name, String text) {
        return ScenarioParser.parse(name, text);
    }

    /** Runs the check; a skipped run skips the test, saying why. */
    static KernelReport check(Scenario sc, KernelCheck.Options options) {
        KernelReport r = KernelCheck.run(sc, options, n -> { });
        assumeFalse(r.skipped(), () -> "kernel check skipped here: " + r.skipReason());
        return r;
    }

    static String text(KernelReport r) {
        StringWriter w = new StringWriter();
        try (PrintWriter p = new PrintWriter(w)) {
            r.print(p);
        }
        return w.toString();
    }
}
