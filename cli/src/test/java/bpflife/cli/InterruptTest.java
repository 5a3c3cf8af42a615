package bpflife.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.actors.WorldEnded;
import bpflife.persistence.LiveWorlds;
import bpflife.persistence.Replayer;
import bpflife.persistence.Store;
import bpflife.persistence.WorldStream;
import bpflife.persistence.Worlds;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15, F3 and F5: Ctrl-C (SIGINT, sent with kill -INT) during {@code bpflife load} or
 * {@code bpflife run --live} stops cleanly: exit 130 within seconds, one line on stderr, the world marked interrupted; the journal's
 * acknowledged steps replay IDENTICAL as a prefix. And a load stopped by {@code --duration} is
 * recorded as stopped and replays IDENTICAL as a prefix, not DIVERGED. The CLI runs in a child
 * JVM on the test class path.
 */
class InterruptTest {
    private Path dir;

    @BeforeEach
    void dir() throws IOException {
        dir = Files.createTempDirectory("bpflife-sigint-");
    }

    @AfterEach
    void clean() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private Process child(long steps, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        if (Runtime.version().feature() >= 23) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.add("-Dbpflife.test.steps=" + steps);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(InterruptHarness.class.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).start();
    }

    /** Blocking reads, each on its own thread (the common pool may have one thread on a small machine). */
    private static final java.util.concurrent.Executor READERS = r -> {
        Thread t = new Thread(r, "child-reader");
        t.setDaemon(true);
        t.start();
    };

    private static CompletableFuture<List<String>> lines(java.io.InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            List<String> out = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    out.add(l);
                }
            } catch (IOException e) {
                out.add("(read failed: " + e.getMessage() + ")");
            }
            return out;
        }, READERS);
    }

    private Store store() {
        return Store.open(ConfigFactory.empty()
                .withValue("bpflife.store", ConfigValueFactory.fromAnyRef("h2"))
                .withValue("bpflife.data-dir", ConfigValueFactory.fromAnyRef(dir.toString())));
    }

    @Test
    @Timeout(120)
    void ctrlCDuringALoadStopsCleanlyAndThePrefixReplays() throws Exception {
        Process p = child(300, "load", "--data-dir", dir.toString(), "--world", "sigint", "--duration", "120",
                "--sessions", "2000", "--concurrency", "50");
        interruptedCleanly(p, "sigint", 300);
    }

    /** F3 for run --live: a live world of a thousand readers, interrupted after 300 steps. */
    @Test
    @Timeout(120)
    void ctrlCDuringALiveRunStopsCleanlyAndThePrefixReplays() throws Exception {
        Path scn = dir.resolve("many-cats.scn");
        Files.writeString(scn, """
                scenario many-cats
                objects task 200

                setup:
                    mkdir /sys/fs/bpf/tasks
                    p = prog load dump_task target task pad 24
                    l = link create p
                    pin l /sys/fs/bpf/tasks/foo
                    close l
                    close p

                task cat[1..1000]:
                    f = open /sys/fs/bpf/tasks/foo
                    read f 16 until eof
                    close f
                """, StandardCharsets.UTF_8);
        Process p = child(300, "run", scn.toString(), "--live", "--data-dir", dir.toString(), "--world", "sigint-live");
        interruptedCleanly(p, "sigint-live", 300);
    }

    /**
     * Waits for the child's world to persist {@code steps} steps, sends SIGINT, and checks the
     * stop: exit 130 within 10 s, one line, the world marked interrupted with at least the steps
     * acknowledged, and the journal replays IDENTICAL as a prefix.
     */
    private void interruptedCleanly(Process p, String world, long steps) throws Exception {
        CompletableFuture<List<String>> err = lines(p.getErrorStream());
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String ready;
        try {
            ready = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    return null;
                }
            }, READERS).get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            p.destroyForcibly();
            throw new AssertionError("the child did not start within 60 s: " + err.get(5, TimeUnit.SECONDS), e);
        }
        assertTrue(ready != null && ready.startsWith("STEPS "), "the child did not start: " + ready + " "
                + (p.isAlive() ? "" : err.get(5, TimeUnit.SECONDS)));
        long sent = System.nanoTime();
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start().waitFor();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "still running 10 s after SIGINT");
        long ms = (System.nanoTime() - sent) / 1_000_000;
        List<String> errLines = err.get(5, TimeUnit.SECONDS).stream().filter(l -> !l.isBlank()).toList();
        assertEquals(130, p.exitValue(), String.join("\n", errLines));
        assertEquals(1, errLines.size(), "one line, not: " + String.join("\n", errLines));
        String line = errLines.get(0);
        assertTrue(line.startsWith("Error: interrupted: world " + world + " stopped after "), line);
        assertTrue(line.endsWith("durable steps; the world is marked interrupted"), line);
        assertTrue(ms < 10_000, ms + " ms");
        long acknowledged = Long.parseLong(line.replaceAll(".* stopped after (\\d+) durable steps.*", "$1"));
        assertTrue(acknowledged >= steps, line);

        try (Store s = store()) {
            Worlds.Info i = Worlds.get(s, world);
            assertEquals(WorldEnded.Status.INTERRUPTED, i.status());
            assertTrue(i.steps() >= acknowledged, i.steps() + " stored, " + acknowledged + " acknowledged");
            try (WorldStream ws = WorldStream.open(s, world)) {
                Replayer.Outcome o = Replayer.replay(LiveWorlds.env(ws.meta(), null), ws, false, Long.MAX_VALUE);
                assertTrue(o.identicalPrefix(), o.verdict());
                assertEquals(i.steps(), o.steps());
                assertEquals("IDENTICAL (prefix of " + o.steps() + " steps: the world was interrupted at step "
                        + o.steps() + ")", o.verdict());
            }
        }
    }

    /** F5: a load stopped by --duration is recorded as stopped; replay --world says IDENTICAL as a prefix. */
    @Test
    @Timeout(120)
    void aLoadStoppedByItsDurationReplaysAsAPrefix() {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.run(new PrintWriter(o), new PrintWriter(e), "load", "--data-dir", dir.toString(),
                "--world", "short", "--duration", "1", "--sessions", "2000", "--concurrency", "20");
        assertEquals(0, code, o + "\n" + e);
        o = new StringWriter();
        e = new StringWriter();
        code = Main.run(new PrintWriter(o), new PrintWriter(e), "replay", "--world", "short", "--data-dir",
                dir.toString());
        assertEquals(0, code, o + "\n" + e);
        assertTrue(o.toString().contains("verdict: IDENTICAL (prefix of "), o.toString());
        assertTrue(o.toString().contains("steps: the world was stopped at step "), o.toString());
        o = new StringWriter();
        code = Main.run(new PrintWriter(o), new PrintWriter(e), "worlds", "--data-dir", dir.toString());
        assertEquals(0, code, e.toString());
        assertTrue(o.toString().lines().anyMatch(l -> l.startsWith("short ") && l.contains(" stopped ")), o.toString());
    }
}
