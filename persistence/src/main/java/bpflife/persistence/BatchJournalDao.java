package bpflife.persistence;

import bpflife.actors.CommitOrder;
import bpflife.actors.NewEntities;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.jdbc.config.EventJournalTableColumnNames;
import org.apache.pekko.persistence.jdbc.config.EventJournalTableConfiguration;
import org.apache.pekko.persistence.jdbc.config.EventTagTableConfiguration;
import org.apache.pekko.persistence.jdbc.config.JournalConfig;
import org.apache.pekko.persistence.jdbc.journal.dao.DefaultJournalDao;
import org.apache.pekko.persistence.jdbc.journal.dao.JournalTables.JournalPekkoSerializationRow;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.stream.Materializer;
import scala.Option;
import scala.Tuple2;
import scala.collection.immutable.Seq;
import scala.collection.immutable.Set;
import scala.concurrent.ExecutionContext;
import scala.concurrent.Future;
import scala.concurrent.Promise;
import scala.runtime.BoxedUnit;
import scala.util.Try;
import slick.dbio.DBIOAction;
import slick.jdbc.JdbcBackend;
import slick.jdbc.JdbcProfile;
import slick.jdbc.SimpleJdbcAction;

/**
 * pekko-persistence-jdbc's journal DAO with three changes:
 * <ul>
 * <li>a batch of rows is written with two JDBC batches in one transaction (the events, their
 *     generated {@code ordering}s, then their tags). Pekko's own DAO inserts tagged events through
 *     Slick's insert-returning, which on H2 is one statement per row; with every bpflife entry
 *     tagged that was a fifth of the write path's CPU;
 * <li>the queue that gathers the actors' writes into batches is {@link WriteQueue}, not Pekko's
 *     stream: Pekko's appends each write's rows to the batch's immutable list ({@code rows ++
 *     newRows}, a copy of the batch so far), so a batch of 2,000 one-row writes copied two million
 *     list cells: a fifth of the whole load's allocation (JFR, BENCHMARKS.md "Issue 16:
 *     throughput") on the one thread every write passes. A batch is written by a runner on Slick's
 *     pool that goes on with the next batch on the same thread and connection: no thread
 *     hand-over between one commit and the next;
 * <li>the recovery of an object just made in a new world ({@link NewEntities}) does not query.
 * </ul>
 *
 * <p>Same tables, same columns, same rows, same batches ({@code jdbc-journal.batchSize} rows at most,
 * a write's rows never split, {@code parallelism} batches written at once, each gathered while the
 * others are written); serialization, reads, deletes and the read journal are Pekko's. Configured
 * as {@code jdbc-journal.dao} in {@code bpflife-persistence.conf}.
 */
public final class BatchJournalDao extends DefaultJournalDao {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BatchJournalDao.class);
    private final String insertEvent;
    private final String insertTag;
    private final String orderingColumn;
    private final int bufferSize;
    private final int batchSize;
    private final int parallelism;
    /**
     * H2 with write-delay 0 ({@link Store.Settings#redoLog}): after its commit, a batch's rows are
     * appended to the journal's redo log before the batch is acknowledged (a killed process loses
     * nothing H2 had not stored: the next open puts it back), while H2's background thread stores
     * the file; null otherwise.
     */
    private final RedoLog redo;
    /** Objects just made in a new world: their recovery's highest sequence number is 0 without a query. */
    private final NewEntities fresh;

    /** The actors' writes, gathered into batches and written by runners on the database's pool. */
    private final WriteQueue<Tuple2<JournalPekkoSerializationRow, Set<String>>> queue;
    /** Whether the queue keeps the writes' order and stops after a failure ({@link #commitsInQueueOrder}). */
    private final boolean fifo;
    /**
     * The rows of the {@link #asyncWriteMessages} call in progress on this thread (one per event), or
     * null: Pekko serializes each write there and queues the rows of those it could, so fewer rows
     * than events means a write was refused.
     */
    private final ThreadLocal<Integer> events = new ThreadLocal<>();

    public BatchJournalDao(JdbcBackend.JdbcDatabaseDef db, JdbcProfile profile, JournalConfig journalConfig,
                           Serialization serialization, ExecutionContext ec, Materializer mat) {
        super(db, profile, journalConfig, serialization, ec, mat);
        this.bufferSize = journalConfig.daoConfig().bufferSize();
        this.batchSize = journalConfig.daoConfig().batchSize();
        this.parallelism = journalConfig.daoConfig().parallelism();
        this.fresh = NewEntities.of(serialization.system());
        com.typesafe.config.Config conf = serialization.system().settings().config();
        long group = conf.hasPath(Store.GROUP_COMMIT) ? conf.getLong(Store.GROUP_COMMIT) : 0;
        this.queue = new WriteQueue<>(bufferSize, batchSize, parallelism, group, this::launch, ec::execute);
        this.redo = conf.hasPath(Store.REDO_LOG) ? RedoLog.lookUp(conf.getString(Store.REDO_LOG)) : null;
        if (conf.hasPath(Store.REDO_LOG) && redo == null) {
            throw new IllegalStateException("the journal's redo log " + conf.getString(Store.REDO_LOG) + " is not open");
        }
        this.fifo = commitsInQueueOrder(parallelism, conf);
        if (fifo) {
            queue.stopAfterFailure(); // first: a write that comes once the objects know may fail only so
            CommitOrder.of(serialization.system()).declareFifo(queue::refuse);
        }
        EventJournalTableConfiguration ej = journalConfig.eventJournalTableConfiguration();
        EventJournalTableColumnNames c = ej.columnNames();
        this.orderingColumn = c.ordering();
        this.insertEvent = "INSERT INTO " + table(ej.schemaName(), ej.tableName()) + " ("
                + String.join(", ", quote(c.deleted()), quote(c.persistenceId()), quote(c.sequenceNumber()),
                quote(c.writer()), quote(c.writeTimestamp()), quote(c.adapterManifest()), quote(c.eventPayload()),
                quote(c.eventSerId()), quote(c.eventSerManifest()), quote(c.metaPayload()), quote(c.metaSerId()),
                quote(c.metaSerManifest()))
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        EventTagTableConfiguration et = journalConfig.eventTagTableConfiguration();
        this.insertTag = "INSERT INTO " + table(et.schemaName(), et.tableName()) + " ("
                + quote(et.columnNames().eventId()) + ", " + quote(et.columnNames().tag()) + ") VALUES (?, ?)";
    }

    /**
     * Whether the objects may tell a step's messages once its write is queued ({@link CommitOrder}):
     * one batch written at a time, so the commits follow the queue (H2 or PostgreSQL alike), and
     * {@code bpflife.tell-when-queued} on. Several writers tell after the commit; so does a cluster's
     * node whatever its writers, since its messages are numbered (ObjectBehavior: a step on one node
     * could otherwise be committed before the step on another that caused it).
     */
    static boolean commitsInQueueOrder(int parallelism, com.typesafe.config.Config conf) {
        return parallelism == 1 && (!conf.hasPath(TELL_WHEN_QUEUED) || conf.getBoolean(TELL_WHEN_QUEUED));
    }

    static final String TELL_WHEN_QUEUED = "bpflife.tell-when-queued";

    /** As Slick's profiles name them: quoted, so that the lower-case names of Pekko's schemas match. */
    private static String quote(String name) {
        return '"' + name + '"';
    }

    private static String table(Option<String> schema, String name) {
        return schema.isDefined() ? quote(schema.get()) + "." + quote(name) : quote(name);
    }

    /**
     * Queues one actor's rows (one persist) for the next batch; the future completes when the batch
     * holding them has committed (or failed: then every write in the batch fails, as with Pekko's).
     */
    @Override
    public Future<BoxedUnit> queueWriteJournalRows(Seq<Tuple2<JournalPekkoSerializationRow, Set<String>>> xs) {
        Integer expected = events.get();
        if (expected != null && xs.size() < expected) {
            // a write Pekko could not serialize: its messages may be out already (telling when queued), so
            // neither this call's writes nor any later one may be written without it
            IllegalStateException refused = new IllegalStateException("a journal write was refused: "
                    + (expected - xs.size()) + " of its " + expected + " events could not be serialized");
            return scala.concurrent.Future$.MODULE$.failed(queue.refuse(refused));
        }
        List<Tuple2<JournalPekkoSerializationRow, Set<String>>> rows = new ArrayList<>(xs.size());
        xs.foreach(rows::add);
        Promise<BoxedUnit> done = Promise.apply();
        // on the runner's thread, the failure as the batch had it (a dependent stage would wrap it)
        queue.add(rows).whenComplete((v, e) -> {
            if (e == null) {
                done.success(BoxedUnit.UNIT);
            } else {
                done.failure(e);
            }
        });
        return done.future();
    }

    /**
     * A runner on Slick's pool: one action that writes batch after batch on its connection while
     * writes keep coming: the next batch starts there at once, and the batch's writes complete on
     * Pekko's dispatcher.
     */
    private void launch(WriteQueue<Tuple2<JournalPekkoSerializationRow, Set<String>>>.Runner runner) {
        Future<BoxedUnit> done;
        try {
            done = run(SimpleJdbcAction.apply(ctx -> {
                Connection c = ctx.connection();
                runner.run(rows -> write(c, rows));
                return BoxedUnit.UNIT;
            }));
        } catch (RuntimeException e) { // a database already closed: the batch fails, as a failed write does
            runner.abandon(e);
            return;
        }
        done.onComplete(result -> {
            if (result.isFailure()) {
                runner.abandon(result.failed().get());
            }
            return BoxedUnit.UNIT;
        }, ec());
    }

    /**
     * Pekko's: each write serialized, the rows of those it could serialize queued, a refused one
     * rejected. Telling when queued, a refused write fails the call and stops the queue instead
     * ({@link #queueWriteJournalRows}): its actor's messages may be out already, and what they cause
     * must not be in the journal without it (the journal stays a causal prefix of the run).
     */
    @Override
    public Future<Seq<Try<BoxedUnit>>> asyncWriteMessages(Seq<AtomicWrite> writes) {
        if (!fifo) {
            return super.asyncWriteMessages(writes);
        }
        int n = 0;
        for (scala.collection.Iterator<AtomicWrite> it = writes.iterator(); it.hasNext(); ) {
            n += it.next().payload().size();
        }
        events.set(n);
        try {
            return super.asyncWriteMessages(writes);
        } finally {
            events.remove();
        }
    }

    /**
     * An object its registry has just made in a new world has nothing in the journal: its recovery
     * gets 0 at once (and, its highest being 0, Pekko replays nothing) instead of a query behind the
     * writes on the database's pool. Every other recovery asks the database, as Pekko's DAO does.
     */
    @Override
    public Future<Object> highestSequenceNr(String persistenceId, long fromSequenceNr) {
        if (fresh.take(persistenceId)) {
            return scala.concurrent.Future$.MODULE$.successful(0L);
        }
        return super.highestSequenceNr(persistenceId, fromSequenceNr);
    }

    @Override
    public Future<BoxedUnit> writeJournalRows(Seq<Tuple2<JournalPekkoSerializationRow, Set<String>>> xs) {
        List<Tuple2<JournalPekkoSerializationRow, Set<String>>> rows = new ArrayList<>(xs.size());
        xs.foreach(rows::add);
        return run(action(rows));
    }

    private SimpleJdbcAction<BoxedUnit> action(List<Tuple2<JournalPekkoSerializationRow, Set<String>>> rows) {
        return SimpleJdbcAction.apply(ctx -> {
            write(ctx.connection(), rows);
            return BoxedUnit.UNIT;
        });
    }

    /** Slick's effect type parameter is covariant, which Java cannot express: a raw call runs any action. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private Future<BoxedUnit> run(SimpleJdbcAction<BoxedUnit> action) {
        return (Future<BoxedUnit>) db().run((DBIOAction) action);
    }

    /**
     * Rows go in the order given, which is the order the writes were requested: one actor's rows
     * arrive in sequence order, and where the objects tell when queued ({@link CommitOrder}) a
     * step's effects come after it (in a batch, later rows may be caused by earlier ones; the
     * transaction commits all or none of them).
     */
    private void write(Connection conn, List<Tuple2<JournalPekkoSerializationRow, Set<String>>> xs) {
        try {
            writeBatch(conn, xs);
        } catch (SQLException | IOException e) {
            throw new JournalWriteException(e);
        }
    }

    private void writeBatch(Connection conn, List<Tuple2<JournalPekkoSerializationRow, Set<String>>> xs)
            throws SQLException, IOException {
        boolean auto = conn.getAutoCommit();
        conn.setAutoCommit(false);
        long[] orderings = new long[xs.size()];
        try {
            boolean anyTag = false;
            try (PreparedStatement ev = conn.prepareStatement(insertEvent, new String[] {orderingColumn})) {
                for (Tuple2<JournalPekkoSerializationRow, Set<String>> x : xs) {
                    bind(ev, x._1());
                    ev.addBatch();
                    anyTag |= x._2().nonEmpty();
                }
                ev.executeBatch();
                if (anyTag || redo != null) {
                    try (ResultSet keys = ev.getGeneratedKeys()) {
                        for (int i = 0; i < orderings.length; i++) {
                            if (!keys.next()) {
                                throw new SQLException("the database returned fewer generated keys than rows ("
                                        + xs.size() + ")");
                            }
                            orderings[i] = keys.getLong(1);
                        }
                    }
                }
            }
            if (anyTag) {
                try (PreparedStatement tg = conn.prepareStatement(insertTag)) {
                    for (int i = 0; i < orderings.length; i++) {
                        var ti = xs.get(i)._2().iterator();
                        while (ti.hasNext()) {
                            tg.setLong(1, orderings[i]);
                            tg.setString(2, ti.next());
                            tg.addBatch();
                        }
                    }
                    tg.executeBatch();
                }
            }
            conn.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                conn.rollback();
            } catch (SQLException r) {
                e.addSuppressed(r);
            }
            throw e;
        } finally {
            conn.setAutoCommit(auto);
        }
        if (redo != null) {
            log(conn, xs, orderings);
        }
    }

    /**
     * The committed batch's rows into the redo log (it fails, unacknowledged, if they are not), and
     * now and then ({@link RedoLog#cutDue}) H2's file stored and the log cut, on this thread.
     */
    private void log(Connection conn, List<Tuple2<JournalPekkoSerializationRow, Set<String>>> xs, long[] orderings)
            throws IOException {
        List<RedoLog.Row> rows = new ArrayList<>(xs.size());
        for (int i = 0; i < orderings.length; i++) {
            JournalPekkoSerializationRow r = xs.get(i)._1();
            List<String> tags = new ArrayList<>(1);
            xs.get(i)._2().foreach(tags::add);
            boolean meta = r.metaPayload().isDefined();
            rows.add(new RedoLog.Row(orderings[i], r.deleted(), r.persistenceId(), r.sequenceNumber(), r.writer(),
                    r.writeTimestamp(), r.adapterManifest(), r.eventPayload(), r.eventSerId(), r.eventSerManifest(),
                    meta ? r.metaPayload().get() : null, meta ? (Integer) r.metaSerId().get() : null,
                    meta ? r.metaSerManifest().get() : null, tags));
        }
        redo.append(rows);
        if (redo.cutDue()) {
            try {
                redo.cut(() -> {
                    try (Statement st = conn.createStatement()) {
                        st.execute("CHECKPOINT");
                    }
                });
            } catch (Exception e) {
                // the batch is in the log all the same; the log grows until a cut succeeds
                LOG.warn("the journal's redo log was not cut (tried again at the next batch): {}", e.toString());
            }
        }
    }

    private static void bind(PreparedStatement ps, JournalPekkoSerializationRow r) throws SQLException {
        ps.setBoolean(1, r.deleted());
        ps.setString(2, r.persistenceId());
        ps.setLong(3, r.sequenceNumber());
        ps.setString(4, r.writer());
        ps.setLong(5, r.writeTimestamp());
        ps.setString(6, r.adapterManifest());
        ps.setBytes(7, r.eventPayload());
        ps.setInt(8, r.eventSerId());
        ps.setString(9, r.eventSerManifest());
        if (r.metaPayload().isDefined()) {
            ps.setBytes(10, r.metaPayload().get());
            ps.setInt(11, (Integer) r.metaSerId().get());
            ps.setString(12, r.metaSerManifest().get());
        } else {
            ps.setNull(10, Types.BINARY);
            ps.setNull(11, Types.INTEGER);
            ps.setNull(12, Types.VARCHAR);
        }
    }

    /** A failed batch: every actor whose entry was in it is told the write failed (and stops). */
    static final class JournalWriteException extends RuntimeException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        JournalWriteException(Exception e) {
            super("journal write failed: " + e.getMessage(), e);
        }
    }
}
