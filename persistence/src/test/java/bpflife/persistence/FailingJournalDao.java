package bpflife.persistence;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.persistence.jdbc.config.JournalConfig;
import org.apache.pekko.persistence.jdbc.journal.dao.DefaultJournalDao;
import org.apache.pekko.persistence.jdbc.journal.dao.JournalTables.JournalPekkoSerializationRow;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.stream.Materializer;
import scala.Tuple2;
import scala.collection.immutable.Seq;
import scala.collection.immutable.Set;
import scala.concurrent.ExecutionContext;
import scala.concurrent.Future;
import scala.runtime.BoxedUnit;
import slick.jdbc.JdbcBackend;
import slick.jdbc.JdbcProfile;

/**
 * Fault injection: Pekko's journal DAO that writes {@link #budget} batches, then fails every
 * write as a full disk would (until the budget is raised again), or answers {@link #reads} recoveries
 * and then fails them as a journal gone would. Configured in a test as
 * {@code jdbc-journal.dao}.
 */
public final class FailingJournalDao extends DefaultJournalDao {
    /** Batches still written; below zero, none (the default: unlimited). */
    static final AtomicInteger budget = new AtomicInteger(Integer.MAX_VALUE);
    /** Writes refused once the budget is spent; after them, writes go through again (the disk has room). */
    static final AtomicInteger refusals = new AtomicInteger(Integer.MAX_VALUE);

    /** Writes {@code writes} batches, then refuses {@code refused}, then writes again. */
    static void inject(int writes, int refused) {
        refusals.set(refused);
        budget.set(writes);
    }

    /** Recoveries (an object's highest sequence number read) still answered; below zero, none fails. */
    static final AtomicInteger reads = new AtomicInteger(Integer.MAX_VALUE);

    /** Answers {@code answered} recoveries, then fails every one as a journal gone would. */
    static void injectRead(int answered) {
        reads.set(answered);
    }

    static void heal() {
        inject(Integer.MAX_VALUE, 0);
        reads.set(Integer.MAX_VALUE);
    }

    public FailingJournalDao(JdbcBackend.JdbcDatabaseDef db, JdbcProfile profile, JournalConfig journalConfig,
                             Serialization serialization, ExecutionContext ec, Materializer mat) {
        super(db, profile, journalConfig, serialization, ec, mat);
    }

    @Override
    public Future<BoxedUnit> writeJournalRows(Seq<Tuple2<JournalPekkoSerializationRow, Set<String>>> xs) {
        if (budget.getAndDecrement() <= 0 && refusals.getAndDecrement() > 0) {
            return scala.concurrent.Future$.MODULE$.failed(new java.sql.SQLException("No space left on device", "53100"));
        }
        return super.writeJournalRows(xs);
    }

    @Override
    public Future<Object> highestSequenceNr(String persistenceId, long fromSequenceNr) {
        if (reads.getAndDecrement() <= 0) {
            return scala.concurrent.Future$.MODULE$.failed(new java.sql.SQLException("Connection refused", "08001"));
        }
        return super.highestSequenceNr(persistenceId, fromSequenceNr);
    }
}
