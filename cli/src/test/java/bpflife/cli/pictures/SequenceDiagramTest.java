package bpflife.cli.pictures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.explore.RunResult;
import bpflife.explore.Violation;
import bpflife.protocol.StepRecord;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("sequence diagram")
class SequenceDiagramTest {

    @TempDir
    Path tmp;

    @Test
    @DisplayName("every delivery's origin is the step that sent it, and the chain to a violation ends at the world's start")
    void originsAndChain() throws Exception {
        RunResult run = Runs.violating();
        Violation v = run.violations().get(0);
        RunView view = RunView.of(run.records(), run.scenario());
        assertEquals(run.records().size(), view.steps().size());
        for (RunView.Step s : view.steps()) {
            if (s.origin() == 0) {
                continue;
            }
            StepRecord from = view.at(s.origin()).record();
            assertTrue(from.position() < s.record().position());
            assertEquals(s.record().sender(), from.receiver(), "origin of #" + s.record().position());
            assertTrue(from.sent().stream().anyMatch(e -> e.to().equals(s.record().receiver())
                    && e.msg().equals(s.record().message())), "#" + s.origin() + " sent the message of #"
                    + s.record().position());
        }
        TreeSet<Long> chain = view.chainTo(v.step());
        assertEquals(v.step(), chain.last());
        assertEquals(1L, chain.first(), "the chain goes back to the world's first delivery");
        // each step of a task's call has the call's scenario line
        long withSource = view.steps().stream().filter(s -> s.source() >= 0).count();
        assertTrue(withSource > view.steps().size() / 2, withSource + " of " + view.steps().size() + " with a source");
        assertTrue(view.sources().stream().allMatch(s -> s.line() > 0 && !s.text().isBlank()));
    }

    @Test
    @DisplayName("the page is a pure function of the run, inlines everything and escapes the data block")
    void pure() throws Exception {
        RunResult run = Runs.violating();
        RunView view = RunView.of(run.records(), run.scenario());
        Focus f = Focus.of(run.violations().get(0));
        String a = SequenceDiagram.html(view, f, "t </script><b>", 0, Long.MAX_VALUE);
        String b = SequenceDiagram.html(RunView.of(run.records(), run.scenario()), f, "t </script><b>", 0, Long.MAX_VALUE);
        assertEquals(a, b);
        assertFalse(a.contains("src=\"http"), "nothing fetched");
        assertFalse(a.contains("href=\"http"), "nothing fetched");
        assertEquals(2, Chromium.count(a, "</script>"), "only the two script elements end");
        assertTrue(a.contains("t &lt;/script&gt;&lt;b&gt;"));
    }

    @Test
    @DisplayName("headless Chromium draws it: no console errors, one lifeline per object, the violation in red")
    void chromium() throws Exception {
        Chromium.assumePresent();
        RunResult run = Runs.violating();
        RunView view = RunView.of(run.records(), run.scenario());
        Violation v = run.violations().get(0);
        Path page = tmp.resolve("run.html");
        Files.writeString(page, SequenceDiagram.html(view, Focus.of(v), "getfd-busy-host seed 2", 0, Long.MAX_VALUE));

        Chromium.Output dom = Chromium.dom(tmp, page, 1280, 800);
        assertEquals(java.util.List.of(), dom.console(), "console messages");
        assertEquals("true", Chromium.bodyAttribute(dom.stdout(), "data-ready"), "the script ran to its end");
        int lifelines = SequenceDiagram.lifelines(view, 0, Long.MAX_VALUE);
        assertEquals(String.valueOf(lifelines), Chromium.bodyAttribute(dom.stdout(), "data-lifelines"));
        assertEquals(lifelines, Chromium.count(dom.stdout(), "<g class=\"lifeline kind-"), "lifeline heads in the DOM");
        assertEquals(String.valueOf(run.records().size()), Chromium.bodyAttribute(dom.stdout(), "data-steps"));
        int drawn = Integer.parseInt(Chromium.bodyAttribute(dom.stdout(), "data-drawn"));
        assertTrue(drawn > 10 && drawn < run.records().size(), "only the rows in view are drawn: " + drawn);
        assertEquals(drawn, Chromium.count(dom.stdout(), "class=\"arrow\""), "one arrow per drawn row");
        assertEquals(1, Chromium.count(dom.stdout(), "<g class=\"step violation\" data-step=\"" + v.step() + "\""),
                "the violating step is in view, in red");

        Path png = tmp.resolve("run.png");
        Chromium.screenshot(tmp, page, png, 1280, 800);
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, png + " does not decode");
        int red = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int px = img.getRGB(x, y) & 0xffffff;
                if (((px >> 16) & 0xff) > 180 && ((px >> 8) & 0xff) < 60 && (px & 0xff) < 70) {
                    red++;
                }
            }
        }
        Path kept = Chromium.reviewCopy(png, "sequence-diagram.png");
        assertTrue(red > 300, "the red chain is drawn: " + red + " red pixels in " + kept);
    }

    @Test
    @DisplayName("explore's and shrink's hook writes NAME.html beside NAME.schedule")
    void beside() throws Exception {
        RunResult run = Runs.violating();
        Path html = Diagrams.beside(tmp.resolve("getfd-busy-host.schedule"), run);
        assertEquals(tmp.resolve("getfd-busy-host.html"), html);
        assertTrue(Files.readString(html).contains("\"focus\":{\"step\":" + run.violations().get(0).step()));
    }

    @Test
    @DisplayName("the filters work in the browser: by object, by range and to the red chain (set from the address)")
    void filters() throws Exception {
        Chromium.assumePresent();
        RunResult run = Runs.violating();
        RunView view = RunView.of(run.records(), run.scenario());
        Violation v = run.violations().get(0);
        Path page = tmp.resolve("run.html");
        Files.writeString(page, SequenceDiagram.html(view, Focus.of(v), "filters", 0, Long.MAX_VALUE));

        String key = v.object().key();
        java.util.Set<Integer> ends = new java.util.HashSet<>();
        long steps = 0;
        for (RunView.Step s : view.steps()) {
            if (s.record().sender().key().contains(key) || s.record().receiver().key().contains(key)) {
                ends.add(s.sender());
                ends.add(s.receiver());
                steps++;
            }
        }
        String dom = Chromium.dom(tmp, page.toUri() + "#objects=" + key, 1280, 800).stdout();
        assertEquals(String.valueOf(ends.size()), Chromium.bodyAttribute(dom, "data-lifelines"), "objects=" + key);
        assertEquals(String.valueOf(steps), Chromium.bodyAttribute(dom, "data-steps"));

        dom = Chromium.dom(tmp, page.toUri() + "#from=100&to=199", 1280, 800).stdout();
        assertEquals("100", Chromium.bodyAttribute(dom, "data-steps"), "steps 100..199");

        Chromium.Output chain = Chromium.dom(tmp, page.toUri() + "#chain", 1280, 800);
        assertEquals(java.util.List.of(), chain.console());
        assertEquals(String.valueOf(view.chainTo(v.step()).size()), Chromium.bodyAttribute(chain.stdout(), "data-steps"),
                "the red chain only");
    }
}
