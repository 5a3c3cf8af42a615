package bpflife.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.actors.LiveWorld;
import bpflife.actors.WorldEnded;
import bpflife.model.Semantics;
import bpflife.protocol.UserError;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15, F2: the journal gone while an object is made (its recovery, a read, fails): the world
 * stops at once with the same one line as a failed write ("journal read failed at world W step S
 * (object): cause; N steps are durable"), exit 2, and the prefix replays. H2 in a temporary
 * directory, with a journal DAO that fails recoveries on demand. A store of its own: the failed
 * recoveries trip the journal's circuit breaker, which would fail other tests' worlds.
 */
class RecoveryFailureTest {

    @Test
    @Timeout(30)
    void aFailedRecoveryStopsTheWorldAtOnce() throws IOException {
        Path dir = Files.createTempDirectory("bpflife-recovery-");
        Path scn = WorldStatusTest.SCENARIOS.resolve("load-cats-rm-update.scn");
        String text = Files.readString(scn, StandardCharsets.UTF_8);
        try (Store store = Store.open(ConfigFactory.empty()
                .withValue("bpflife.store", ConfigValueFactory.fromAnyRef("h2"))
                .withValue("bpflife.data-dir", ConfigValueFactory.fromAnyRef(dir.toString()))
                .withValue("bpflife.timeout", ConfigValueFactory.fromAnyRef("20s"))
                .withValue("jdbc-journal.dao", ConfigValueFactory.fromAnyRef(FailingJournalDao.class.getName())))) {
            FailingJournalDao.injectRead(20);
            long t0 = System.nanoTime();
            LiveWorld.Stopped e = assertThrows(LiveWorld.Stopped.class,
                    () -> LiveWorlds.run(store, "gone-on-read", scn.toString(), text, Semantics.LINUX));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 10_000, "stopped after " + ms + " ms");
            assertEquals(UserError.Exit.BAD_INPUT, e.exit());
            assertEquals(WorldEnded.Status.FAILED, e.status());
            String line = e.getMessage();
            assertTrue(line.startsWith("journal read failed at world gone-on-read step " + (e.steps() + 1) + " ("), line);
            // recoveries run at once: the first to fail is the injected refusal, or one the breaker it
            // tripped refused before that one reported
            assertTrue(line.contains("Connection refused; " + e.steps() + " steps are durable")
                    || line.contains("Circuit Breaker is open; calls are failing fast; " + e.steps()
                    + " steps are durable"), line);
            assertTrue(!line.contains("\n") && !line.contains("Exception"), line);
            FailingJournalDao.heal();
            try (WorldStream ws = WorldStream.open(store, "gone-on-read")) {
                Replayer.Outcome o = Replayer.replay(LiveWorlds.env(ws.meta(), null), ws, false, Long.MAX_VALUE);
                assertTrue(o.identicalPrefix(), o.verdict());
            }
        } finally {
            FailingJournalDao.heal();
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
