package bpflife.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import org.junit.jupiter.api.DisplayName;

/**
 * The same contract on PostgreSQL: the server named by BPFLIFE_PG_URL (with BPFLIFE_PG_USER and
 * BPFLIFE_PG_PASSWORD), which .ci/run starts. Without BPFLIFE_PG_URL these tests are skipped, except
 * in CI (CI=true), where that is a failure.
 */
@DisplayName("journal on PostgreSQL")
class PostgresJournalTest extends JournalContract {

    @Override
    String unavailable() {
        return PostgresServer.unavailable();
    }

    @Override
    Config journal() {
        return ConfigFactory.empty().withValue("bpflife.store", ConfigValueFactory.fromAnyRef("postgres"));
    }
}
