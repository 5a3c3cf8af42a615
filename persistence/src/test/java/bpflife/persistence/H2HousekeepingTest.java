package bpflife.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.model.Semantics;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The H2 journal keeps H2's background thread, which rewrites its sparse chunks and frees old ones
 * (with H2's WRITE_DELAY=0 it has none, and a long load's file and chunk table grew without bound:
 * BENCHMARKS.md "Issue 15"), and still stores every batch in the file before acknowledging it.
 */
@DisplayName("H2 journal housekeeping")
class H2HousekeepingTest {
    private static final Path SCENARIO = Path.of("..", "scenarios", "rm-during-cats.scn");

    @TempDir
    Path dir;

    private Config config(String writeDelay, String housekeeping) {
        return ConfigFactory.empty()
                .withValue("bpflife.store", ConfigValueFactory.fromAnyRef("h2"))
                .withValue("bpflife.data-dir", ConfigValueFactory.fromAnyRef(dir.toString()))
                .withValue("bpflife.h2.write-delay", ConfigValueFactory.fromAnyRef(writeDelay))
                .withValue("bpflife.h2.housekeeping", ConfigValueFactory.fromAnyRef(housekeeping));
    }

    /** Runs the scenario live as {@code world}; the steps the journal acknowledged (more than 50). */
    private static int run(Store store, String world) throws Exception {
        String text = Files.readString(SCENARIO, StandardCharsets.UTF_8);
        int steps = LiveWorlds.run(store, world, SCENARIO.toString(), text, Semantics.LINUX).result().records().size();
        assertTrue(steps > 50, "steps: " + steps);
        return steps;
    }

    /** The open database's MVStore, through a connection of this JVM (embedded: the same database). */
    private static MVStore mvStore(Connection c) throws Exception {
        SessionLocal s = (SessionLocal) c.unwrap(JdbcConnection.class).getSession();
        return s.getDatabase().getStore().getMvStore();
    }

    private static boolean backgroundThread(Path dir) {
        String file = dir.toAbsolutePath().normalize().resolve("journal.mv.db").toString();
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("MVStore background writer") && t.getName().contains(file));
    }

    @Test
    @DisplayName("by default (write-delay 0): H2's background thread runs, WRITE_DELAY is the housekeeping period")
    void defaults() {
        try (Store store = Store.open(ConfigFactory.empty()
                .withValue("bpflife.store", ConfigValueFactory.fromAnyRef("h2"))
                .withValue("bpflife.data-dir", ConfigValueFactory.fromAnyRef(dir.toString())))) {
            assertTrue(store.settings().redoLog());
            assertFalse(store.settings().redoLogSync());
            assertEquals(200_000, store.settings().groupCommit().toNanos());
            assertTrue(store.settings().url().contains(";WRITE_DELAY=100;"), store.settings().url());
            assertTrue(backgroundThread(dir), "no MVStore background writer for " + dir);
        }
    }

    @Test
    @DisplayName("the journal does not store each batch itself: H2's background thread stores the acknowledged "
            + "steps within its period (50 ms here), and the file holds no more than a few KB an entry")
    void backgroundStores() throws Exception {
        try (Store store = Store.open(config("0ms", "50ms"))) {
            int steps = run(store, "stored");
            try (Connection c = DriverManager.getConnection(store.settings().url(), "sa", "")) {
                MVStore mv = mvStore(c);
                assertEquals(50, mv.getAutoCommitDelay());
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (mv.hasUnsavedChanges() && System.nanoTime() < deadline) {
                    // H2's own thread, not an actor: nothing tells when it has stored, so its state is polled
                    java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
                }
                assertFalse(mv.hasUnsavedChanges(), "H2 never stored the acknowledged steps in 30 s");
                long file = Files.size(dir.toAbsolutePath().resolve("journal.mv.db"));
                assertTrue(file < 64L * 1024 * steps + (4 << 20), "file " + file + " B for " + steps + " steps");
            }
        }
    }

    @Test
    @DisplayName("with a long housekeeping period (1 h) the acknowledged steps are in the redo log, not stored in "
            + "the file by each batch")
    void acknowledgedIsLogged() throws Exception {
        try (Store store = Store.open(config("0ms", "1h"))) {
            run(store, "logged");
            long logged = 0;
            for (Path log : RedoReplay.files(dir.toAbsolutePath().normalize())) {
                logged += RedoReplay.read(log).size();
            }
            try (Connection c = DriverManager.getConnection(store.settings().url(), "sa", "")) {
                MVStore mv = mvStore(c);
                // a cut (every second at most) stores the file and empties the log: one or the other holds them
                assertTrue(logged > 0 || !mv.hasUnsavedChanges(), "neither logged nor stored");
                assertEquals(3_600_000, mv.getAutoCommitDelay());
            }
        }
    }

    @Test
    @DisplayName("write-delay D: H2 writes commits D late and the journal does not store each one; housekeeping 0: "
            + "H2 stores at each commit itself (no background thread)")
    void otherSettings() {
        Store.Settings late = Store.Settings.of(Store.config(config("250ms", "100ms")));
        assertFalse(late.redoLog());
        assertTrue(late.url().contains(";WRITE_DELAY=250;"), late.url());
        Store.Settings h2Itself = Store.Settings.of(Store.config(config("0ms", "0ms")));
        assertFalse(h2Itself.redoLog());
        assertTrue(h2Itself.url().contains(";WRITE_DELAY=0;"), h2Itself.url());
    }
}
