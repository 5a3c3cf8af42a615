package bpflife.loadtest.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The reports of a load run written into one directory ({@code load --report DIR}): report.txt,
 * report.json and report.html, and one HdrHistogram percentile distribution per timed operation
 * ({@code latency-OP.hgrm}, microseconds, as {@code Histogram.outputPercentileDistribution}
 * writes it) for HdrHistogram's plotter; in UTF-8, replacing any earlier ones.
 *
 * @param text the text summary
 * @param json the JSON document
 * @param html the self-contained HTML page
 * @param hgrm the .hgrm files, in the operations' order
 */
public record ReportFiles(Path text, Path json, Path html, List<Path> hgrm) {

    /** Creates dir (and its parents) if needed and writes the reports into it. */
    public static ReportFiles write(LoadSummary summary, Path dir) throws IOException {
        return write(summary, LatencyOverTime.NONE, dir);
    }

    /** The same, with the latencies second by second for the HTML page's latency-over-time charts. */
    public static ReportFiles write(LoadSummary summary, LatencyOverTime overTime, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> hgrm = new ArrayList<>();
        for (OpStats op : summary.ops()) {
            if (OpKinds.timed(op)) {
                Path f = dir.resolve("latency-" + op.op().replaceAll("[^A-Za-z0-9._-]", "_") + ".hgrm");
                Files.writeString(f, hgrm(op.latency()), StandardCharsets.UTF_8);
                hgrm.add(f);
            }
        }
        ReportFiles files = new ReportFiles(dir.resolve("report.txt"), dir.resolve("report.json"),
                dir.resolve("report.html"), List.copyOf(hgrm));
        Files.writeString(files.text(), TextReport.render(summary), StandardCharsets.UTF_8);
        Files.writeString(files.json(), JsonReport.render(summary), StandardCharsets.UTF_8);
        Files.writeString(files.html(), HtmlReport.render(summary, overTime), StandardCharsets.UTF_8);
        return files;
    }

    /** The histogram's percentile distribution in microseconds (5 ticks per half distance, HdrHistogram's default). */
    static String hgrm(Histogram h) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            h.outputPercentileDistribution(out, 5, 1000.0);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
