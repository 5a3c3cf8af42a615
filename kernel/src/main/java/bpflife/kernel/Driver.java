package bpflife.kernel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bpflife-driver process: one scenario task on the real kernel. Started by bpflife (a child
 * process over pipes), or forked by another driver (then connected over a unix socket). Each
 * {@link #call} sends one command line and waits for the one answer line; a driver that does not
 * answer within the timeout is killed (the call then fails).
 */
final class Driver {
    private static final Logger LOG = LoggerFactory.getLogger(Driver.class);
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bpflife-driver-watchdog");
        t.setDaemon(true);
        return t;
    });

    final String task;
    final long pid;
    private final Process process;          // null for a forked driver
    private final SocketChannel channel;    // null for a started driver
    private final OutputStream in;
    private final BufferedReader out;
    private final Duration timeout;
    private boolean gone;

    private Driver(String task, long pid, Process process, SocketChannel channel, OutputStream in,
                   BufferedReader out, Duration timeout) {
        this.task = task;
        this.pid = pid;
        this.process = process;
        this.channel = channel;
        this.in = in;
        this.out = out;
        this.timeout = timeout;
    }

    /** Starts a driver process for {@code task}; its stderr goes to {@code stderr}. */
    static Driver start(Path exe, String task, Path stderr, Duration timeout) throws IOException {
        return start(exe, task, stderr, timeout, false);
    }

    /**
     * As above; with {@code pidns} the task runs in a pid namespace of its own (the driver's
     * {@code --pidns}: this process waits for its child, which is the task, pid 1 there).
     */
    static Driver start(Path exe, String task, Path stderr, Duration timeout, boolean pidns) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(pidns ? List.of(exe.toString(), "--pidns") : List.of(exe.toString()));
        pb.redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
        Process p = pb.start();
        Driver d = new Driver(task, p.pid(), p, null, p.getOutputStream(),
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII)), timeout);
        LOG.debug("driver for task {} started: pid {}", task, p.pid());
        return d;
    }

    /** A driver another driver forked, connected to bpflife's socket. */
    static Driver forked(String task, long pid, SocketChannel ch, Duration timeout) {
        return new Driver(task, pid, null, ch, Channels.newOutputStream(ch),
                new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.US_ASCII)),
                timeout);
    }

    /** Sends one command and returns the answer. */
    Reply call(String command) {
        if (gone) {
            throw new IllegalStateException("the driver of task " + task + " has exited");
        }
        ScheduledFuture<?> kill = WATCHDOG.schedule(this::kill, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            in.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
            in.flush();
            String line = out.readLine();
            if (line == null) {
                gone = true;
                throw new DriverException("the kernel driver of task " + task + " (pid " + pid + ") ended while running '"
                        + command + "'" + (kill.isDone() ? " (killed after " + timeout.toSeconds() + " s without an answer)"
                        : ""));
            }
            Reply r = Reply.parse(line);
            if (LOG.isDebugEnabled()) {
                LOG.debug("{}: {} -> {}", task, command, line.length() > 200 ? line.substring(0, 200) + "..." : line);
            }
            return r;
        } catch (IOException e) {
            gone = true;
            throw new DriverException("the kernel driver of task " + task + " (pid " + pid + ") failed on '" + command
                    + "': " + e.getMessage(), e);
        } finally {
            kill.cancel(false);
        }
    }

    /** The task exits: every fd it has is closed (the answer comes after the closes), then the process ends. */
    void exit() {
        Reply r = call("exit");
        if (!r.ok()) {
            throw new DriverException("the kernel driver of task " + task + " could not exit: errno " + r.errno());
        }
        gone = true;
        closeStreams();
        if (process != null) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
            }
        }
    }

    boolean exited() {
        return gone;
    }

    /** SIGKILL: the kernel closes every fd of the task. */
    void kill() {
        if (process != null) {
            process.destroyForcibly();
        } else {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        closeStreams();
    }

    /** Whether the process is gone (or a zombie: its fds are closed then). */
    boolean dead() {
        if (process != null) {
            return !process.isAlive();
        }
        return Procs.deadOrZombie(pid);
    }

    private void closeStreams() {
        try {
            in.close();
        } catch (IOException | UncheckedIOException e) {
            // already gone
        }
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // already gone
        }
    }

    /** A driver that failed or hung: a bug, or the machine misbehaving; the run stops. */
    static final class DriverException extends RuntimeException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        DriverException(String message) {
            super(message);
        }

        DriverException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
