package bpflife.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.actors.LiveWorld;
import bpflife.actors.WorldEnded;
import bpflife.model.Semantics;
import bpflife.protocol.UserError;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15, F2, F5, F6: every world carries its status; a failed journal write stops the world at
 * once with one line and leaves a prefix that replays; a bad world name is refused before anything
 * is written; worlds are listed and removed. H2 in a temporary directory, with a journal DAO that
 * fails on demand (fault injection: a full disk).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorldStatusTest {
    static final Path SCENARIOS = Path.of("..", "scenarios");
    private Path dir;
    private Store store;

    @BeforeAll
    void open() throws IOException {
        dir = Files.createTempDirectory("bpflife-status-");
        Config c = ConfigFactory.empty()
                .withValue("bpflife.store", ConfigValueFactory.fromAnyRef("h2"))
                .withValue("bpflife.data-dir", ConfigValueFactory.fromAnyRef(dir.toString()))
                .withValue("bpflife.timeout", ConfigValueFactory.fromAnyRef("20s"))
                .withValue("jdbc-journal.dao", ConfigValueFactory.fromAnyRef(FailingJournalDao.class.getName()));
        store = Store.open(c);
    }

    @BeforeEach
    void heal() {
        FailingJournalDao.heal();
    }

    @AfterAll
    void close() throws IOException {
        FailingJournalDao.heal();
        store.close();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String text(String name) throws IOException {
        return Files.readString(SCENARIOS.resolve(name + ".scn"), StandardCharsets.UTF_8);
    }

    private LiveWorlds.Result run(String world, String scenario) throws IOException {
        return LiveWorlds.run(store, world, SCENARIOS.resolve(scenario + ".scn").toString(), text(scenario),
                Semantics.LINUX);
    }

    @Test
    @Timeout(30)
    void aCompleteWorldIsMarkedCompleteWithItsScenarioAndHash() throws IOException {
        LiveWorlds.Result r = run("complete-1", "rm-during-cats");
        assertTrue(r.replay().identical());
        Worlds.Info i = Worlds.get(store, "complete-1");
        assertNotNull(i);
        assertEquals(WorldEnded.Status.COMPLETE, i.status());
        assertEquals("rm-during-cats", i.scenario());
        assertEquals(r.live().steps(), i.steps());
        assertEquals(r.live().steps(), i.ended().steps());
        assertEquals(64, i.meta().hash().length());
        assertTrue(i.bytes() > 0);
        try (WorldStream ws = WorldStream.open(store, "complete-1")) {
            Replayer.Outcome o = Replayer.replay(LiveWorlds.env(ws.meta(), null), ws, false, Long.MAX_VALUE);
            assertEquals("IDENTICAL", o.verdict());
        }
        // a sample (the load test's): the replay stops at its bound, the record going on is no divergence
        try (WorldStream ws = WorldStream.open(store, "complete-1")) {
            Replayer.Outcome o = Replayer.replay(LiveWorlds.env(ws.meta(), null), ws.stepRecords(), false, 100);
            assertTrue(o.identical(), o.verdict());
            assertEquals(100, o.steps());
        }
    }

    /** F2: the first failed write stops the world within seconds, one line naming world and step; the prefix replays. */
    @Test
    @Timeout(15)
    void aFailedJournalWriteStopsTheWorldAtOnce() throws IOException {
        FailingJournalDao.inject(20, Integer.MAX_VALUE);
        long t0 = System.nanoTime();
        LiveWorld.Stopped e = assertThrows(LiveWorld.Stopped.class, () -> run("full-disk", "load-cats-rm-update"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 10_000, "stopped after " + ms + " ms");
        assertEquals(UserError.Exit.BAD_INPUT, e.exit());
        assertEquals(WorldEnded.Status.FAILED, e.status());
        String line = e.getMessage();
        assertTrue(line.startsWith("journal write failed at world full-disk step " + (e.steps() + 1)), line);
        assertTrue(line.contains("No space left on device"), line);
        assertTrue(line.contains(e.steps() + " steps are durable"), line);
        // the disk is still full: the world cannot be marked, and the line says so
        assertTrue(line.endsWith("; the world could not be marked failed (No space left on device)"), line);
        assertTrue(!line.contains("\n") && !line.contains("Exception"), line);

        FailingJournalDao.heal(); // space again: every acknowledged step is there and replays
        Worlds.Info i = Worlds.get(store, "full-disk");
        assertEquals(WorldEnded.Status.RUNNING, i.status());
        assertTrue(i.steps() >= e.steps(), i.steps() + " stored, " + e.steps() + " acknowledged");
        try (WorldStream ws = WorldStream.open(store, "full-disk")) {
            Replayer.Outcome o = Replayer.replay(LiveWorlds.env(ws.meta(), null), ws, false, Long.MAX_VALUE);
            assertTrue(o.identicalPrefix(), o.verdict());
            assertEquals(i.steps(), o.steps());
            assertTrue(o.verdict().startsWith("IDENTICAL (prefix of " + o.steps() + " steps: the world never ended"),
                    o.verdict());
        }
    }

    /** F2: when the journal takes writes again by then, the world is marked failed and replays as a prefix. */
    @Test
    @Timeout(30)
    void aWorldWhoseWriteFailedIsMarkedFailed() throws IOException {
        // the journal refuses one write, then takes them again: the end is written
        FailingJournalDao.inject(15, 1);
        LiveWorld.Stopped e = assertThrows(LiveWorld.Stopped.class, () -> run("full-then-free", "load-cats-rm-update"));
        assertTrue(e.getMessage().endsWith("; the world is marked failed"), e.getMessage());
        Worlds.Info i = Worlds.get(store, "full-then-free");
        assertEquals(WorldEnded.Status.FAILED, i.status());
        try (WorldStream ws = WorldStream.open(store, "full-then-free")) {
            Replayer.Outcome o = Replayer.replay(LiveWorlds.env(ws.meta(), null), ws, false, Long.MAX_VALUE);
            assertTrue(o.identicalPrefix(), o.verdict());
            assertEquals(WorldEnded.Status.FAILED, ws.status());
            assertEquals("IDENTICAL (prefix of " + o.steps() + " steps: the world failed (a journal write) at step "
                    + o.steps() + ")", o.verdict());
        }
    }

    /** F6: a bad or too long name is refused before anything is written; the name stays free. */
    @Test
    @Timeout(10)
    void aBadWorldNameIsRefusedBeforeAnythingIsWritten() throws IOException {
        for (String bad : List.of("x".repeat(300), "a b", "a|b", "-x", "", "caf\u00e9", "e\u001bx")) {
            UserError e = assertThrows(UserError.class, () -> run(bad, "rm-during-cats"));
            assertEquals(UserError.Exit.BAD_INPUT, e.exit());
            assertTrue(e.getMessage().startsWith("bad world name '"), e.getMessage());
            assertTrue(!e.getMessage().contains("\u001b"), e.getMessage());
        }
        assertTrue(Worlds.list(store).stream().noneMatch(i -> i.name().startsWith("x") || i.name().startsWith("a")));
        run("x".repeat(64), "rm-during-cats"); // the longest name is fine
        assertNotNull(Worlds.get(store, "x".repeat(64)));
    }

    /** F6: worlds are listed, and one is removed with every row (its name free again). */
    @Test
    @Timeout(30)
    void worldsAreListedAndRemoved() throws IOException {
        run("keep_me", "rm-during-cats");
        run("drop_me", "rm-during-cats");
        run("dropXme", "rm-during-cats"); // '_' is not a wildcard
        List<String> names = Worlds.list(store).stream().map(Worlds.Info::name).toList();
        assertTrue(names.containsAll(List.of("keep_me", "drop_me", "dropXme")), names.toString());
        long rows = Worlds.get(store, "drop_me").rows();
        assertEquals(rows, Worlds.remove(store, "drop_me"));
        assertNull(Worlds.get(store, "drop_me"));
        assertNotNull(Worlds.get(store, "dropXme"));
        assertNotNull(Worlds.get(store, "keep_me"));
        assertThrows(UnknownWorldException.class, () -> WorldStream.open(store, "drop_me").close());
        run("drop_me", "rm-during-cats"); // the name is free again
        assertEquals(WorldEnded.Status.COMPLETE, Worlds.get(store, "drop_me").status());
    }
}
