package bpflife.persistence;

import bpflife.actors.Birth;
import bpflife.actors.WorldCreated;
import bpflife.actors.WorldEnded;
import bpflife.explore.JournalJson;
import bpflife.protocol.StepRecord;
import bpflife.protocol.UserError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The durable journal opened to read stored worlds, without an actor system: what the history
 * commands ({@code link show --at}, {@code prog show}, {@code audit}, {@code replay --world}) need.
 * Starting Pekko, its extensions and its connection pool cost about a second of a read that can
 * otherwise answer in less; a read writes no journal row, so it needs none of it.
 *
 * <p>Rows are decoded as Pekko's Jackson serializers do ({@link #decode}): by the serializer id
 * and the manifest each row carries ({@code bpflife.protocol.StepRecord#2}), through the same
 * mappers ({@link JournalJackson}), with the same migration of earlier versions
 * ({@link JournalVersions.Current}); only the four types the journal binds are read.
 * {@code JournalReaderTest} holds this decoding to Pekko's on rows of every serializer bpflife has
 * written.
 *
 * <p>Assumptions and guarantees: a journal that cannot be opened is a {@link UserError} naming it
 * (as {@link Store#open}); a journal without Pekko's tables has no world (an unknown world, not an
 * SQL error). The connection opened here stays open while the reader is: an embedded H2 database
 * closes with its last connection, and opening it again costs a read of the file.
 */
public final class JournalReader implements AutoCloseable {
    /** Pekko's serializer ids: bpflife's compact CBOR, and Pekko's jackson-cbor and jackson-json. */
    static final int COMPACT = 7402;
    static final int JACKSON_CBOR = 33;
    static final int JACKSON_JSON = 31;

    private static final Map<String, Class<?>> TYPES = Map.of(
            StepRecord.class.getName(), StepRecord.class,
            Birth.class.getName(), Birth.class,
            WorldCreated.class.getName(), WorldCreated.class,
            WorldEnded.class.getName(), WorldEnded.class);

    /** Each mapper made when a row first needs it (a new journal has only compact rows: the others cost start-up time). */
    private static final class Compact {
        static final ObjectMapper MAPPER = CompactJournal.mapper();
    }

    private static final class Cbor {
        static final ObjectMapper MAPPER = JournalJson.mapper().copyWith(new CBORFactory());
    }

    private static final class Json {
        static final ObjectMapper MAPPER = JournalJson.mapper();
    }

    private final Store.Settings settings;
    private final Config config;
    private final Connection held;
    private final boolean hasJournal;

    private JournalReader(Store.Settings settings, Config config, Connection held, boolean hasJournal) {
        this.settings = settings;
        this.config = config;
        this.held = held;
        this.hasJournal = hasJournal;
    }

    /** Opens the journal the configuration names ({@link Store#config}: overrides, system properties, ...). */
    public static JournalReader open(Config overrides) {
        Store.Settings s;
        Config c;
        try {
            c = Store.config(overrides);
            s = Store.Settings.of(c);
        } catch (ConfigException e) {
            throw new UserError("the journal's configuration: " + e.getMessage(), e);
        }
        Connection probe = StoreProbe.connect(s);
        try {
            boolean tables = tableExists(probe, s, "event_journal") && tableExists(probe, s, "event_tag");
            if (tables) {
                try (Statement st = probe.createStatement()) {
                    // as Store does on open: a journal made by Pekko's script is read by this index
                    st.execute("CREATE INDEX IF NOT EXISTS \"event_tag_tag_idx\" ON \"event_tag\" (\"tag\", \"event_id\")");
                }
            }
            return new JournalReader(s, c, probe, tables);
        } catch (SQLException e) {
            try {
                probe.close();
            } catch (SQLException ignored) {
                // closing after a failure: the failure is what to tell
            }
            throw new UserError("can't open the journal " + s.where() + ": " + e.getMessage(), e);
        }
    }

    private static boolean tableExists(Connection c, Store.Settings s, String table) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, s.db() == Store.Db.H2 ? "PUBLIC" : "public", table, null)) {
            return rs.next();
        }
    }

    public Store.Settings settings() {
        return settings;
    }

    /** The whole configuration (bpflife.* and the rest), as {@link Store#config} resolved it. */
    public Config config() {
        return config;
    }

    /** Whether the database holds Pekko's journal tables at all. */
    boolean hasJournal() {
        return hasJournal;
    }

    /**
     * A row's payload as Pekko's serializer {@code serializerId} reads it: the class the manifest
     * names (one of the journal's four), its version after {@code #} migrated to the current one,
     * gzip undone (Pekko compressed large JSON rows by default once).
     */
    static Object decode(byte[] payload, int serializerId, String manifest) throws IOException {
        ObjectMapper m = switch (serializerId) {
            case COMPACT -> Compact.MAPPER;
            case JACKSON_CBOR -> Cbor.MAPPER;
            case JACKSON_JSON -> Json.MAPPER;
            default -> throw new IllegalArgumentException("a row of serializer " + serializerId
                    + ", which bpflife never wrote");
        };
        int hash = manifest.lastIndexOf('#');
        String name = hash < 0 ? manifest : manifest.substring(0, hash);
        int version = hash < 0 ? 1 : Integer.parseInt(manifest.substring(hash + 1));
        Class<?> type = TYPES.get(name);
        if (type == null) {
            throw new IllegalArgumentException("a row of type " + name + ", which the journal does not hold");
        }
        byte[] bytes = gunzipped(payload);
        JournalVersions.Current migration = new JournalVersions.Current();
        if (version > migration.currentVersion()) {
            throw new IllegalStateException("Migration version " + migration.currentVersion()
                    + " is < event version " + version + " of " + name + ": written by a newer bpflife");
        }
        if (version < migration.currentVersion()) {
            JsonNode tree = migration.transform(version, m.readTree(bytes));
            return m.treeToValue(tree, type);
        }
        return m.readValue(bytes, type);
    }

    private static byte[] gunzipped(byte[] b) throws IOException {
        if (b.length < 2 || (b[0] & 0xff) != 0x1f || (b[1] & 0xff) != 0x8b) {
            return b;
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
            return in.readAllBytes();
        }
    }

    @Override
    public void close() {
        try {
            held.close();
        } catch (SQLException e) {
            // closing: nothing to tell
        }
    }
}
