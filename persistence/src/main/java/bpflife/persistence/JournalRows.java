package bpflife.persistence;

import bpflife.actors.LiveWorld;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;

/**
 * A world's journal rows in the journal's order: its entries' ids streamed from the tag index
 * ({@code event_tag (tag, event_id)}, in order, with a fetch size), their rows looked up a thousand
 * at a time by primary key, and decoded on a thread of their own while the caller folds them: the read, the decoding and the fold overlap, and memory stays flat (a
 * bounded queue of decoded batches between them). Pekko's {@code currentEventsByTag} did the same
 * work as a query per 5,000 rows through its stream stages.
 *
 * <p>Assumptions: the world is not being written (its writes were acknowledged before it is read:
 * a row committed after a later one is not waited for, where Pekko's query would wait).
 */
final class JournalRows implements Iterator<JournalRows.Row>, AutoCloseable {

    /** One row, decoded; or the row that failed to decode ({@code failure} set, {@code event} null). */
    record Row(String persistenceId, long sequenceNr, Object event, Throwable failure) {}

    private static final List<Row> END = List.of();
    private static final int BATCH = 256;

    private final BlockingQueue<List<Row>> queue = new ArrayBlockingQueue<>(64);
    private final Thread reader;
    private volatile boolean closed;
    private volatile Throwable failed;
    private List<Row> batch = List.of();
    private int at;
    private boolean done;

    /**
     * @param fetchSize rows the database sends at a time
     */
    JournalRows(Store store, String world, int fetchSize) {
        Store.Settings st = store.settings();
        Serialization ser = SerializationExtension.get(store.system().classicSystem());
        reader = new Thread(() -> read(st, world, fetchSize, ser), "bpflife-journal-read");
        reader.setDaemon(true);
        reader.start();
    }

    /** Rows looked up by their ordering at once. */
    private static final int LOOKUP = 1_000;

    private void read(Store.Settings st, String world, int fetchSize, Serialization ser) {
        // two connections: the world's entry ids stream on one (the tag index, in order: H2 cannot keep
        // that order through a join without sorting every row first), their rows are looked up on the other
        try (Connection ids = connect(st); Connection data = connect(st);
             PreparedStatement q = ids.prepareStatement("SELECT \"event_id\" FROM \"event_tag\" WHERE \"tag\" = ? "
                     + "ORDER BY \"event_id\"", ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
             PreparedStatement get = data.prepareStatement("SELECT \"ordering\", \"persistence_id\", "
                     + "\"sequence_number\", \"event_ser_id\", \"event_ser_manifest\", \"event_payload\" FROM "
                     + "\"event_journal\" WHERE \"ordering\" = ANY(?) AND \"deleted\" = FALSE")) {
            q.setFetchSize(fetchSize);
            q.setString(1, LiveWorld.tag(world));
            try (ResultSet rs = q.executeQuery()) {
                Long[] batch = new Long[LOOKUP];
                int n = 0;
                boolean more = true;
                while (more && !closed) {
                    more = rs.next();
                    if (more) {
                        batch[n++] = rs.getLong(1);
                    }
                    if (n == LOOKUP || !more && n > 0) {
                        if (!lookup(data, get, java.util.Arrays.copyOf(batch, n), ser)) {
                            break; // a row that does not decode ends the read there
                        }
                        n = 0;
                    }
                }
            }
            ids.rollback();
            data.rollback();
        } catch (SQLException | RuntimeException e) {
            failed = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Connection connect(Store.Settings st) throws SQLException {
        Connection c = DriverManager.getConnection(st.url(), st.user(), st.password());
        c.setAutoCommit(false); // PostgreSQL sends a result a fetch at a time only inside a transaction
        c.setReadOnly(true);
        if (st.db() == Store.Db.H2) {
            try (Statement s = c.createStatement()) {
                s.execute("SET LAZY_QUERY_EXECUTION TRUE"); // H2: rows as the index gives them, not all first
            }
        }
        return c;
    }

    /** Reads and decodes the rows of {@code ids}, in that order, and hands them over; false after a row that failed. */
    private boolean lookup(Connection c, PreparedStatement get, Long[] ids, Serialization ser)
            throws SQLException, InterruptedException {
        java.util.HashMap<Long, Row> found = new java.util.HashMap<>(ids.length * 2);
        get.setArray(1, c.createArrayOf("BIGINT", ids));
        try (ResultSet rs = get.executeQuery()) {
            while (rs.next()) {
                String pid = rs.getString(2);
                long seq = rs.getLong(3);
                Row row;
                try {
                    row = new Row(pid, seq, ser.deserialize(rs.getBytes(6), rs.getInt(4), rs.getString(5)).get(), null);
                } catch (Exception e) { // Try.get rethrows the serializer's failure, checked or not
                    row = new Row(pid, seq, null, e);
                }
                found.put(rs.getLong(1), row);
            }
        }
        List<Row> out = new ArrayList<>(BATCH);
        for (Long id : ids) {
            Row row = found.get(id);
            if (row == null) {
                continue; // deleted
            }
            out.add(row);
            if (row.failure() != null) {
                put(out);
                return false;
            }
            if (out.size() == BATCH) {
                put(out);
                out = new ArrayList<>(BATCH);
            }
        }
        put(out);
        return true;
    }

    private void put(List<Row> rows) throws InterruptedException {
        if (rows.isEmpty() && rows != END) {
            return;
        }
        while (!closed && !queue.offer(rows, 100, TimeUnit.MILLISECONDS)) {
            // the caller folds slower than the rows come: wait (a closed reader gives up)
        }
    }

    /** Why the read failed (a database error), once {@link #hasNext} has said there is no more; or null. */
    Throwable failure() {
        return failed;
    }

    @Override
    public boolean hasNext() {
        while (at == batch.size()) {
            if (done) {
                return false;
            }
            try {
                batch = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the journal", e);
            }
            at = 0;
            if (batch == END) {
                done = true;
                return false;
            }
        }
        return true;
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return batch.get(at++);
    }

    /**
     * Stops the reader and waits for it to let its connections go (a few rows at most). It is not
     * interrupted: H2 closes its file when a thread is interrupted inside it, for every user of the
     * database in the JVM.
     */
    @Override
    public void close() {
        closed = true;
        queue.clear(); // a reader waiting to hand a batch over sees it closed within 100 ms
        try {
            reader.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
