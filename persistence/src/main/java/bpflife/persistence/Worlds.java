package bpflife.persistence;

import bpflife.actors.LiveWorld;
import bpflife.actors.WorldCreated;
import bpflife.actors.WorldEnded;
import bpflife.protocol.ActorId;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.stream.javadsl.StreamConverters;

/**
 * The worlds a journal holds: each one's scenario, status, steps and size ({@code bpflife
 * worlds}), and the removal of one world's rows ({@code bpflife worlds rm}). The counts come from
 * the journal's table by persistence id (every row of world W has the id {@code W|object}); the
 * scenario and status from the world's own entries ({@code W|world}), read through Pekko.
 */
public final class Worlds {
    private Worlds() {}

    /**
     * One stored world.
     *
     * @param steps  the steps stored (every row but the births and the world's own entries)
     * @param rows   the journal rows
     * @param bytes  the rows' payload bytes, or -1 where the database does not say
     * @param status complete, stopped, interrupted, failed; running (or killed) when it never ended;
     *               unknown for a world recorded before worlds had a status
     * @param meta   the world's creation, or null when its first entry is missing
     * @param ended  how it ended, or null
     */
    public record Info(String name, long steps, long rows, long bytes, WorldEnded.Status status, WorldCreated meta,
                       WorldEnded ended) {
        public String scenario() {
            return meta == null ? "?" : meta.scenario();
        }
    }

    private static final String WORLD_KEY = ActorId.WORLD.key();

    /** Every world in the journal, by name. */
    public static List<Info> list(Store store) {
        TreeMap<String, long[]> counts = new TreeMap<>();
        query(store, "SELECT \"persistence_id\", COUNT(*), SUM(OCTET_LENGTH(\"event_payload\")) FROM \"event_journal\""
                + " GROUP BY \"persistence_id\"", null, rs -> {
                    String pid = rs.getString(1);
                    int bar = pid.indexOf('|');
                    if (bar < 0) {
                        return;
                    }
                    count(counts.computeIfAbsent(pid.substring(0, bar), k -> new long[4]), pid.substring(bar + 1), rs);
                });
        List<Info> out = new ArrayList<>();
        counts.forEach((name, c) -> out.add(info(store, name, c)));
        return out;
    }

    /**
     * Adds one object's row count and payload bytes (columns 2 and 3 of {@code rs}) to a world's
     * counts: rows, bytes, the world's own entries, births (one per object made at run time).
     */
    private static void count(long[] c, String key, ResultSet rs) throws SQLException {
        long rows = rs.getLong(2);
        c[0] += rows;
        c[1] += rs.getLong(3);
        if (key.equals(WORLD_KEY)) {
            c[2] += rows;
        } else if (!isService(key)) {
            c[3]++; // one birth
        }
    }

    /** One world, or null when the journal has no row of it. */
    public static Info get(Store store, String world) {
        LiveWorld.checkName(world);
        long[] c = new long[4];
        boolean[] any = {false};
        query(store, "SELECT \"persistence_id\", COUNT(*), SUM(OCTET_LENGTH(\"event_payload\")) FROM \"event_journal\""
                + " WHERE \"persistence_id\" LIKE ? ESCAPE '!' GROUP BY \"persistence_id\"", world, rs -> {
                    any[0] = true;
                    count(c, rs.getString(1).substring(world.length() + 1), rs);
                });
        return any[0] ? info(store, world, c) : null;
    }

    /** Deletes every row of {@code world} (its tags first); returns the journal rows deleted. */
    public static long remove(Store store, String world) {
        LiveWorld.checkName(world);
        try (Connection c = connect(store)) {
            c.setAutoCommit(false);
            try (PreparedStatement tags = c.prepareStatement("DELETE FROM \"event_tag\" WHERE \"event_id\" IN "
                    + "(SELECT \"ordering\" FROM \"event_journal\" WHERE \"persistence_id\" LIKE ? ESCAPE '!')");
                 PreparedStatement rows = c.prepareStatement("DELETE FROM \"event_journal\" WHERE \"persistence_id\" LIKE ? ESCAPE '!'")) {
                bind(tags, world);
                tags.executeUpdate();
                bind(rows, world);
                long n = rows.executeUpdate();
                c.commit();
                cutRedoLog(store, c);
                return n;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new JournalAccessFailed("can't delete world '" + world + "' from the journal ("
                    + store.settings().describe() + "): " + e.getMessage(), e);
        }
    }

    /**
     * After a removal, H2's file stored and the journal's redo log cut: the next open must not put
     * back rows of the removed world that the log still held (a world removed in the process that
     * wrote it; {@code worlds rm} runs in a process of its own, whose log holds none).
     */
    private static void cutRedoLog(Store store, Connection c) throws SQLException {
        RedoLog redo = store.redoLog();
        if (redo == null) {
            return;
        }
        try {
            redo.cut(() -> {
                try (java.sql.Statement st = c.createStatement()) {
                    st.execute("CHECKPOINT");
                }
            });
        } catch (SQLException e) {
            throw e;
        } catch (Exception e) {
            throw new SQLException("the journal's redo log could not be cut: " + e.getMessage(), e);
        }
    }

    /** A journal query that failed: exit 2, naming the journal. */
    public static final class JournalAccessFailed extends bpflife.protocol.UserError {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        JournalAccessFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static Info info(Store store, String name, long[] c) {
        WorldCreated meta = null;
        WorldEnded ended = null;
        String pid = name + "|" + WORLD_KEY;
        try (Stream<EventEnvelope> s = store.readJournal().currentEventsByPersistenceId(pid, 0, Long.MAX_VALUE)
                .runWith(StreamConverters.asJavaStream(), store.system())) {
            Iterator<EventEnvelope> it = s.iterator();
            while (it.hasNext()) {
                switch (it.next().event()) {
                    case WorldCreated w -> meta = w;
                    case WorldEnded e -> ended = e;
                    default -> { }
                }
            }
        } catch (RuntimeException e) {
            // an unreadable creation: listed with what the counts say
        }
        WorldEnded.Status status = ended != null ? ended.status()
                : meta != null && meta.hash() != null ? WorldEnded.Status.RUNNING : WorldEnded.Status.UNKNOWN;
        long steps = c[0] - c[2] - c[3];
        return new Info(name, steps, c[0], c[1], status, meta, ended);
    }

    private static boolean isService(String key) {
        try {
            return ActorId.parse(key) instanceof ActorId.ServiceId;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @FunctionalInterface
    private interface RowReader {
        void row(ResultSet rs) throws SQLException;
    }

    private static void query(Store store, String sql, String world, RowReader reader) {
        try (Connection c = connect(store); PreparedStatement st = c.prepareStatement(sql)) {
            if (world != null) {
                bind(st, world);
            }
            st.setQueryTimeout((int) Math.max(1, TimeUnit.MILLISECONDS.toSeconds(store.settings().timeout().toMillis())));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    reader.row(rs);
                }
            }
        } catch (SQLException e) {
            throw new JournalAccessFailed("can't list the worlds in the journal (" + store.settings().describe() + "): "
                    + e.getMessage(), e);
        }
    }

    /** The rows of world W: persistence ids "W|..." (a name's '_' escaped; it has no '%', '!' nor '|'). */
    private static void bind(PreparedStatement st, String world) throws SQLException {
        st.setString(1, world.replace("_", "!_") + "|%");
    }

    private static Connection connect(Store store) throws SQLException {
        Store.Settings s = store.settings();
        return DriverManager.getConnection(s.url(), s.user(), s.password());
    }
}
