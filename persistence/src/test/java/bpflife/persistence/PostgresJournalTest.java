package bpflife.persistence;

import static org.junit.jupiter.api.Assertions.fail;

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
        return postgresUnavailable();
    }

    /** Null when BPFLIFE_PG_URL names a server, else why PostgreSQL tests are skipped (in CI: a failure). */
    static String postgresUnavailable() {
        String url = System.getenv("BPFLIFE_PG_URL");
        if (url != null && !url.isBlank()) {
            return null;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail("CI=true but BPFLIFE_PG_URL is not set: .ci/run starts PostgreSQL and exports it");
        }
        return "PostgreSQL journal tests skipped: BPFLIFE_PG_URL is not set (.ci/run sets it; to run them by hand "
                + "start a server and export BPFLIFE_PG_URL, BPFLIFE_PG_USER, BPFLIFE_PG_PASSWORD)";
    }

    @Override
    Config journal() {
        return ConfigFactory.empty().withValue("bpflife.store", ConfigValueFactory.fromAnyRef("postgres"));
    }
}
