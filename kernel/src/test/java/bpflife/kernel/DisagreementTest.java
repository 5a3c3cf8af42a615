package bpflife.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A deliberately wrong model side: the report names every observable that differs, with both values. */
class DisagreementTest {

    @Test
    void wrongExpectationsShowTheDisagreementReport() {
        Kernel.assumeReady();
        KernelReport r = Scenarios.check(Scenarios.parse(Scenarios.repo().resolve("scenarios/rm-during-cats.scn")),
                KernelCheck.Options.DEFAULT.withEditModel(model -> {
                    // deliberately wrong: late's open after the rm succeeds, cat1's dump came from another
                    // program and has two END lines, the prog outlives the run
                    model.calls.put("late@1", Observed.of("ok", "3"));
                    Side.Session cat1 = model.sessions.get("cat1@0");
                    String wrong = cat1.text.toString().replace("dump_task", "dump_other");
                    cat1.text.setLength(0);
                    cat1.text.append(wrong).append(wrong.substring(wrong.lastIndexOf("dump_other END")));
                    model.finalProgs = List.of("setup.p");
                }));
        String text = Scenarios.text(r);
        assertEquals(KernelReport.Verdict.DIFFER, r.verdict(), text);
        List<String> diffs = r.differences();
        assertTrue(diffs.stream().anyMatch(d -> d.matches("#\\d+ late: f = open /sys/fs/bpf/tasks/foo: result: "
                + "model ok, kernel ENOENT")), () -> String.join("\n", diffs));
        assertTrue(diffs.contains("dump cat1.f: prog: model dump_other, kernel dump_task"), () -> String.join("\n", diffs));
        assertTrue(diffs.contains("dump cat1.f: END lines: model 2, kernel 1"), () -> String.join("\n", diffs));
        assertTrue(diffs.contains("prog show at the end: model setup.p, kernel none"), () -> String.join("\n", diffs));
        assertEquals(5, diffs.size(), () -> String.join("\n", diffs)); // + cat1.f complete
        assertTrue(text.contains("DIFFER (result)"), text);
        assertTrue(text.contains("\ndifferences:\n"), text);
        assertTrue(text.contains("verdict: DIFFER (5 of "), text);
        assertEquals("fail", r.json().get("verdict").asText());
        assertEquals(5, r.json().get("differences").size());
    }
}
