package bpflife.loadtest.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The three reports of a load run written into one directory ({@code load --report DIR}):
 * report.txt, report.json and report.html, in UTF-8, replacing any earlier ones.
 *
 * @param text the text summary
 * @param json the JSON document
 * @param html the self-contained HTML page
 */
public record ReportFiles(Path text, Path json, Path html) {

    /** Creates dir (and its parents) if needed and writes the three reports into it. */
    public static ReportFiles write(LoadSummary summary, Path dir) throws IOException {
        Files.createDirectories(dir);
        ReportFiles files = new ReportFiles(dir.resolve("report.txt"), dir.resolve("report.json"),
                dir.resolve("report.html"));
        Files.writeString(files.text(), TextReport.render(summary), StandardCharsets.UTF_8);
        Files.writeString(files.json(), JsonReport.render(summary), StandardCharsets.UTF_8);
        Files.writeString(files.html(), HtmlReport.render(summary), StandardCharsets.UTF_8);
        return files;
    }
}
