package bpflife.loadtest.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("report files")
class ReportFilesTest {

    @Test
    @DisplayName("--report DIR is created and holds report.txt, report.json and report.html")
    void writesThreeFiles(@TempDir Path tmp) throws Exception {
        LoadSummary s = Synthetic.summary(17, 0);
        Path dir = tmp.resolve("out").resolve("run-1");
        ReportFiles files = ReportFiles.write(s, dir);
        assertEquals(dir.resolve("report.txt"), files.text());
        assertEquals(dir.resolve("report.json"), files.json());
        assertEquals(dir.resolve("report.html"), files.html());
        assertEquals(TextReport.render(s), Files.readString(files.text(), StandardCharsets.UTF_8));
        assertEquals(JsonReport.render(s), Files.readString(files.json(), StandardCharsets.UTF_8));
        assertEquals(HtmlReport.render(s), Files.readString(files.html(), StandardCharsets.UTF_8));

        assertEquals(s.ops().size(), files.hgrm().size(), "one .hgrm per timed operation");
        String open = Files.readString(dir.resolve("latency-open.hgrm"));
        assertEquals(true, open.contains("Value     Percentile TotalCount 1/(1-Percentile)"), open);
        assertEquals(true, open.contains("#[Max     ="), open);

        ReportFiles again = ReportFiles.write(Synthetic.summary(18, 0), dir);
        assertEquals(TextReport.render(Synthetic.summary(18, 0)), Files.readString(again.text()), "replaced");
    }
}
