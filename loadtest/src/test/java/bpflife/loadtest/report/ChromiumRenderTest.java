package bpflife.loadtest.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report opened by a real browser: headless Chromium renders it from a file to a PNG and
 * dumps its DOM. Skipped when Chromium is not installed, except on CI (CI=true), where .ci/run
 * installs it and its absence is a failure.
 */
@DisplayName("HTML report in headless Chromium")
class ChromiumRenderTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** A loaded 2-core machine starts Chromium in seconds; this only stops a hung one. */
    static final long TIMEOUT_SECONDS = 120;
    static final int WIDTH = 1280;
    static final int HEIGHT = 2000;

    @TempDir
    Path tmp;

    /** The page's console messages (errors, warnings, logs) of the last run: there must be none. */
    private List<String> console = List.of();

    /** Each test, not the class: an abort in {@code @BeforeAll} reports the class as zero tests, saying nothing. */
    @BeforeEach
    void chromiumPresent() {
        if (Files.isExecutable(CHROMIUM)) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail(CHROMIUM + " is missing on CI: .ci/run installs Debian's chromium package");
        }
        org.junit.jupiter.api.Assumptions.abort(CHROMIUM + " is not installed (apt-get install chromium):"
                + " skipping the headless render of the HTML report");
    }

    /** Chromium's flags for a headless run on this kind of machine, with a fresh profile. */
    private List<String> chromium(String... extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=" + Files.createTempDirectory(tmp, "profile"),
                "--window-size=" + WIDTH + "," + HEIGHT));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    /** Runs Chromium with stdout into a file; fails with its stderr if it fails or hangs. */
    private String run(List<String> cmd) throws Exception {
        Path out = Files.createTempFile(tmp, "chromium", ".out");
        Path err = Files.createTempFile(tmp, "chromium", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                fail("Chromium did not finish in " + TIMEOUT_SECONDS + " s: " + String.join(" ", cmd) + "\n"
                        + tail(err));
            }
            assertEquals(0, p.exitValue(), "Chromium failed: " + String.join(" ", cmd) + "\n" + tail(err));
            console = Files.readAllLines(err, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.contains(":CONSOLE(") || l.contains("Uncaught")).toList();
            return Files.readString(out, StandardCharsets.UTF_8);
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

    @Test
    @DisplayName("the page renders to a PNG in which the charts' lines are drawn, with no console message")
    void screenshot() throws Exception {
        LoadSummary s = Synthetic.summary(42, 1);
        ReportFiles files = ReportFiles.write(s, Synthetic.overTime(s, 42), tmp.resolve("report"));
        Path png = tmp.resolve("report.png");
        run(chromium("--screenshot=" + png, files.html().toUri().toString()));
        assertEquals(List.of(), console, "console messages");
        assertTrue(Files.size(png) > 0, "no screenshot at " + png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img != null, png + " does not decode as an image");
        assertEquals(WIDTH, img.getWidth());
        assertEquals(HEIGHT, img.getHeight());
        Path kept = Path.of("target", "pictures");
        Files.createDirectories(kept);
        Files.copy(png, kept.resolve("load-report.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(files.html(), kept.resolve("load-report.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        int nonWhite = 0;
        // in the first 2000 px: the throughput charts and the failed check (the latency charts follow)
        int[] colours = {rgb(Palette.OPS), rgb(Palette.EVENTS), rgb(Palette.SESSIONS), rgb(Palette.ERRORS),
                rgb(Css.FAIL_BACKGROUND)};
        int[] hits = new int[colours.length];
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int px = img.getRGB(x, y) & 0xffffff;
                if (px != 0xffffff) {
                    nonWhite++;
                }
                for (int i = 0; i < colours.length; i++) {
                    if (close(px, colours[i])) {
                        hits[i]++;
                    }
                }
            }
        }
        int total = img.getWidth() * img.getHeight();
        assertTrue(nonWhite > total / 50, "the page looks blank: " + nonWhite + " of " + total + " pixels not white");
        String[] names = {"ops/s line", "events/s line", "sessions line", "errors line", "failed check's background"};
        for (int i = 0; i < colours.length; i++) {
            // a chart's line is ~500 px long and 2 px wide
            assertTrue(hits[i] >= 300, names[i] + ": only " + hits[i] + " pixels of #"
                    + Integer.toHexString(colours[i]) + " in " + kept.resolve("load-report.png"));
        }
    }

    @Test
    @DisplayName("the rendered DOM holds every chart with its series, and the script ran to its end")
    void dumpDom() throws Exception {
        LoadSummary s = Synthetic.summary(7, 0);
        LatencyOverTime ot = Synthetic.overTime(s, 7);
        ReportFiles files = ReportFiles.write(s, ot, tmp.resolve("report"));
        String dom = run(chromium("--dump-dom", files.html().toUri().toString()));
        assertEquals(List.of(), console, "console messages");
        assertTrue(dom.contains("data-ready=\"true\""), "the charts' script ran to its end");
        int charts = HtmlReport.charts(s, ot);
        assertEquals(charts, count(dom, "<figure class=\"chart\""), "charts in the DOM");
        assertEquals(charts, count(dom, "class=\"uplot"), "uPlot charts in the DOM");
        int series = Charts.series(s, ot);
        assertTrue(dom.contains("data-series=\"" + series + "\""), "series drawn: " + series);
        // each chart's legend: a row for x, then one per series
        assertEquals(series + charts, count(dom, "<tr class=\"u-series"), "legend rows");
        assertTrue(dom.contains("verdict: PASS"), "the verdict in the DOM");
    }

    private static int count(String s, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static int rgb(String hex) {
        return Integer.parseInt(hex.substring(1), 16);
    }

    /** Whether two colours are within a small distance per channel (antialiasing, colour profiles). */
    private static boolean close(int a, int b) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff)) > 10) {
                return false;
            }
        }
        return true;
    }
}
