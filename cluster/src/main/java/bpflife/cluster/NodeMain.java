package bpflife.cluster;

import bpflife.persistence.Store;
import bpflife.protocol.UserError;
import java.time.Duration;

/**
 * A node as a process of its own: {@code --seed HOST:PORT [--port P] [--host H] [--tls]} (the CLI's
 * {@code bpflife node} does the same). Prints one line once it is up, then runs until killed.
 */
public final class NodeMain {
    private NodeMain() {}

    /** The line a node prints once it is Up (tests and scripts wait for it). */
    public static final String UP = "bpflife node: up at ";

    public static void main(String[] args) {
        String seed = null;
        String host = "127.0.0.1";
        int port = 0;
        boolean tls = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seed" -> seed = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--host" -> host = args[++i];
                case "--tls" -> tls = true;
                default -> {
                    System.err.println("Error: unknown option '" + args[i] + "'");
                    System.exit(2);
                }
            }
        }
        try {
            Store store = run(ClusterConfig.Address.parse(seed, "--seed"), host, port, tls,
                    com.typesafe.config.ConfigFactory.empty(), Duration.ofSeconds(60));
            store.system().getWhenTerminated().toCompletableFuture().join();
        } catch (UserError e) {
            System.err.println("Error: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Starts a node and waits until it is Up; prints {@link #UP} with its address. */
    public static Store run(ClusterConfig.Address seed, String host, int port, boolean tls,
                            com.typesafe.config.Config given, Duration timeout) {
        Store store = Store.open(ClusterConfig.member(seed, host, port, ClusterConfig.NODE, tls, given));
        try {
            ClusterNode.awaitUp(store.system(), timeout); // first: a refused node is shut down at once
            ClusterNode.start(store);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        System.out.println(UP + org.apache.pekko.cluster.Cluster.get(
                org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(store.system())).selfAddress().hostPort());
        System.out.flush();
        return store;
    }
}
