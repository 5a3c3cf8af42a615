package bpflife.persistence;

import bpflife.protocol.UserError;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.BootstrapSetup;
import org.apache.pekko.actor.setup.ActorSystemSetup;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.jdbc.db.SlickExtension;
import org.apache.pekko.persistence.jdbc.db.SlickExtensionImpl;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProviderSetup;

/**
 * The durable journal: an actor system with pekko-persistence-jdbc on H2 (an embedded file under
 * the data directory, the default) or PostgreSQL ({@code bpflife.store = postgres}), the journal
 * schema made if missing, and the read journal for queries by tag.
 *
 * <p>Settings come from {@code bpflife-persistence.conf} (defaults and environment variables
 * BPFLIFE_STORE, BPFLIFE_DATA_DIR, BPFLIFE_PG_URL, BPFLIFE_PG_USER, BPFLIFE_PG_PASSWORD,
 * BPFLIFE_CONNECT_TIMEOUT),
 * under system properties ({@code -Dbpflife.store=postgres}), under the overrides a caller
 * passes.
 */
public final class Store implements AutoCloseable {
    static {
        // H2's value cache hashes every value bound (a row's whole payload too) and compares it with
        // the one cached under that hash, to share values a journal never repeats: 3.5% of the CPU
        // of a load at 500 sessions/s (JFR, BENCHMARKS.md session 12). H2 reads the setting once,
        // when its SysProperties loads, so it is set here, before any H2 class is used; a
        // -Dh2.objectCache on the command line wins.
        if (System.getProperty("h2.objectCache") == null) {
            System.setProperty("h2.objectCache", "false");
        }
    }

    public enum Db { H2, POSTGRES }

    /**
     * Where the journal is. The password is never printed. {@code connectTimeout} bounds every wait
     * for a connection, a login and (H2) a lock: then it is an error, not a hang. {@code socketTimeout}
     * (PostgreSQL) bounds a statement the server holds without answering (a hung server, a network
     * that drops packets silently): the write fails and the world stops, as when the server is gone.
     */
    public record Settings(Db db, Path dataDir, String url, String user, String password, Duration timeout,
                           Duration connectTimeout, Duration socketTimeout, boolean redoLog, boolean redoLogSync,
                           Duration groupCommit) {

        public static Settings of(Config c) {
            // the names until issue 12: refused by name, not silently ignored
            if (c.hasPath("bpflife.journal") || System.getenv("BPFLIFE_JOURNAL") != null) {
                throw new UserError("bpflife.journal (BPFLIFE_JOURNAL) is now bpflife.store "
                        + "(BPFLIFE_STORE, or --store h2|postgres)");
            }
            String j = c.getString("bpflife.store").trim().toLowerCase(Locale.ROOT);
            Db db = switch (j) {
                case "h2" -> Db.H2;
                case "postgres", "postgresql" -> Db.POSTGRES;
                default -> throw new UserError("bpflife.store is '" + j + "': use h2 or postgres");
            };
            Path dir = Path.of(c.getString("bpflife.data-dir"));
            Duration timeout = c.getDuration("bpflife.timeout");
            Duration connect = c.getDuration("bpflife.connect-timeout");
            if (connect.isNegative() || connect.isZero()) {
                throw new UserError("bpflife.connect-timeout (BPFLIFE_CONNECT_TIMEOUT) is " + connect.toMillis()
                        + " ms: give a positive time, such as 5s");
            }
            if (db == Db.H2) {
                // bpflife.h2.write-delay (default 0): with 0 a step the journal acknowledged survives the
                // process being killed (H2 delays it 500 ms by default); see ARCHITECTURE.md, "The journal".
                // H2 does that itself with WRITE_DELAY=0, but then it has no background thread, and that
                // thread is what rewrites its sparse chunks and frees them: a long load's file and chunk
                // table grew without bound (BENCHMARKS.md "Issue 15"). So WRITE_DELAY is
                // bpflife.h2.housekeeping (that thread's period, when H2 stores its pages) and the journal
                // appends each batch to its own redo log (RedoLog) after its commit, before acknowledging
                // it; the next open puts back what H2 had not stored (RedoReplay). Until session 10 it was
                // a CHECKPOINT (H2's MVStore.commit) after each batch: a third of the write path's CPU.
                // MAX_LENGTH_INPLACE_LOB: Pekko's H2 schema makes the payload a BLOB, and H2 keeps a BLOB
                // over 256 bytes (most step records) in its LOB store: 9 KB of file per row and a third
                // of the write time; stored in the row up to 16 KB, a world's rows take their own size.
                // LOCK_TIMEOUT: a statement waits for another's lock at most connect-timeout.
                long delay = c.getDuration("bpflife.h2.write-delay").toMillis();
                long housekeeping = c.getDuration("bpflife.h2.housekeeping").toMillis();
                if (delay < 0 || housekeeping < 0) {
                    throw new UserError("bpflife.h2.write-delay (BPFLIFE_H2_WRITE_DELAY) and bpflife.h2.housekeeping "
                            + "(BPFLIFE_H2_HOUSEKEEPING) are " + delay + " and " + housekeeping
                            + " ms: give 0 or a positive time, such as 100ms");
                }
                boolean redoLog = delay == 0 && housekeeping > 0;
                Duration group = c.getDuration("bpflife.h2.group-commit");
                if (group.isNegative()) {
                    throw new UserError("bpflife.h2.group-commit (BPFLIFE_H2_GROUP_COMMIT) is " + group.toNanos() / 1000
                            + " us: give 0 or a positive time, such as 200us");
                }
                boolean sync = onOff(c, "bpflife.h2.redo-log-sync", "BPFLIFE_H2_REDO_LOG_SYNC");
                String url = "jdbc:h2:file:" + dir.toAbsolutePath().normalize().resolve("journal")
                        + ";WRITE_DELAY=" + (delay == 0 ? housekeeping : delay)
                        + ";MAX_COMPACT_TIME=2000;MAX_LENGTH_INPLACE_LOB=16384"
                        + ";LOCK_TIMEOUT=" + connect.toMillis();
                return new Settings(db, dir, url, "sa", "", timeout, connect, Duration.ZERO, redoLog, sync, group);
            }
            Duration socket = c.getDuration("bpflife.postgres.socket-timeout");
            if (socket.isNegative() || socket.isZero()) {
                throw new UserError("bpflife.postgres.socket-timeout (BPFLIFE_PG_SOCKET_TIMEOUT) is "
                        + socket.toMillis() + " ms: give a positive time, such as 15s");
            }
            return new Settings(db, dir, c.getString("bpflife.postgres.url"), c.getString("bpflife.postgres.user"),
                    c.getString("bpflife.postgres.password"), timeout, connect, socket, false, false, Duration.ZERO);
        }

        /** A boolean setting that also takes on/off, yes/no (HOCON's own words). */
        private static boolean onOff(Config c, String key, String env) {
            try {
                return c.getBoolean(key);
            } catch (ConfigException.WrongType e) {
                throw new UserError(key + " (" + env + ") is '" + c.getString(key) + "': use on or off");
            }
        }

        /** For messages: {@code h2 bpflife-data/journal} or {@code postgres jdbc:postgresql://...}. */
        public String describe() {
            return db == Db.H2 ? "h2 " + dataDir.resolve("journal") : "postgres " + withoutQuery(url);
        }

        /**
         * For error messages: the H2 file ({@code /abs/bpflife-data/journal.mv.db}) or PostgreSQL's
         * {@code host:port/database}.
         */
        public String where() {
            return db == Db.H2 ? h2File().toString() : "postgres " + hostPort() + "/" + database();
        }

        /** The H2 database file. */
        Path h2File() {
            return dataDir.toAbsolutePath().normalize().resolve("journal.mv.db");
        }

        private java.util.Properties parsed() {
            java.util.Properties p = url.startsWith("jdbc:postgresql:") ? org.postgresql.Driver.parseURL(url, null) : null;
            return p == null ? new java.util.Properties() : p;
        }

        String host() {
            return parsed().getProperty("PGHOST", "?");
        }

        String hostPort() {
            java.util.Properties p = parsed();
            return p.getProperty("PGHOST", "?") + ":" + p.getProperty("PGPORT", "5432");
        }

        String database() {
            return parsed().getProperty("PGDBNAME", "?");
        }

        /** A URL without its parameters (they may hold a password). */
        static String withoutQuery(String url) {
            int q = url.indexOf('?');
            return q < 0 ? url : url.substring(0, q);
        }
    }

    /**
     * Set by {@link #start} for {@link BatchJournalDao}: the name of the journal's open {@link RedoLog}
     * ({@link RedoLog#lookUp}); absent, no redo log.
     */
    static final String REDO_LOG = "bpflife.h2.redo-log-name";
    /** Set by {@link #start} for {@link BatchJournalDao}: {@link Settings#groupCommit} in nanoseconds. */
    static final String GROUP_COMMIT = "bpflife.h2.group-commit-nanos";
    private static final java.util.concurrent.atomic.AtomicLong LOGS = new java.util.concurrent.atomic.AtomicLong();

    private final Settings settings;
    private final ActorSystem<Void> system;
    private final JdbcReadJournal readJournal;
    /** H2 with write-delay 0: the journal's redo log, closed after the actor system; else null. */
    private final RedoLog redo;

    private Store(Settings settings, ActorSystem<Void> system, RedoLog redo) {
        this.settings = settings;
        this.system = system;
        this.redo = redo;
        this.readJournal = PersistenceQuery.get(system).getReadJournalFor(JdbcReadJournal.class,
                JdbcReadJournal.Identifier());
    }

    /**
     * The configuration, as Pekko users expect it: overrides, then system properties, then the
     * user's application.conf ({@code -Dconfig.file}, {@code -Dconfig.resource}, {@code -Dconfig.url},
     * or application.conf on the class path), then bpflife-persistence.conf (with the environment).
     */
    public static Config config(Config overrides) {
        return overrides.withFallback(ConfigFactory.systemProperties())
                .withFallback(ConfigFactory.defaultApplication())
                .withFallback(ConfigFactory.parseResources(Store.class.getClassLoader(), "bpflife-persistence.conf"))
                .resolve();
    }

    public static Store open() {
        return open(ConfigFactory.empty());
    }

    /**
     * Reaches the journal with plain JDBC (a {@link UserError} naming the journal and the cause when
     * it cannot: locked, not an H2 file, authentication failed, connection refused, ...), makes the
     * schema if it is missing, then starts the actor system on it.
     */
    public static Store open(Config overrides) {
        Settings s;
        Config c;
        try {
            c = config(overrides);
            s = Settings.of(c);
        } catch (ConfigException e) {
            String m = String.valueOf(e.getMessage());
            if (e.origin() != null && m.startsWith(e.origin().description() + ": ")) {
                m = m.substring(e.origin().description().length() + 2); // "env variables: ", "system properties: "
            }
            throw new UserError("the journal's configuration: " + m, e);
        }
        // The probe connection stays open until the pool has its own: an embedded H2 database
        // closes with its last connection, and opening it again costs a read of the file.
        try (Connection probe = StoreProbe.connect(s)) {
            try {
                makeSchema(probe, s);
            } catch (SQLException e) {
                throw new UserError("can't make the journal's tables in " + s.where() + ": " + e.getMessage(), e);
            }
            RedoLog redo;
            try {
                redo = redoLog(probe, s);
            } catch (IOException e) {
                throw new UserError("can't open the journal's redo log in " + s.dataDir() + ": " + e.getMessage(), e);
            } catch (SQLException e) {
                throw new UserError("can't put back the journal's redo log into " + s.where() + ": " + e.getMessage(), e);
            }
            Store store;
            try {
                store = start(c, s, redo);
            } catch (RuntimeException e) {
                closeQuietly(redo);
                throw e;
            }
            try {
                warmPool(store.system);
            } catch (RuntimeException | SQLException e) {
                store.close();
                throw new UserError("can't open the journal " + s.where() + ": " + e.getMessage(), e);
            }
            return store;
        } catch (SQLException e) {
            // closing the probe: nothing to tell
            throw new UserError("can't open the journal " + s.where() + ": " + e.getMessage(), e);
        }
    }

    /**
     * H2: the rows of the redo logs left by the last process that H2's file does not hold put back
     * (before Pekko reads anything), then, with write-delay 0, a new log for this one.
     */
    private static RedoLog redoLog(Connection probe, Settings s) throws IOException, SQLException {
        if (s.db() != Db.H2) {
            return null;
        }
        Path dir = s.dataDir().toAbsolutePath().normalize();
        RedoReplay.putBack(probe, dir);
        return s.redoLog() ? RedoLog.open(dir, s.redoLogSync(), dir + "#" + LOGS.incrementAndGet()) : null;
    }

    private static void closeQuietly(RedoLog redo) {
        if (redo != null) {
            try {
                redo.close();
            } catch (IOException e) {
                // its file stays for the next open
            }
        }
    }

    private static Store start(Config c, Settings s, RedoLog redo) {
        Map<String, Object> db = new HashMap<>(Map.of(
                "profile", s.db() == Db.H2 ? "slick.jdbc.H2Profile$" : "slick.jdbc.PostgresProfile$",
                "db.url", s.url(),
                "db.user", s.user(),
                "db.password", s.password(),
                "db.driver", s.db() == Db.H2 ? "org.h2.Driver" : "org.postgresql.Driver",
                // a connection from the pool, or an error after this long (Slick's default is 1 s)
                // (Hikari takes 250 ms at least, and silently makes anything less 30 s)
                "db.connectionTimeout", Math.max(250, s.connectTimeout().toMillis())));
        StoreProbe.properties(s).forEach((k, v) -> {
            if (!k.equals("user") && !k.equals("password")) {
                db.put("db.properties." + k, v);
            }
        });
        Config full = ConfigFactory.empty()
                .withValue("pekko-persistence-jdbc.shared-databases.slick", ConfigFactory.parseMap(db).root())
                .withValue(GROUP_COMMIT, ConfigValueFactory.fromAnyRef(s.groupCommit().toNanos()))
                .withValue("jdbc-journal.parallelism", ConfigValueFactory.fromAnyRef(c.getInt(
                        s.db() == Db.H2 ? "bpflife.h2.write-parallelism" : "bpflife.postgres.write-parallelism")))
                .withFallback(c);
        if (redo != null) {
            full = full.withValue(REDO_LOG, ConfigValueFactory.fromAnyRef(redo.key()));
        }
        full = ConfigFactory.load(full);
        ActorSystemSetup setup = ActorSystemSetup.create(BootstrapSetup.create(full),
                JacksonObjectMapperProviderSetup.create(new JournalJackson()));
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bpflife", setup);
        return new Store(s, system, redo);
    }

    /** The journal's connection pool made now (it is made on first use), while the probe holds the database open. */
    private static void warmPool(ActorSystem<Void> system) throws SQLException {
        SlickExtensionImpl slick = (SlickExtensionImpl) SlickExtension.get(Adapter.toClassic(system));
        try (Connection c = slick.database(system.settings().config().getConfig("jdbc-journal")).database().source()
                .createConnection()) {
            c.isValid(1);
        }
    }

    /**
     * The schema script for the database (H2: bpflife's own, {@code h2-schema.sql}, Pekko's tables with
     * fewer B-trees; PostgreSQL: Pekko's), each statement made idempotent: Pekko's {@code CREATE
     * INDEX} statements lack {@code IF NOT EXISTS}, so running it on every open (as Pekko's
     * SchemaUtils does) failed on every open and H2 wrote each failure, a 5.5 KB stack trace, to
     * journal.trace.db. Nothing is run when the tables are there.
     */
    private static void makeSchema(Connection c, Settings s) throws SQLException {
        if (!tablesMissing(c, s)) {
            tuneSchema(c, s);
            return;
        }
        String script = s.db() == Db.H2 ? "bpflife/persistence/h2-schema.sql" : "schema/postgres/postgres-create-schema.sql";
        String sql;
        try (InputStream in = Store.class.getClassLoader().getResourceAsStream(script)) {
            if (in == null) {
                throw new IllegalStateException("the schema " + script + " is not on the classpath");
            }
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Statement st = c.createStatement()) {
            for (String statement : sql.split(";")) {
                if (!statement.isBlank()) {
                    st.execute(idempotent(statement));
                }
            }
        }
        tuneSchema(c, s);
    }

    private static final Pattern CREATE_INDEX = Pattern.compile(
            "(?i)\\bCREATE\\s+(UNIQUE\\s+)?INDEX\\s+(CONCURRENTLY\\s+)?(?!IF\\s+NOT\\s+EXISTS)");

    /** {@code CREATE [UNIQUE] INDEX [CONCURRENTLY] x} as {@code ... IF NOT EXISTS x}. */
    static String idempotent(String statement) {
        return CREATE_INDEX.matcher(statement).replaceAll(m -> Matcher.quoteReplacement(
                "CREATE " + (m.group(1) == null ? "" : "UNIQUE ") + "INDEX "
                        + (m.group(2) == null ? "" : "CONCURRENTLY ") + "IF NOT EXISTS "));
    }

    /** Whether one of Pekko's tables is missing (their names are lower case in both databases). */
    private static boolean tablesMissing(Connection c, Settings s) throws SQLException {
        String schema = s.db() == Db.H2 ? "PUBLIC" : "public";
        for (String table : List.of("event_journal", "event_tag", "snapshot", "durable_state")) {
            try (ResultSet rs = c.getMetaData().getTables(null, schema, table, null)) {
                if (!rs.next()) {
                    return true;
                }
            }
        }
        return false;
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
    private static void tuneSchema(Connection c, Settings s) throws SQLException {
        try (Statement st = c.createStatement()) {
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

    /** The journal's redo log (H2 with write-delay 0), or null. */
    RedoLog redoLog() {
        return redo;
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
        closeQuietly(redo);
    }

    static Config with(String key, Object value) {
        return ConfigFactory.empty().withValue(key, ConfigValueFactory.fromAnyRef(value));
    }
}
