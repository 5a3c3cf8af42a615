package bpflife.persistence;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * The server the PostgreSQL tests write to: BPFLIFE_PG_URL, with BPFLIFE_PG_USER and
 * BPFLIFE_PG_PASSWORD, which .ci/run starts and exports. Without it the tests are skipped and say
 * why, except in CI (CI=true), where its absence is a failure.
 */
final class PostgresServer {
    private PostgresServer() {}

    /** Null when BPFLIFE_PG_URL names a server, else why the PostgreSQL tests are skipped. */
    static String unavailable() {
        String url = System.getenv("BPFLIFE_PG_URL");
        if (url != null && !url.isBlank()) {
            return null;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail("CI=true but BPFLIFE_PG_URL is not set: .ci/run starts PostgreSQL and exports it");
        }
        return "PostgreSQL tests skipped: BPFLIFE_PG_URL is not set (.ci/run sets it; to run them by hand "
                + "start a server and export BPFLIFE_PG_URL, BPFLIFE_PG_USER, BPFLIFE_PG_PASSWORD)";
    }

    /** BPFLIFE_PG_URL; the test is skipped (failed under CI=true) without it. */
    static String url() {
        String skipped = unavailable();
        Assumptions.assumeTrue(skipped == null, skipped);
        return System.getenv("BPFLIFE_PG_URL");
    }
}
