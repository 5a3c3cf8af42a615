package bpflife.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one kernel run makes outside its driver processes, and the cleanup that removes it:
 * a private bpffs directory {@code /sys/fs/bpf/bpflife-<pid>-<n>/} (the scenario's /sys/fs/bpf),
 * a private cgroup directory under the cgroup v2 mount (the scenario's /sys/fs/cgroup), a temp
 * directory for the fork socket and the drivers' stderr, and the driver processes.
 *
 * <p>{@link #close} kills every driver (the kernel closes their fds: links, progs, sessions), then
 * removes the pins and directories; it runs at the end of the run, after a failure, and from a
 * shutdown hook on Ctrl-C or SIGTERM. Directories of earlier runs whose process is gone (killed
 * with SIGKILL, so no hook ran) are removed when the next run starts.
 */
final class Workspace implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Workspace.class);
    private static final AtomicInteger RUNS = new AtomicInteger();
    static final Pattern OURS = Pattern.compile("bpflife-(\\d+)-(\\d+)(-\\d+)?");

    final Path bpffsDir;
    final Path cgroupDir;     // null when the host has no cgroup v2 mount
    final Path tmp;
    private final Path socketPath;
    private final ServerSocketChannel server;
    private final List<Driver> drivers = new ArrayList<>();
    private final Thread hook;
    private boolean closed;
    private boolean cgroupMade;

    Workspace(Host host, Consumer<String> notes) {
        sweep(host.bpffs(), notes);
        if (host.cgroup2() != null) {
            sweep(host.cgroup2(), notes);
        }
        sweep(Path.of(System.getProperty("java.io.tmpdir")), s -> { });
        String name = "bpflife-" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet();
        bpffsDir = host.bpffs().resolve(name);
        cgroupDir = host.cgroup2() == null ? null : host.cgroup2().resolve(name);
        try {
            tmp = Files.createTempDirectory(name + "-");
            Files.createDirectory(bpffsDir);
            socketPath = tmp.resolve("fork.sock");
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socketPath));
            server.configureBlocking(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the run's directories: " + e.getMessage(), e);
        }
        hook = new Thread(() -> {
            if (!isClosed()) {
                System.err.println("bpflife kernel: interrupted; removing " + bpffsDir + " and ending the drivers");
                close();
            }
        }, "bpflife-kernel-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The scenario's /sys/fs/bpf/... path in the private directory. */
    Path bpffs(String scenarioPath) {
        String rel = scenarioPath.substring(Host.BPFFS.toString().length());
        while (rel.startsWith("/")) {
            rel = rel.substring(1);
        }
        return rel.isEmpty() ? bpffsDir : bpffsDir.resolve(rel);
    }

    /** The private cgroup directory (made on first use) joined with a scenario cgroup name. */
    synchronized Path cgroup(String name) {
        if (cgroupDir == null) {
            throw new SkippedException("no cgroup v2 hierarchy is mounted");
        }
        if (!cgroupMade) {
            try {
                Files.createDirectory(cgroupDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make " + cgroupDir + ": " + e.getMessage(), e);
            }
            cgroupMade = true;
        }
        return cgroupDir.resolve(name);
    }

    synchronized void register(Driver d) {
        drivers.add(d);
    }

    Path stderrLog(String task) {
        return tmp.resolve("driver-" + task + ".stderr");
    }

    String socket() {
        return socketPath.toString();
    }

    /** The connection of a driver that {@code fork} just made. */
    SocketChannel accept(Duration timeout) throws IOException {
        try (Selector sel = Selector.open()) {
            server.register(sel, SelectionKey.OP_ACCEPT);
            if (sel.select(timeout.toMillis()) == 0) {
                throw new IOException("the forked driver did not connect within " + timeout.toSeconds() + " s");
            }
            SocketChannel ch = server.accept();
            ch.configureBlocking(true);
            return ch;
        }
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Ends every driver and removes the pins and directories. Safe to call twice and from the hook. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Driver d : drivers) {
            if (!d.exited() || !d.dead()) {
                d.kill();
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        for (Driver d : drivers) {
            while (!d.dead() && System.nanoTime() < deadline) {
                sleep(5);
            }
            if (!d.dead()) {
                LOG.warn("driver of task {} (pid {}) did not end", d.task, d.pid);
            }
        }
        try {
            server.close();
        } catch (IOException e) {
            // nothing to do
        }
        deleteTree(bpffsDir);
        if (cgroupMade) {
            removeCgroups(cgroupDir);
        }
        deleteTree(tmp);
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook is running or ran
            }
        }
    }

    /** Removes the bpflife-<pid>-<n>[-<random>] entries under {@code root} whose process is gone. */
    static void sweep(Path root, Consumer<String> notes) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, "bpflife-*")) {
            for (Path p : ds) {
                Matcher m = OURS.matcher(p.getFileName().toString());
                if (m.matches() && !Procs.alive(Long.parseLong(m.group(1)))) {
                    if (Files.exists(root.resolve("cgroup.procs"))) {
                        removeCgroups(p); // cgroupfs: only rmdir works
                    } else {
                        deleteTree(p);
                    }
                    notes.accept("removed " + p + ", left by a bpflife run (pid " + m.group(1) + ") that could not clean up");
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot sweep {}: {}", root, e.toString());
        }
    }

    /** Deletes a directory tree (bpffs pins and directories, or plain files). */
    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // gone already
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", dir, e.toString());
        }
    }

    /** cgroupfs: only rmdir works (the control files go with their directory), deepest first. */
    static void removeCgroups(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path child : ds) {
                removeCgroups(child);
            }
        } catch (IOException e) {
            LOG.debug("cannot list {}: {}", dir, e.toString());
        }
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            LOG.warn("cannot remove cgroup {}: {}", dir, e.toString());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
