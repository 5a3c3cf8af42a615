package bpflife.cli;

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
 * Fault injection for a child JVM ({@code -Djdbc-journal.dao=bpflife.cli.FullDiskJournalDao}):
 * Pekko's journal DAO that writes {@code bpflife.test.writes} batches, then fails every write as
 * a full disk does.
 */
public final class FullDiskJournalDao extends DefaultJournalDao {
    private static final AtomicInteger BUDGET = new AtomicInteger(Integer.getInteger("bpflife.test.writes", 20));

    public FullDiskJournalDao(JdbcBackend.JdbcDatabaseDef db, JdbcProfile profile, JournalConfig journalConfig,
                              Serialization serialization, ExecutionContext ec, Materializer mat) {
        super(db, profile, journalConfig, serialization, ec, mat);
    }

    @Override
    public Future<BoxedUnit> writeJournalRows(Seq<Tuple2<JournalPekkoSerializationRow, Set<String>>> xs) {
        if (BUDGET.getAndDecrement() <= 0) {
            return scala.concurrent.Future$.MODULE$.failed(new java.sql.SQLException("No space left on device"));
        }
        return super.writeJournalRows(xs);
    }
}
