package bpflife.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Scenarios no real kernel can run as written are "not run", with the reason, before any kernel work. */
class UnsupportedTest {

    private static KernelReport run(String text) {
        return KernelCheck.run(Scenarios.parse("probe.scn", text), KernelCheck.Options.DEFAULT, n -> { });
    }

    @Test
    void aTidIsRunNotSkipped() {
        // issue 14: the driver passes the tid; a tid that names a real task here only leaves that
        // session's object count uncompared (KernelReport), it no longer skips the scenario
        assertEquals(null, KernelCheck.unsupported(Scenarios.parse("probe.scn",
                "task t:\n    p = prog load dump_task target task\n    l = link create p tid 2\n")));
    }

    @Test
    void pathsOutsideBpffs() {
        KernelReport r = run("task t:\n    mkdir /tmp/x\n");
        assertEquals(KernelReport.Verdict.NOT_RUN, r.verdict());
        assertTrue(r.skipReason().contains("/tmp/x is not below /sys/fs/bpf"), r.skipReason());
        assertTrue(Scenarios.text(r).endsWith("not run: " + r.skipReason() + "\n"), Scenarios.text(r));
        assertEquals("skipped", r.json().get("verdict").asText());
        assertEquals(r.skipReason(), r.json().get("reason").asText());
    }

    static java.util.List<Path> shipped() {
        return Scenarios.shipped();
    }

    @ParameterizedTest
    @MethodSource("shipped")
    void everyShippedScenarioCanRunOnAKernel(Path file) {
        // task-exits-during-vma-dump's 'tid victim' too: the driver passes the victim's driver pid; and
        // prog-holds-its-maps' 'prog load ... map m': the driver's program that loads the map's fd
        assertEquals(null, KernelCheck.unsupported(Scenarios.parse(file)));
    }

    @Test
    void aTidNamingAForkedTaskIsNotRun() {
        // the model gives a forked task no thread id (its tid names no task there); the kernel would see
        // the forked driver's real pid: another question, so not run, with the reason
        String why = KernelCheck.unsupported(Scenarios.parse("probe.scn", "task t:\n    fork c\n"
                + "    p = prog load dump_task target task\n    l = link create p tid c\n"
                + "task c forked:\n    exit\n"));
        assertTrue(why != null && why.contains("tid c names a forked task"), String.valueOf(why));
    }

    @Test
    void replies() {
        assertEquals(new Reply(0, java.util.List.of("3", "17"), ""), Reply.parse("ok 3 17"));
        assertEquals(new Reply(0, java.util.List.of(), ""), Reply.parse("ok"));
        assertEquals(new Reply(13, java.util.List.of(), "libbpf: prog 'x': failed"), Reply.parse("err 13 libbpf: prog 'x': failed"));
        assertEquals("ENOENT", Errnos.name(2));
        assertEquals("EXDEV", Errnos.name(18));
        assertEquals("errno 4242", Errnos.name(4242));
    }
}
