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
 * A world's journal rows in the journal's order, read with one SQL query over the tag index
 * ({@code event_tag (tag, event_id)}) with a fetch size, and decoded on a thread of their own while
 * the caller folds them: the read, the decoding and the fold overlap, and memory stays flat (a
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

    private void read(Store.Settings st, String world, int fetchSize, Serialization ser) {
        try (Connection c = DriverManager.getConnection(st.url(), st.user(), st.password())) {
            c.setAutoCommit(false); // PostgreSQL sends a result a fetch at a time only inside a transaction
            c.setReadOnly(true);
            if (st.db() == Store.Db.H2) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET LAZY_QUERY_EXECUTION TRUE"); // H2: rows as the index gives them, not all first
                }
            }
            try (PreparedStatement q = c.prepareStatement("SELECT j.\"persistence_id\", j.\"sequence_number\", "
                    + "j.\"event_ser_id\", j.\"event_ser_manifest\", j.\"event_payload\" FROM \"event_tag\" t "
                    + "JOIN \"event_journal\" j ON j.\"ordering\" = t.\"event_id\" WHERE t.\"tag\" = ? "
                    + "AND j.\"deleted\" = FALSE ORDER BY t.\"event_id\"",
                    ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                q.setFetchSize(fetchSize);
                q.setString(1, LiveWorld.tag(world));
                try (ResultSet rs = q.executeQuery()) {
                    List<Row> out = new ArrayList<>(BATCH);
                    while (!closed && rs.next()) {
                        String pid = rs.getString(1);
                        long seq = rs.getLong(2);
                        Row row;
                        try {
                            row = new Row(pid, seq, ser.deserialize(rs.getBytes(5), rs.getInt(3), rs.getString(4))
                                    .get(), null);
                        } catch (Exception e) { // Try.get rethrows the serializer's failure, checked or not
                            row = new Row(pid, seq, null, e);
                        }
                        out.add(row);
                        if (row.failure() != null || out.size() == BATCH) {
                            put(out);
                            out = new ArrayList<>(BATCH);
                            if (row.failure() != null) {
                                break;
                            }
                        }
                    }
                    put(out);
                }
            }
            c.rollback();
        } catch (SQLException | RuntimeException e) {
            failed = e;
        } catch (InterruptedException e) {
            return; // closed
        } finally {
            try {
                put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
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

    @Override
    public void close() {
        closed = true;
        reader.interrupt();
    }
}
