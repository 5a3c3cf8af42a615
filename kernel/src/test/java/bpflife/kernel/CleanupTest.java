package bpflife.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.protocol.IdKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Nothing of a kernel run is left behind: no pin or directory of ours in bpffs or cgroupfs, no
 * link, prog or map id that was not there before, no driver process; also when the run fails
 * half-way, when its JVM gets SIGTERM (what Ctrl-C does: the shutdown hook runs) and, once the
 * next run has started, when its JVM was killed with SIGKILL.
 */
class CleanupTest {

    private record Ids(List<Integer> links, List<Integer> progs, List<Integer> maps) {
        static Ids now() {
            return new Ids(Kernel.ids(IdKind.LINK), Kernel.ids(IdKind.PROG), Kernel.ids(IdKind.MAP));
        }
    }

    private static void assertNothingLeft(Ids before) {
        assertEquals(before.links(), Kernel.idsSettleTo(IdKind.LINK, before.links()), "link ids");
        assertEquals(before.progs(), Kernel.idsSettleTo(IdKind.PROG, before.progs()), "prog ids");
        assertEquals(before.maps(), Kernel.idsSettleTo(IdKind.MAP, before.maps()), "map ids");
        assertEquals(List.of(), Kernel.ourDirectories(), "bpflife directories in bpffs or cgroupfs");
        List<ProcessHandle> drivers = ProcessHandle.current().descendants()
                .filter(p -> p.info().command().orElse("").endsWith("bpflife-driver")).filter(ProcessHandle::isAlive)
                .toList();
        assertEquals(List.of(), drivers.stream().map(ProcessHandle::pid).toList(), "driver processes");
    }

    @Test
    void everyShippedScenarioLeavesNothing() {
        Kernel.assumeReady();
        Ids before = Ids.now();
        int ran = 0;
        for (Path p : Scenarios.shipped()) {
            // a scenario the kernel check cannot run here (bpf_map_elem on 6.18.44-fc) makes nothing;
            // the others still run, so one refused target does not skip the whole check
            KernelReport r = KernelCheck.run(Scenarios.parse(p), KernelCheck.Options.DEFAULT, n -> { });
            ran += r.verdict() == KernelReport.Verdict.NOT_RUN ? 0 : 1;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(ran > 0, "no shipped scenario could run on this kernel");
        assertNothingLeft(before);
    }

    @Test
    void aRunThatFailsHalfWayLeavesNothing() {
        Kernel.assumeReady();
        Ids before = Ids.now();
        // step 10 of fork-dup-share-session: the pin, the session (dup, forked child), link and prog exist
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KernelCheck.run(
                Scenarios.parse(Scenarios.repo().resolve("scenarios/fork-dup-share-session.scn")),
                KernelCheck.Options.DEFAULT.withBeforeStep(n -> {
                    if (n == 10) {
                        assertNotEquals(before.links(), Kernel.ids(IdKind.LINK), "the run made its link");
                        throw new IllegalStateException("failing on purpose");
                    }
                }), x -> { }));
        assertEquals("failing on purpose", e.getMessage());
        assertNothingLeft(before);
    }

    @Test
    void sigtermRunsTheCleanupHook() throws Exception {
        Kernel.assumeReady();
        Ids before = Ids.now();
        Process p = startPaused("fork-dup-share-session.scn", 12);
        try {
            assertFalse(Kernel.ourDirectories().isEmpty(), "the paused run has its bpffs directory");
            assertNotEquals(before.links(), Kernel.ids(IdKind.LINK), "the paused run has its link");
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the JVM ended");
        } finally {
            p.destroyForcibly();
        }
        assertNothingLeft(before);
    }

    @Test
    void aRunKilledWithSigkillIsCleanedUpByTheNextRun() throws Exception {
        Kernel.assumeReady();
        Ids before = Ids.now();
        Process p = startPaused("rm-during-cats.scn", 14);
        List<ProcessHandle> drivers;
        try {
            drivers = p.descendants().toList();
            p.destroyForcibly(); // SIGKILL: no hook runs; the drivers see their input end and exit
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the JVM ended");
        } finally {
            p.destroyForcibly();
        }
        for (ProcessHandle d : drivers) {
            d.onExit().get(10, TimeUnit.SECONDS);
        }
        List<Path> left = Kernel.ourDirectories();
        assertFalse(left.isEmpty(), "the killed run's pins stay until the next run");
        List<String> notes = new ArrayList<>();
        KernelReport r = KernelCheck.run(Scenarios.parse(Scenarios.repo().resolve("scenarios/anon-outlives-link.scn")),
                KernelCheck.Options.DEFAULT, notes::add);
        assertEquals(KernelReport.Verdict.AGREE, r.verdict(), () -> Scenarios.text(r));
        for (Path dir : left) {
            assertTrue(notes.stream().anyMatch(n -> n.startsWith("removed " + dir + ", left by a bpflife run")),
                    () -> String.join("\n", notes));
        }
        assertNothingLeft(before);
    }

    private static Process startPaused(String scenario, int step) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dbpflife.kernel.build=" + DriverBuild.buildRoot(), PausedRun.class.getName(),
                Scenarios.repo().resolve("scenarios").resolve(scenario).toString(), Integer.toString(step));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.equals("PAUSED")) {
            // wait for the pause
        }
        if (line == null) {
            p.destroyForcibly();
            throw new IllegalStateException("the paused run ended before pausing");
        }
        assertTrue(Files.isDirectory(Host.BPFFS));
        return p;
    }
}
