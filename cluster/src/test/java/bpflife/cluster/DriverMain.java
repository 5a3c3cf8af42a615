package bpflife.cluster;

import bpflife.actors.LiveWorld;
import bpflife.loadtest.LoadRun;
import bpflife.persistence.Store;
import java.time.Duration;

/**
 * A driver in a JVM of its own, for a test to SIGKILL ({@link ClusterTest}): joins the cluster at
 * {@code args[0]}, runs ClusterTest's load as world {@code args[1]}, and prints {@link #REACHED}
 * once the world has taken 300 steps.
 */
final class DriverMain {
    static final String REACHED = "driver reached 300 steps: ";

    private DriverMain() {}

    public static void main(String[] args) {
        Store store = Store.open(ClusterConfig.member(ClusterConfig.Address.parse(args[0], "seed"), "127.0.0.1", 0,
                ClusterConfig.DRIVER, false, com.typesafe.config.ConfigFactory.parseString("bpflife.store = postgres")));
        ClusterDriver.join(store, 1, Duration.ofSeconds(60));
        LiveWorld.onStart(w -> w.reaching(300).thenRun(() -> {
            System.out.println(REACHED + w.name());
            System.out.flush();
        }));
        LoadRun.run(store, ClusterTest.settings(args[1], 19), p -> { });
        store.close();
    }
}
