package bpflife.cli.pictures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium for the pictures' tests (the pattern of loadtest's ChromiumRenderTest): a page
 * rendered from its file to a PNG, or its DOM after the scripts ran, with the page's console
 * messages (Chromium logs them on stderr). Skipped when Chromium is not installed, except on CI
 * (CI=true), where .ci/run installs it and its absence is a failure.
 */
final class Chromium {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    /** A loaded 2-core machine starts Chromium in seconds; this only stops a hung one. */
    static final long TIMEOUT_SECONDS = 120;

    /** What one run of Chromium printed: stdout (the DOM, when dumped) and the console's lines. */
    record Output(String stdout, List<String> console) {}

    private Chromium() {}

    static void assumePresent() {
        if (Files.isExecutable(BINARY)) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail(BINARY + " is missing on CI: .ci/run installs Debian's chromium package");
        }
        Assumptions.abort(BINARY + " is not installed (apt-get install chromium): skipping the headless render");
    }

    /** Renders {@code page} and writes a screenshot of {@code width}x{@code height} to {@code png}. */
    static Output screenshot(Path tmp, Path page, Path png, int width, int height) throws Exception {
        return run(tmp, width, height, "--screenshot=" + png.toAbsolutePath(), page.toUri().toString());
    }

    /** The page's DOM after its scripts ran. */
    static Output dom(Path tmp, Path page, int width, int height) throws Exception {
        return dom(tmp, page.toUri().toString(), width, height);
    }

    /** The DOM of a page's address (a file: URI, maybe with a #fragment). */
    static Output dom(Path tmp, String uri, int width, int height) throws Exception {
        return run(tmp, width, height, "--dump-dom", uri);
    }

    private static Output run(Path tmp, int width, int height, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=" + Files.createTempDirectory(tmp, "profile"),
                "--window-size=" + width + "," + height));
        cmd.addAll(List.of(extra));
        Path out = Files.createTempFile(tmp, "chromium", ".out");
        Path err = Files.createTempFile(tmp, "chromium", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                fail("Chromium did not finish in " + TIMEOUT_SECONDS + " s: " + String.join(" ", cmd) + "\n" + tail(err));
            }
            assertEquals(0, p.exitValue(), "Chromium failed: " + String.join(" ", cmd) + "\n" + tail(err));
            List<String> console = new ArrayList<>();
            for (String line : Files.readAllLines(err, StandardCharsets.UTF_8)) {
                if (line.contains(":CONSOLE(") || line.contains("Uncaught")) {
                    console.add(line);
                }
            }
            return new Output(Files.readString(out, StandardCharsets.UTF_8), console);
        } finally {
            // Chromium's helpers (zygote, renderer) are its children: end them with it
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private static String tail(Path err) throws IOException {
        List<String> lines = Files.readAllLines(err);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    static int count(String s, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** The value of {@code <body ... name="V"} in a dumped DOM, or null. */
    static String bodyAttribute(String dom, String name) {
        Matcher m = Pattern.compile("<body[^>]*\\s" + Pattern.quote(name) + "=\"([^\"]*)\"").matcher(dom);
        return m.find() ? m.group(1) : null;
    }

    /** A screenshot for a person to look at: target/pictures/NAME (the module's target directory). */
    static Path reviewCopy(Path png, String name) throws IOException {
        Path dir = Path.of("target", "pictures");
        Files.createDirectories(dir);
        Path to = dir.resolve(name);
        Files.copy(png, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return to;
    }
}
