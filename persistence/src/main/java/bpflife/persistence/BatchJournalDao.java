package bpflife.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
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
import scala.runtime.BoxedUnit;
import slick.dbio.DBIOAction;
import slick.jdbc.JdbcBackend;
import slick.jdbc.JdbcProfile;
import slick.jdbc.SimpleJdbcAction;

/**
 * pekko-persistence-jdbc's journal DAO with one change: a batch of rows is written with two JDBC
 * batches in one transaction (the events, their generated {@code ordering}s, then their tags).
 * Pekko's own DAO inserts tagged events through Slick's insert-returning, which on H2 is one
 * statement per row; with every bpflife entry tagged that was a fifth of the write path's CPU.
 *
 * <p>Same tables, same columns, same rows: everything else (queueing and batching by
 * {@code jdbc-journal.batchSize}/{@code parallelism}, serialization, reads, deletes, the read
 * journal) is Pekko's. Configured as {@code jdbc-journal.dao} in {@code bpflife-persistence.conf}.
 */
public final class BatchJournalDao extends DefaultJournalDao {
    private final String insertEvent;
    private final String insertTag;
    private final String orderingColumn;

    public BatchJournalDao(JdbcBackend.JdbcDatabaseDef db, JdbcProfile profile, JournalConfig journalConfig,
                           Serialization serialization, ExecutionContext ec, Materializer mat) {
        super(db, profile, journalConfig, serialization, ec, mat);
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

    /** As Slick's profiles name them: quoted, so that the lower-case names of Pekko's schemas match. */
    private static String quote(String name) {
        return '"' + name + '"';
    }

    private static String table(Option<String> schema, String name) {
        return schema.isDefined() ? quote(schema.get()) + "." + quote(name) : quote(name);
    }

    @Override
    public Future<BoxedUnit> writeJournalRows(Seq<Tuple2<JournalPekkoSerializationRow, Set<String>>> xs) {
        SimpleJdbcAction<BoxedUnit> action = SimpleJdbcAction.apply(ctx -> {
            try {
                write(ctx.connection(), xs);
            } catch (SQLException e) {
                throw new JournalWriteException(e);
            }
            return BoxedUnit.UNIT;
        });
        return run(action);
    }

    /** Slick's effect type parameter is covariant, which Java cannot express: a raw call runs any action. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private Future<BoxedUnit> run(SimpleJdbcAction<BoxedUnit> action) {
        return (Future<BoxedUnit>) db().run((DBIOAction) action);
    }

    /**
     * Rows go in the order given: rows of one batch are never causally related (an actor persists
     * its next entry, and tells what a step sent, only after the batch holding the step commits),
     * and one actor's rows arrive in sequence order.
     */
    private void write(Connection conn, Seq<Tuple2<JournalPekkoSerializationRow, Set<String>>> xs)
            throws SQLException {
        boolean auto = conn.getAutoCommit();
        conn.setAutoCommit(false);
        try {
            List<Set<String>> tags = new ArrayList<>(xs.size());
            boolean anyTag = false;
            try (PreparedStatement ev = conn.prepareStatement(insertEvent, new String[] {orderingColumn})) {
                var it = xs.iterator();
                while (it.hasNext()) {
                    Tuple2<JournalPekkoSerializationRow, Set<String>> x = it.next();
                    bind(ev, x._1());
                    ev.addBatch();
                    tags.add(x._2());
                    anyTag |= x._2().nonEmpty();
                }
                ev.executeBatch();
                if (anyTag) {
                    try (ResultSet keys = ev.getGeneratedKeys();
                         PreparedStatement tg = conn.prepareStatement(insertTag)) {
                        for (Set<String> t : tags) {
                            if (!keys.next()) {
                                throw new SQLException("the database returned fewer generated keys than rows ("
                                        + xs.size() + ")");
                            }
                            long id = keys.getLong(1);
                            var ti = t.iterator();
                            while (ti.hasNext()) {
                                tg.setLong(1, id);
                                tg.setString(2, ti.next());
                                tg.addBatch();
                            }
                        }
                        tg.executeBatch();
                    }
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

        JournalWriteException(SQLException e) {
            super("journal write failed: " + e.getMessage(), e);
        }
    }
}
