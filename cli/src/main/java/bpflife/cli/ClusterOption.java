package bpflife.cli;

import bpflife.cluster.ClusterConfig;
import bpflife.cluster.ClusterDriver;
import bpflife.persistence.Store;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.PrintWriter;
import java.time.Duration;

/** {@code load --cluster HOST:PORT}: the driver joins the cluster (any free port, role driver) and hosts no object. */
final class ClusterOption {
    private ClusterOption() {}

    /** The journal's overrides: none without --cluster; else this JVM a cluster member (PostgreSQL only). */
    static Config overrides(String cluster, String store) {
        if (cluster == null) {
            return ConfigFactory.empty();
        }
        Config given = store == null ? ConfigFactory.empty()
                : ConfigFactory.empty().withValue("bpflife.store", ConfigValueFactory.fromAnyRef(store));
        String host = System.getenv().getOrDefault("BPFLIFE_CLUSTER_HOST", "127.0.0.1");
        return ClusterConfig.member(ClusterConfig.Address.parse(cluster, "--cluster"), host, 0, ClusterConfig.DRIVER,
                "on".equals(System.getenv("BPFLIFE_CLUSTER_TLS")), given);
    }

    /** With --cluster: joins and waits for {@code nodes} nodes, saying so on stderr. */
    static void join(String cluster, Store st, int nodes, PrintWriter err) {
        if (cluster == null) {
            return;
        }
        err.println("cluster: joining " + cluster + ", waiting for " + nodes + " node" + (nodes == 1 ? "" : "s"));
        err.flush();
        ClusterDriver d = ClusterDriver.join(st, nodes, Duration.ofSeconds(60));
        d.onRecovered(r -> {
            err.println("cluster: " + r.describe());
            err.flush();
        });
        err.println("cluster: " + d.nodes() + " node" + (d.nodes() == 1 ? "" : "s") + " up");
        err.flush();
    }
}
