package bpflife.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.actors.Command;
import bpflife.actors.LiveRun;
import bpflife.actors.LiveWorld;
import bpflife.actors.LocalRegistry;
import bpflife.actors.Registry;
import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.ScenarioParser;
import bpflife.protocol.ActorId;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * An object made in a new world recovers without asking the database (issue 16: one query per
 * object made, behind the writes on the database's pool, for an entity the registry knows is new),
 * and no object asks the snapshot store (bpflife saves no snapshot). Counted by H2 itself
 * ({@code INFORMATION_SCHEMA.QUERY_STATISTICS}), so what is counted is what reached the database.
 * A real restart, an object passivated and reached again, or a world not known to be new, still
 * recovers from the journal.
 */
@DisplayName("recovery of new objects")
class NewObjectRecoveryTest {
    private static final Path SCENARIO = Path.of("..", "scenarios", "rm-during-cats.scn");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Path dir;
    private Store store;

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("bpflife-new-objects-");
        store = Store.open(ConfigFactory.empty()
                .withValue("bpflife.store", ConfigValueFactory.fromAnyRef("h2"))
                .withValue("bpflife.data-dir", ConfigValueFactory.fromAnyRef(dir.toString())));
    }

    @AfterEach
    void close() throws Exception {
        store.close();
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Executions so far of the statements whose text contains each of {@code parts} (case-insensitive). */
    private long executions(String... parts) throws Exception {
        try (Connection c = DriverManager.getConnection(store.settings().url(), "sa", "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT SQL_STATEMENT, EXECUTION_COUNT FROM INFORMATION_SCHEMA.QUERY_STATISTICS")) {
            long n = 0;
            while (rs.next()) {
                String sql = rs.getString(1).toLowerCase(java.util.Locale.ROOT);
                boolean all = true;
                for (String p : parts) {
                    all &= sql.contains(p);
                }
                if (all) {
                    n += rs.getLong(2);
                }
            }
            return n;
        }
    }

    private void countQueries() throws Exception {
        try (Connection c = DriverManager.getConnection(store.settings().url(), "sa", "");
             Statement st = c.createStatement()) {
            st.execute("SET QUERY_STATISTICS_MAX_ENTRIES 1000");
            st.execute("SET QUERY_STATISTICS TRUE");
        }
    }

    private long highestQueries() throws Exception {
        return executions("max(", "sequence_number", "event_journal");
    }

    private long snapshotQueries() throws Exception {
        return executions("select", "\"snapshot\"");
    }

    /** Runs the scenario live as {@code name} through the registry {@code registry} makes. */
    private LiveWorld run(String name, Function<ActorSystem<?>, Function<LiveWorld, Registry>> registry)
            throws Exception {
        String text = Files.readString(SCENARIO, StandardCharsets.UTF_8);
        Scenario sc = ScenarioParser.parse(SCENARIO.toString(), text);
        LiveRun.create(store.system(), LiveWorlds.meta(name, sc, text, Semantics.LINUX), TIMEOUT)
                .toCompletableFuture().get(60, TimeUnit.SECONDS);
        LiveWorld w = new LiveWorld(name, new Env(sc, Semantics.LINUX), registry.apply(store.system()));
        LiveRun.run(store.system(), w, TIMEOUT).toCompletableFuture().get(60, TimeUnit.SECONDS);
        return w;
    }

    @Test
    @DisplayName("a new world's objects born in it recover without a journal query and none asks the snapshot "
            + "store; a world not known to be new queries once per object")
    void newObjectsDoNotQuery() throws Exception {
        countQueries();
        long highest0 = highestQueries();
        long snap0 = snapshotQueries();
        LiveWorld fresh = run("fresh", LocalRegistry::forNewWorld);
        int objects = fresh.registry().known().size();
        assertTrue(objects > 20, "objects made: " + objects);
        // left: the world's own entity (WORLD|world) and the kernel's singletons, made by a message, not a birth
        long services = fresh.registry().known().stream().filter(id -> id instanceof ActorId.ServiceId).count();
        assertTrue(services < objects / 2, services + " services of " + objects);
        assertEquals(1 + services, highestQueries() - highest0, "highest-sequence-number queries for " + objects
                + " objects, " + services + " of them services");
        long snapFresh = snapshotQueries() - snap0;
        assertTrue(snapFresh <= 1, "snapshot queries: " + snapFresh);
        fresh.closing();
        fresh.registry().stopAll();

        long highest1 = highestQueries();
        LiveWorld known = run("not-known-new", LocalRegistry::on);
        int objects2 = known.registry().known().size();
        assertEquals(objects2 + 1, highestQueries() - highest1, "every object of a world not known to be new queries");
        known.closing();
        known.registry().stopAll();
        assertTrue(snapshotQueries() - snap0 <= 2, "no object asks the snapshot store");
    }

    @Test
    @DisplayName("an object passivated in a new world and reached again recovers its state from the journal")
    void passivatedObjectRecoversFromTheJournal() throws Exception {
        LiveWorld w = run("again", LocalRegistry::forNewWorld);
        ActorId gone = w.registry().known().stream().filter(id -> id instanceof ActorId.TaskId
                && w.finalState(id) != null).findFirst().orElseThrow();
        countQueries();
        long before = highestQueries();
        Command.Current c = LiveRun.<Command.Current>ask(store.system(), w, gone, Command.GetState::new, TIMEOUT)
                .get(60, TimeUnit.SECONDS);
        assertEquals(1, highestQueries() - before, "the new actor of " + gone + " asks the journal");
        assertNotNull(c.state(), gone + " recovered nothing");
        assertTrue(c.steps() > 0, gone + " recovered no step");
        assertTrue(c.state() instanceof bpflife.model.Task.State t && t.exited(), gone + " recovered as " + c.state());
        w.closing();
        w.registry().stopAll();
    }
}
