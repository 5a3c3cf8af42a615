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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;

/**
 * A world's journal rows in the journal's order ({@link #QUERY}: the tag index joined to the rows,
 * a page of the fetch size at a time, from the first row or after a given ordering), decoded on
 * a thread of their own while the caller folds them: the read, the decoding and the fold overlap,
 * and memory stays flat (a bounded queue of decoded batches between them). Pekko's
 * {@code currentEventsByTag} did the same work as a query per 5,000 rows through its stream stages.
 *
 * <p>Assumptions: the world is not being written (its writes were acknowledged before it is read:
 * a row committed after a later one is not waited for, where Pekko's query would wait).
 */
final class JournalRows implements Iterator<JournalRows.Row>, AutoCloseable {

    /**
     * One row, decoded; or the row that failed to decode ({@code failure} set, {@code event} null).
     * {@code ordering} is its place in the journal, from which a later read can resume.
     */
    record Row(long ordering, String persistenceId, long sequenceNr, Object event, Throwable failure) {}

    /** A row's payload to its object, by the serializer id and manifest the row names. */
    @FunctionalInterface
    interface Decoder {
        Object decode(byte[] payload, int serializerId, String manifest) throws Exception;
    }

    private static final List<Row> END = List.of();
    private static final int BATCH = 256;
    /** Rows the reader may hand over ahead of the caller at first; then half of what the caller has taken. */
    static final int MIN_AHEAD = 1_024;

    /**
     * A page of a world's rows after an ordering, in the journal's order: the page's ids from the
     * (tag, event_id) index, in order and limited (keyset paging), their rows by primary key, the
     * page sorted (a few thousand rows). ORDER BY the index's columns, not event_id alone: H2 2.3
     * does not see that tag = ? makes the index's order event_id's, and sorted every id of the world
     * into a temporary result before the first row (4 s on a 1M-step world, whatever step was asked
     * for; JournalReaderTest.streamedPlan checks the plan). The ids are a
     * subquery, not a join: PostgreSQL drove a join from the journal's ordering index and walked
     * every earlier row of every world to the page (170 ms a page from step 520,000; 216 ms for the
     * first row of a world stored after others), and without a limit it may plan the whole world's
     * join and sort before the first row. Until session 6 the ids came on one connection and their
     * rows were looked up a thousand at a time by {@code ordering = ANY(?)}, which H2 checked
     * against the whole array for every row.
     */
    static final String QUERY = "SELECT j.\"ordering\", j.\"persistence_id\", j.\"sequence_number\", "
            + "j.\"event_ser_id\", j.\"event_ser_manifest\", j.\"event_payload\", j.\"deleted\" FROM "
            + "\"event_journal\" j WHERE j.\"ordering\" IN (SELECT t.\"event_id\" FROM \"event_tag\" t WHERE "
            + "t.\"tag\" = ? AND t.\"event_id\" > ? ORDER BY t.\"tag\", t.\"event_id\" LIMIT ?) "
            + "ORDER BY j.\"ordering\"";

    /** Batches in the journal's order, each decoded by the pool (done or not yet). */
    private final BlockingQueue<CompletableFuture<List<Row>>> queue = new ArrayBlockingQueue<>(64);
    private static final CompletableFuture<List<Row>> ENDED = CompletableFuture.completedFuture(END);
    private final Thread reader;
    private volatile boolean closed;
    /**
     * Counted down when the caller wants more than the first row: until then the reader hands over
     * the first row alone and waits. A world is opened for its first row (the creation: its
     * scenario) and often read on from a stored view instead: without the wait, the reader
     * decoded some 16,000 rows ahead (the queue's worth) for nothing.
     */
    private final java.util.concurrent.CountDownLatch more = new java.util.concurrent.CountDownLatch(1);
    private boolean first = true;
    /**
     * Rows handed over (decoded or not) and rows the caller has taken, under this object's lock.
     * The reader stays at most {@link #ahead} rows in front: {@code link show --at} stops after a
     * few thousand steps of a stored view, and a reader that ran the queue's 16,000 rows ahead read
     * and decoded three times the rows the answer needed, on the cores the fold needed.
     */
    private long handed;
    private long taken;
    private volatile Throwable failed;
    private List<Row> batch = List.of();
    private int at;
    private boolean done;

    /**
     * Every row of the world, decoded by the store's Pekko serializers.
     *
     * @param fetchSize rows the database sends at a time
     */
    JournalRows(Store store, String world, int fetchSize) {
        this(store.settings(), pekko(store), world, fetchSize, 0);
    }

    /** The rows of {@code world} after {@code after} (0: all), decoded by {@code decoder}. */
    JournalRows(Store.Settings st, Decoder decoder, String world, int fetchSize, long after) {
        reader = new Thread(() -> read(st, world, fetchSize, after, decoder), "bpflife-journal-read");
        reader.setDaemon(true);
        reader.start();
    }

    /** The decoder of Pekko's serialization extension: the serializer each row names. */
    static Decoder pekko(Store store) {
        Serialization ser = SerializationExtension.get(store.system().classicSystem());
        return (payload, id, manifest) -> ser.deserialize(payload, id, manifest).get();
    }

    private void read(Store.Settings st, String world, int fetchSize, long after, Decoder decoder) {
        try (Connection c = connect(st); PreparedStatement q = c.prepareStatement(QUERY, ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY)) {
            int page = Math.max(1, fetchSize);
            q.setFetchSize(page);
            // the rows are decoded by two threads while this one reads on: decoding was two thirds of the
            // reader's time, and the reader the slower end of a replay (the fold waited for it)
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "bpflife-journal-decode");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Raw> out = new ArrayList<>(BATCH);
                long from = after;
                int limit = 1; // the first row alone (see more)
                while (!closed) {
                    if (limit > 1) {
                        if (!out.isEmpty()) { // what was read goes over before the reader waits for the caller
                            List<Raw> part = out;
                            put(CompletableFuture.supplyAsync(() -> decoded(part, decoder), pool), part.size());
                            out = new ArrayList<>(BATCH);
                        }
                        limit = (int) Math.min(page, Math.max(BATCH, awaitDemand()));
                        if (closed) {
                            break;
                        }
                    }
                    q.setString(1, LiveWorld.tag(world));
                    q.setLong(2, from);
                    q.setInt(3, limit);
                    int n = 0;
                    try (ResultSet rs = q.executeQuery()) {
                        while (!closed && rs.next()) {
                            n++;
                            from = rs.getLong(1);
                            if (rs.getBoolean(7)) {
                                continue; // deleted: passed over (the page still counts it, or it would end early)
                            }
                            out.add(new Raw(from, rs.getString(2), rs.getLong(3), rs.getInt(4), rs.getString(5),
                                    rs.getBytes(6)));
                            if (out.size() == BATCH || limit == 1) {
                                List<Raw> batch = out;
                                put(CompletableFuture.supplyAsync(() -> decoded(batch, decoder), pool), batch.size());
                                out = new ArrayList<>(BATCH);
                            }
                        }
                    }
                    if (n < limit) {
                        break;
                    }
                    if (limit == 1) {
                        more.await();
                        limit = page; // (then bounded by the caller's demand)
                    }
                }
                List<Raw> last = out;
                if (!last.isEmpty()) {
                    put(CompletableFuture.supplyAsync(() -> decoded(last, decoder), pool), last.size());
                }
            } finally {
                pool.shutdown(); // the batches handed over are still decoded
            }
            c.rollback();
        } catch (SQLException | RuntimeException e) {
            failed = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                put(ENDED);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static Connection connect(Store.Settings st) throws SQLException {
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

    /** A row as read, before it is decoded. */
    private record Raw(long ordering, String persistenceId, long sequenceNr, int serializerId, String manifest,
                       byte[] payload) {}

    /** A batch decoded, up to and including its first row that does not decode (the read ends there). */
    private static List<Row> decoded(List<Raw> raws, Decoder decoder) {
        List<Row> out = new ArrayList<>(raws.size());
        for (Raw r : raws) {
            Row row;
            try {
                row = new Row(r.ordering(), r.persistenceId(), r.sequenceNr(),
                        decoder.decode(r.payload(), r.serializerId(), r.manifest()), null);
            } catch (Exception e) { // Try.get rethrows the serializer's failure, checked or not
                row = new Row(r.ordering(), r.persistenceId(), r.sequenceNr(), null, e);
            }
            out.add(row);
            if (row.failure() != null) {
                break;
            }
        }
        return out;
    }

    private void put(CompletableFuture<List<Row>> rows) throws InterruptedException {
        while (!closed && !queue.offer(rows, 100, TimeUnit.MILLISECONDS)) {
            // the caller folds slower than the rows come: wait (a closed reader gives up)
        }
    }

    private void put(CompletableFuture<List<Row>> rows, int n) throws InterruptedException {
        synchronized (this) {
            handed += n;
        }
        put(rows);
    }

    /** How far ahead the reader may be: {@link #MIN_AHEAD}, or half of what the caller has taken. */
    static long ahead(long taken) {
        return Math.max(MIN_AHEAD, taken / 2);
    }

    /** Waits until the caller has taken enough to let the reader on; returns how many rows it may read now. */
    private synchronized long awaitDemand() throws InterruptedException {
        while (!closed && handed - taken >= ahead(taken)) {
            waiting = true;
            notifyAll(); // (tests: awaitWaiting)
            wait(100);
        }
        waiting = false;
        return ahead(taken) - (handed - taken);
    }

    private boolean waiting;

    /** Tests: waits until the reader waits for the caller (or has ended); returns the rows it has handed over. */
    synchronized long awaitWaiting() throws InterruptedException {
        while (!waiting && reader.isAlive()) {
            wait(100);
        }
        return handed;
    }

    /** The caller took {@code n} rows. */
    private synchronized void took(int n) {
        taken += n;
        notifyAll();
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
            if (!first) {
                more.countDown();
            }
            first = false;
            try {
                batch = queue.take().join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the journal", e);
            }
            at = 0;
            if (batch == END) {
                done = true;
                return false;
            }
            took(batch.size());
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
        more.countDown();
        synchronized (this) {
            notifyAll(); // a reader waiting for demand sees it closed
        }
        queue.clear(); // a reader waiting to hand a batch over sees it closed within 100 ms
        try {
            reader.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
