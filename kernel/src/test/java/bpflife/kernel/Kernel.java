package bpflife.kernel;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import bpflife.protocol.IdKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The real kernel for tests: whether it can be used here, and what is in its id lists and bpffs. */
final class Kernel {
    private Kernel() {}

    private static String skip;
    private static Host host;
    private static Path exe;

    /** Skips the calling test (saying why) unless the kernel check can run on this machine. */
    static synchronized void assumeReady() {
        if (host == null && skip == null) {
            try {
                host = Host.check(n -> { });
                exe = DriverBuild.driver(n -> { });
            } catch (SkippedException e) {
                skip = e.reason();
            }
        }
        assumeTrue(skip == null, () -> "kernel check skipped here: " + skip);
    }

    static Host host() {
        assumeReady();
        return host;
    }

    /** Every id of that kind GET_NEXT_ID enumerates now (all programs', not only ours). */
    static List<Integer> ids(IdKind kind) {
        assumeReady();
        Path err;
        try {
            err = Files.createTempFile("bpflife-ids-", ".stderr");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Driver d = Driver.start(exe, "(ids)", err, Duration.ofSeconds(30));
            Reply r = d.call("ids " + kind.word());
            d.exit();
            List<Integer> out = new ArrayList<>();
            r.values().forEach(v -> out.add(Integer.parseInt(v)));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(err);
            } catch (IOException e) {
                // a temp file
            }
        }
    }

    /** Waits (up to 3 s: deferred frees, RCU for maps) until the ids of that kind are {@code expected}. */
    static List<Integer> idsSettleTo(IdKind kind, List<Integer> expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        List<Integer> now = ids(kind);
        while (!now.equals(expected) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            now = ids(kind);
        }
        return now;
    }

    /** Our directories (bpflife-<pid>-<n>) in bpffs and in the cgroup v2 hierarchy. */
    static List<Path> ourDirectories() {
        List<Path> out = new ArrayList<>();
        for (Path root : new Path[] {host().bpffs(), host().cgroup2()}) {
            if (root == null) {
                continue;
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, "bpflife-*")) {
                ds.forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
