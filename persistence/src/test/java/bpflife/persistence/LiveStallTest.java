package bpflife.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.model.Semantics;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A live run has no fixed time limit: it goes on while it persists steps, and fails when it stalls. */
@DisplayName("run --live: a stall, not a duration, is the failure")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveStallTest {
    /** The store's timeout: here the stall bound, far shorter than the long run takes. */
    private static final Duration STALL = Duration.ofSeconds(2);
    private Path dir;
    private Store store;

    @BeforeAll
    void open() throws IOException {
        dir = Files.createTempDirectory("bpflife-stall-");
        store = Store.open(ConfigFactory.empty()
                .withValue("bpflife.store", ConfigValueFactory.fromAnyRef("h2"))
                .withValue("bpflife.data-dir", ConfigValueFactory.fromAnyRef(dir.toString()))
                .withValue("bpflife.timeout", ConfigValueFactory.fromAnyRef(STALL.toSeconds() + "s")));
    }

    @AfterAll
    void close() throws IOException {
        store.close();
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A run that ends just as one of the driver's one-second waits gives up. */
    private static final class EndsAsTheWaitGivesUp extends java.util.concurrent.CompletableFuture<String> {
        @Override
        public String get(long timeout, java.util.concurrent.TimeUnit unit)
                throws InterruptedException, java.util.concurrent.ExecutionException,
                java.util.concurrent.TimeoutException {
            if (!isDone()) {
                complete("finished");
                throw new java.util.concurrent.TimeoutException();
            }
            return super.get(timeout, unit);
        }
    }

    @Test
    @DisplayName("a run that ends just as a wait gives up is its result, not 'did not finish within 1 s'")
    void endsAsTheWaitGivesUp() throws IOException {
        var sc = bpflife.model.scenario.ScenarioParser.parse("ends.scn", SETUP);
        var world = new bpflife.actors.LiveWorld("ends", new bpflife.model.Env(sc, Semantics.LINUX), w -> null);
        assertEquals("finished", LiveWorlds.whileMoving(new EndsAsTheWaitGivesUp(), world, STALL, s -> { }));
    }

    private static final String SETUP = """
            objects task 3
            setup:
                mkdir /sys/fs/bpf/t
                p = prog load dump_task target task pad 24
                l = link create p
                pin l /sys/fs/bpf/t/it
                close l
                close p
            """;

    @Test
    @DisplayName("a world that takes longer than the timeout while it makes progress finishes")
    void aLongRunFinishes() {
        String text = "scenario long\n" + SETUP + """
                task cat[1..3000]:
                    f = open /sys/fs/bpf/t/it
                    read f 4096 until eof
                    close f
                """;
        java.util.List<Long> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        LiveWorlds.Result r = LiveWorlds.run(store, "long", "long.scn", text, Semantics.LINUX, seen::add);
        assertTrue(r.replay().identical(), () -> String.valueOf(r.replay().divergence()));
        assertTrue(r.live().elapsed().compareTo(STALL) > 0, "the run took " + r.live().elapsed()
                + ", no longer than the timeout " + STALL + ": it shows nothing (make the world bigger)");
        assertTrue(!seen.isEmpty(), "progress told once a second");
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) >= seen.get(i - 1), "steps only grow: " + seen);
        }
    }

    @Test
    @DisplayName("a world that stops persisting steps fails after the timeout, saying it stalled")
    void aStalledRunFails() {
        String text = "scenario stalled\n" + SETUP + """
                task a:
                    wait to_a
                    signal to_b
                task b:
                    wait to_b
                    signal to_a
                """;
        LiveWorlds.LiveRunFailed e = assertThrows(LiveWorlds.LiveRunFailed.class,
                () -> LiveWorlds.run(store, "stalled", "stalled.scn", text, Semantics.LINUX));
        assertTrue(e.getMessage().startsWith("world stalled stalled: nothing moved for 2 s"), e.getMessage());
        assertEquals(LiveWorlds.LiveRunFailed.class, e.getClass());
    }
}
