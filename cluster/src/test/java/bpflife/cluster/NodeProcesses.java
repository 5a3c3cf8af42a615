package bpflife.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Nodes as separate JVMs on 127.0.0.1 (this test's classpath, {@link NodeMain}), each waited for
 * by its "up" line, each killable with SIGKILL; their output kept in a file for a failure's message.
 */
final class NodeProcesses implements AutoCloseable {
    record Node(Process process, int port, Path log, CompletableFuture<String> up) {}

    final List<Node> nodes = new ArrayList<>();
    private record Watch(String text, CompletableFuture<String> seen) {}
    private final List<Watch> watches = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Completes with the first line any node prints from now on that contains {@code text}. */
    CompletableFuture<String> line(String text) {
        Watch w = new Watch(text, new CompletableFuture<>());
        watches.add(w);
        return w.seen();
    }
    final int seedPort;

    private NodeProcesses(int seedPort) {
        this.seedPort = seedPort;
    }

    /** Starts {@code n} nodes, the first the seed, and waits until each is up. */
    static NodeProcesses start(int n, Duration timeout) throws IOException {
        NodeProcesses ps = new NodeProcesses(freePort());
        try {
            for (int i = 0; i < n; i++) {
                ps.nodes.add(ps.launch(i == 0 ? ps.seedPort : freePort()));
            }
            for (Node node : ps.nodes) {
                ps.awaitUp(node, timeout);
            }
        } catch (IOException | RuntimeException e) {
            ps.close();
            throw e;
        }
        return ps;
    }

    /** Starts one more node (joining the seed) and waits until it is up; its index. */
    int add(Duration timeout) throws IOException {
        int port = freePort();
        Node n = launch(port, NodeMain.class, List.of("--seed", liveSeed(), "--port", String.valueOf(port)));
        nodes.add(n);
        awaitUp(n, timeout);
        return nodes.size() - 1;
    }

    /** The index of the node at {@code port}, or -1. */
    int byPort(int port) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).port() == port) {
                return i;
            }
        }
        return -1;
    }

    /** A live node's address to join through (the seed may have been killed by a test). */
    String liveSeed() {
        for (Node n : nodes) {
            if (n.process().isAlive()) {
                return "127.0.0.1:" + n.port();
            }
        }
        throw new IllegalStateException("no node is alive");
    }

    String seed() {
        return "127.0.0.1:" + seedPort;
    }

    /** A driver JVM ({@link DriverMain}) running a load of world {@code world} through these nodes. */
    Process driver(String world) throws IOException {
        return launch(0, DriverMain.class, List.of(liveSeed(), world)).process();
    }

    private Node launch(int port) throws IOException {
        return launch(port, NodeMain.class, List.of("--seed", seed(), "--port", String.valueOf(port)));
    }

    private Node launch(int port, Class<?> main, List<String> args) throws IOException {
        Path log = Files.createTempFile("bpflife-" + main.getSimpleName() + "-" + port + "-", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "-Dbpflife.store=postgres", main.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        CompletableFuture<String> up = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    Files.writeString(log, line + "\n", StandardOpenOption.APPEND);
                    for (Watch w : watches) {
                        if (line.contains(w.text())) {
                            w.seen().complete(line);
                        }
                    }
                    if (line.startsWith(NodeMain.UP)) {
                        up.complete(line.substring(NodeMain.UP.length()));
                    }
                }
            } catch (IOException e) {
                up.completeExceptionally(e);
            }
            up.completeExceptionally(new IllegalStateException("node on port " + port + " exited before it was up"));
        }, "node-" + port + "-output");
        reader.setDaemon(true);
        reader.start();
        return new Node(p, port, log, up);
    }

    private void awaitUp(Node node, Duration timeout) throws IOException {
        try {
            node.up().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("node on port " + node.port() + " not up within " + timeout.toSeconds()
                    + " s: " + e + "\n" + Files.readString(node.log()), e);
        }
    }

    /** SIGKILL: the node has no chance to leave the cluster or finish a write. */
    void kill(int i) throws InterruptedException {
        Node n = nodes.get(i);
        n.process().destroyForcibly();
        n.process().waitFor(30, TimeUnit.SECONDS);
    }

    String logs() throws IOException {
        StringBuilder b = new StringBuilder();
        for (Node n : nodes) {
            b.append("---- node ").append(n.port()).append('\n').append(Files.readString(n.log()));
        }
        return b.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Node n : nodes) {
            n.process().destroyForcibly();
        }
        for (Node n : nodes) {
            try {
                n.process().waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
