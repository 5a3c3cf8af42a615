package bpflife.loadtest;

import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import org.junit.jupiter.api.DisplayName;

/**
 * The short run on PostgreSQL: the server named by BPFLIFE_PG_URL (with BPFLIFE_PG_USER and
 * BPFLIFE_PG_PASSWORD), which .ci/run starts. Skipped without BPFLIFE_PG_URL, except in CI
 * (CI=true), where that is a failure.
 */
@DisplayName("load on PostgreSQL")
class PostgresLoadRunTest extends LoadRunContract {
    /** The database outlives the test: each run's worlds get a name of their own. */
    private final String suffix = "-" + System.currentTimeMillis();

    @Override
    String unavailable() {
        String url = System.getenv("BPFLIFE_PG_URL");
        if (url != null && !url.isBlank()) {
            return null;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail("CI=true but BPFLIFE_PG_URL is not set: .ci/run starts PostgreSQL and exports it");
        }
        return "PostgreSQL load test skipped: BPFLIFE_PG_URL is not set (.ci/run sets it)";
    }

    @Override
    Config journal() {
        return ConfigFactory.empty().withValue("bpflife.store", ConfigValueFactory.fromAnyRef("postgres"));
    }

    @Override
    String world(String name) {
        return name + suffix;
    }
}
