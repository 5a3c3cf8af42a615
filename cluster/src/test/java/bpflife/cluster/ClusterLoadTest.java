package bpflife.cluster;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import bpflife.loadtest.LoadRun;
import bpflife.loadtest.LoadSettings;
import bpflife.loadtest.report.LoadSummary;
import bpflife.model.Semantics;
import bpflife.persistence.LiveWorlds;
import bpflife.persistence.Replayer;
import bpflife.persistence.Store;
import bpflife.persistence.WorldStream;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A load through a cluster of node JVMs on 127.0.0.1 with the PostgreSQL journal (BPFLIFE_PG_URL,
 * which .ci/run starts): the driver hosts no object, every step is taken on the nodes, and the run
 * balances and replays IDENTICAL through the deterministic runtime as a one-JVM run does.
 */
class ClusterLoadTest {

    static String unavailable() {
        String url = System.getenv("BPFLIFE_PG_URL");
        if (url != null && !url.isBlank()) {
            return null;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail("CI=true but BPFLIFE_PG_URL is not set: .ci/run starts PostgreSQL and exports it");
        }
        return "cluster test skipped: BPFLIFE_PG_URL is not set (a cluster's journal is PostgreSQL; .ci/run sets it)";
    }

    static LoadSettings settings(String world, long seed) {
        return new LoadSettings(40, 10, 2, null, 0, 48, Duration.ofMillis(10), Duration.ofMillis(30),
                Duration.ofMillis(30), 10, 10, world, seed, Semantics.LINUX, Duration.ofSeconds(30),
                Duration.ofSeconds(60), 1_000_000);
    }

    static String checks(LoadSummary r) {
        return r.checks().stream().map(c -> (c.passed() ? "  ok   " : "  FAIL ") + c.name() + ": " + c.detail())
                .collect(Collectors.joining("\n"));
    }

    static Store driver(NodeProcesses nodes) {
        return Store.open(ClusterConfig.member(ClusterConfig.Address.parse(nodes.seed(), "seed"), "127.0.0.1", 0,
                ClusterConfig.DRIVER, false).withFallback(com.typesafe.config.ConfigFactory.empty()));
    }

    /** The world replayed through the deterministic runtime: null when IDENTICAL, else why not. */
    static String replay(Store store, String world) {
        try (WorldStream ws = WorldStream.open(store, world)) {
            Replayer.Outcome o = Replayer.replay(LiveWorlds.env(ws.meta(), null), ws, false, Long.MAX_VALUE);
            return o.divergence() == null ? null : o.divergence().toString();
        }
    }

    @Test
    void aLoadThroughTwoNodesBalancesAndReplaysIdentical() throws Exception {
        Assumptions.assumeTrue(unavailable() == null, ClusterLoadTest::unavailable);
        System.setProperty("bpflife.store", "postgres");
        try (NodeProcesses nodes = NodeProcesses.start(2, Duration.ofSeconds(90))) {
            Store store = driver(nodes);
            try {
                ClusterDriver.join(store, 2, Duration.ofSeconds(60));
                String world = "cluster-" + System.currentTimeMillis();
                LoadSummary r = LoadRun.run(store, settings(world, 7), p -> { });
                assertTrue(r.balanced(), "seed 7:\n" + checks(r) + "\n" + nodes.logs());
                assertTrue(r.sessionsOpened() > 0, "no session opened");
                assertNull(replay(store, world), "replay --world of the cluster world");
            } finally {
                store.close();
            }
        } finally {
            System.clearProperty("bpflife.store");
        }
    }
}
