package bpflife.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.BootstrapSetup;
import org.apache.pekko.actor.setup.ActorSystemSetup;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProviderSetup;

/**
 * The durable journal: an actor system with pekko-persistence-jdbc on H2 (an embedded file under
 * the data directory, the default) or PostgreSQL ({@code bpflife.store = postgres}), the journal
 * schema made if missing, and the read journal for queries by tag.
 *
 * <p>Settings come from {@code bpflife-persistence.conf} (defaults and environment variables
 * BPFLIFE_STORE, BPFLIFE_DATA_DIR, BPFLIFE_PG_URL, BPFLIFE_PG_USER, BPFLIFE_PG_PASSWORD),
 * under system properties ({@code -Dbpflife.store=postgres}), under the overrides a caller
 * passes.
 */
public final class Store implements AutoCloseable {

    public enum Db { H2, POSTGRES }

    /** Where the journal is. The password is never printed. */
    public record Settings(Db db, Path dataDir, String url, String user, String password, Duration timeout) {

        public static Settings of(Config c) {
            // the names until issue 12: refused by name, not silently ignored
            if (c.hasPath("bpflife.journal") || System.getenv("BPFLIFE_JOURNAL") != null) {
                throw new IllegalArgumentException("bpflife.journal (BPFLIFE_JOURNAL) is now bpflife.store "
                        + "(BPFLIFE_STORE, or --store h2|postgres)");
            }
            String j = c.getString("bpflife.store").trim().toLowerCase(Locale.ROOT);
            Db db = switch (j) {
                case "h2" -> Db.H2;
                case "postgres", "postgresql" -> Db.POSTGRES;
                default -> throw new IllegalArgumentException("bpflife.store is '" + j + "': use h2 or postgres");
            };
            Path dir = Path.of(c.getString("bpflife.data-dir"));
            Duration timeout = c.getDuration("bpflife.timeout");
            if (db == Db.H2) {
                // WRITE_DELAY (bpflife.h2.write-delay, default 0): with 0 a commit is in the file before the
                // write is acknowledged, so a step the journal confirmed survives the process being killed
                // (H2 delays it 500 ms by default); see ARCHITECTURE.md, "The journal".
                // MAX_LENGTH_INPLACE_LOB: Pekko's H2 schema makes the payload a BLOB, and H2 keeps a BLOB
                // over 256 bytes (most step records) in its LOB store: 9 KB of file per row and a third
                // of the write time; stored in the row up to 16 KB, a world's rows take their own size.
                long delay = c.getDuration("bpflife.h2.write-delay").toMillis();
                String url = "jdbc:h2:file:" + dir.toAbsolutePath().normalize().resolve("journal")
                        + ";WRITE_DELAY=" + delay + ";MAX_COMPACT_TIME=2000;MAX_LENGTH_INPLACE_LOB=16384";
                return new Settings(db, dir, url, "sa", "", timeout);
            }
            return new Settings(db, dir, c.getString("bpflife.postgres.url"), c.getString("bpflife.postgres.user"),
                    c.getString("bpflife.postgres.password"), timeout);
        }

        /** For messages: {@code h2 bpflife-data/journal} or {@code postgres jdbc:postgresql://...}. */
        public String describe() {
            return db == Db.H2 ? "h2 " + dataDir.resolve("journal") : "postgres " + url;
        }
    }

    private final Settings settings;
    private final ActorSystem<Void> system;
    private final JdbcReadJournal readJournal;

    private Store(Settings settings, ActorSystem<Void> system) {
        this.settings = settings;
        this.system = system;
        this.readJournal = PersistenceQuery.get(system).getReadJournalFor(JdbcReadJournal.class,
                JdbcReadJournal.Identifier());
    }

    /** The configuration: overrides, then system properties, then bpflife-persistence.conf (with the environment). */
    public static Config config(Config overrides) {
        return overrides.withFallback(ConfigFactory.systemProperties())
                .withFallback(ConfigFactory.parseResources(Store.class.getClassLoader(), "bpflife-persistence.conf"))
                .resolve();
    }

    public static Store open() {
        return open(ConfigFactory.empty());
    }

    /** Starts the actor system on the configured journal and makes the schema if it is missing. */
    public static Store open(Config overrides) {
        Config c = config(overrides);
        Settings s = Settings.of(c);
        if (s.db() == Db.H2) {
            try {
                Files.createDirectories(s.dataDir());
            } catch (IOException e) {
                throw new UncheckedIOException("can't make the data directory " + s.dataDir() + ": " + e.getMessage(), e);
            }
        }
        Config db = ConfigFactory.parseMap(Map.of(
                "profile", s.db() == Db.H2 ? "slick.jdbc.H2Profile$" : "slick.jdbc.PostgresProfile$",
                "db.url", s.url(),
                "db.user", s.user(),
                "db.password", s.password(),
                "db.driver", s.db() == Db.H2 ? "org.h2.Driver" : "org.postgresql.Driver"));
        Config full = ConfigFactory.empty()
                .withValue("pekko-persistence-jdbc.shared-databases.slick", db.root())
                .withValue("jdbc-journal.parallelism", ConfigValueFactory.fromAnyRef(c.getInt(
                        s.db() == Db.H2 ? "bpflife.h2.write-parallelism" : "bpflife.postgres.write-parallelism")))
                .withFallback(c);
        full = ConfigFactory.load(full);
        ActorSystemSetup setup = ActorSystemSetup.create(BootstrapSetup.create(full),
                JacksonObjectMapperProviderSetup.create(new JournalJackson()));
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bpflife", setup);
        Store store = new Store(s, system);
        try {
            SchemaUtils.createIfNotExists("bpflife.journal-schema", system).toCompletableFuture().get(s.timeout().toMillis(), TimeUnit.MILLISECONDS);
            tuneSchema(s);
        } catch (Exception e) {
            store.close();
            Throwable t = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("can't open the journal (" + s.describe() + "): " + t.getMessage(), t);
        }
        return store;
    }

    /**
     * Two changes to Pekko's schema, on one connection (an embedded H2 connection is costly to open).
     *
     * <p>Pekko's schema indexes event_tag by (event_id, tag) only, so a query by tag walks the tags
     * of every world stored before it: reading a world got slower with every world kept (2 s per
     * query next to a million-row world). An index by (tag, event_id) makes it the world's own
     * rows. Schema only: worlds are still read through Persistence Query.
     *
     * <p>H2 only: H2 reserves the identity column's values 32 at a time, and each reservation is a
     * commit of its own (a sixth of the write path's CPU under load). A larger cache makes that
     * rare; the values reserved and not used are lost only when the process dies, a gap Pekko's
     * read journal already handles.
     */
    private static void tuneSchema(Settings s) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(s.url(), s.user(), s.password());
             java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE INDEX IF NOT EXISTS \"event_tag_tag_idx\" ON \"event_tag\" (\"tag\", \"event_id\")");
            if (s.db() == Db.H2) {
                st.execute("ALTER TABLE \"event_journal\" ALTER COLUMN \"ordering\" SET CACHE 10000");
            }
        }
    }

    public Settings settings() {
        return settings;
    }

    public ActorSystem<Void> system() {
        return system;
    }

    public JdbcReadJournal readJournal() {
        return readJournal;
    }

    /** Stops the actor system and waits for it (the database connections close with it). */
    @Override
    public void close() {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // terminated or not, nothing more to do
        }
    }

    static Config with(String key, Object value) {
        return ConfigFactory.empty().withValue(key, ConfigValueFactory.fromAnyRef(value));
    }
}
