package bpflife.cli;

import bpflife.cluster.ClusterConfig;
import bpflife.cluster.NodeMain;
import bpflife.persistence.Store;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bpflife node --seed HOST:PORT}: a member of a cluster that hosts the objects of the
 * worlds driven through it ({@code load --cluster}); runs until stopped. docs/CLUSTER.md.
 */
@Command(name = "node", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"Runs a cluster node: the kernel objects of worlds driven with 'load --cluster' run on it "
                + "(Pekko Cluster Sharding), their journal PostgreSQL. Runs until stopped (Ctrl-C). See docs/CLUSTER.md."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped", "2:bad input (an H2 journal, a bad address, refused by the cluster: the "
                + "setting that differs is named), or downed by the split-brain resolver (its side of the cluster "
                + "had no majority of the nodes)"})
final class NodeCommand implements Callable<Integer> {

    @Option(names = "--seed", required = true, paramLabel = "HOST:PORT",
            description = "A node of the cluster to join (the first node gives its own address).")
    String seed;

    @Option(names = "--port", paramLabel = "P", description = "This node's port (default: 25520; 0: any free port).")
    int port = 25520;

    @Option(names = "--host", paramLabel = "HOST",
            description = "The address this node binds and advertises (default: 127.0.0.1, loopback only).")
    String host = "127.0.0.1";

    @Option(names = "--tls", description = "Artery TLS with mutual authentication (keys and certificates: "
            + "docs/CLUSTER.md, BPFLIFE_TLS_*).")
    boolean tls;

    @Option(names = "--store", paramLabel = "postgres",
            description = "The journal's database: a cluster's is PostgreSQL (BPFLIFE_PG_URL, BPFLIFE_PG_USER, "
                    + "BPFLIFE_PG_PASSWORD).")
    String store;

    @Override
    public Integer call() {
        Config given = store == null ? ConfigFactory.empty()
                : ConfigFactory.empty().withValue("bpflife.store", ConfigValueFactory.fromAnyRef(store));
        ClusterConfig.Address s = ClusterConfig.Address.parse(seed, "--seed");
        NodeMain.Running node = NodeMain.run(s, host, port, tls, given, Duration.ofSeconds(60));
        Store st = node.store();
        Runtime.getRuntime().addShutdownHook(new Thread(st::close, "bpflife-node-stop"));
        node.awaitEnd(); // downed by the split-brain resolver (its side lost the majority): one line, exit 2
        return Errors.OK;
    }
}
