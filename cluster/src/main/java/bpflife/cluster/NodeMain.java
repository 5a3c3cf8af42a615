package bpflife.cluster;

import bpflife.persistence.Store;
import bpflife.protocol.UserError;
import java.time.Duration;

/**
 * A node as a process of its own: {@code --seed HOST:PORT [--port P] [--host H] [--tls]} (the CLI's
 * {@code bpflife node} does the same). Prints one line once it is up, then runs until killed; a node
 * the split-brain resolver downs (its side lost the majority) says so and exits 2.
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
            Running node = run(ClusterConfig.Address.parse(seed, "--seed"), host, port, tls,
                    com.typesafe.config.ConfigFactory.empty(), Duration.ofSeconds(60));
            node.awaitEnd();
        } catch (UserError e) {
            System.err.println("Error: " + e.getMessage());
            System.exit(2);
        }
    }

    /** A node that is up: its store (actor system and journal) and how it ends. */
    public static final class Running {
        private final Store store;
        private final Downed downed;

        private Running(Store store) {
            this.store = store;
            this.downed = Downed.watch(store.system());
        }

        public Store store() {
            return store;
        }

        /**
         * Waits until the node's actor system has ended; throws, saying so (exit 2: the environment),
         * if the split-brain resolver downed it: its side of the cluster had no majority of the nodes.
         */
        public void awaitEnd() {
            store.system().getWhenTerminated().toCompletableFuture().join();
            String why = downed.nodeLine();
            if (why != null) {
                throw new UserError(why);
            }
        }
    }

    /** Starts a node and waits until it is Up; prints {@link #UP} with its address. */
    public static Running run(ClusterConfig.Address seed, String host, int port, boolean tls,
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
        return new Running(store);
    }
}
