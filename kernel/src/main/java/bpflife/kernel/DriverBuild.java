package bpflife.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Builds bpflife-driver on first use: the C and BPF sources travel in the jar (resources
 * {@code bpflife/kernel/driver/}), are copied into a build directory named after their SHA-256
 * and built there with {@code make} (clang -target bpf, bpftool gen skeleton, cc + libbpf).
 * Later runs find the binary and build nothing; changed sources get a new directory.
 *
 * <p>The build directory is {@code target/bpflife-driver/<hash>/} next to the classes or jar this
 * code runs from ({@code kernel/target/} in tests, {@code cli/target/} for {@code ./bpflife}), or
 * the system property {@code bpflife.kernel.build}, or a directory under java.io.tmpdir.
 */
public final class DriverBuild {
    private DriverBuild() {}

    static final List<String> SOURCES = List.of("Makefile", "driver.c", "iters.bpf.c", "bpflife_types.h",
            "bpflife_cfg.h");
    static final String BINARY = "bpflife-driver";
    public static final String PACKAGES = "clang llvm libbpf-dev bpftool libelf-dev zlib1g-dev pkg-config make gcc";

    private static final Object LOCK = new Object();

    /** The driver binary, built now if needed. Throws {@link SkippedException} when the tools are missing. */
    @SuppressWarnings("try") // the file lock is held for its block, never read
    public static Path driver(Consumer<String> notes) {
        synchronized (LOCK) {
            try {
                Map<String, byte[]> sources = sources();
                String hash = hash(sources);
                Path root = buildRoot();
                Path dir = root.resolve(hash);
                Path exe = dir.resolve(BINARY);
                if (Files.isExecutable(exe)) {
                    return exe;
                }
                Files.createDirectories(root);
                try (FileChannel lockFile = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE); FileLock l = lockFile.lock()) {
                    if (Files.isExecutable(exe)) {
                        return exe; // another process built it meanwhile
                    }
                    return build(sources, root, dir, notes);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot build the kernel driver: " + e.getMessage(), e);
            }
        }
    }

    private static Path build(Map<String, byte[]> sources, Path root, Path dir, Consumer<String> notes)
            throws IOException {
        Map<String, String> tools = tools();
        long started = System.nanoTime();
        Path tmp = Files.createTempDirectory(root, "build-");
        for (var e : sources.entrySet()) {
            Files.write(tmp.resolve(e.getKey()), e.getValue());
        }
        Path log = tmp.resolve("build.log");
        List<String> cmd = new ArrayList<>(List.of(tools.get("make"), "-C", tmp.toString()));
        cmd.add("CLANG=" + tools.get("clang"));
        cmd.add("BPFTOOL=" + tools.get("bpftool"));
        cmd.add("CC=" + tools.get("cc"));
        cmd.add("PKG_CONFIG=" + tools.get("pkg-config"));
        int rc;
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new DriverBuildException("building the kernel driver took more than 10 minutes; see " + log);
            }
            rc = p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverBuildException("interrupted while building the kernel driver");
        }
        if (rc != 0 || !Files.isExecutable(tmp.resolve(BINARY))) {
            throw new DriverBuildException("building the kernel driver failed (make exited with " + rc + "); "
                    + "the last lines of " + log + ":\n" + tail(log, 15));
        }
        try {
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            // built twice: keep the first
        } catch (IOException e) {
            if (!Files.isExecutable(dir.resolve(BINARY))) {
                throw e;
            }
        }
        notes.accept(String.format("built the kernel driver in %s (first use, %.1f s)", dir,
                (System.nanoTime() - started) / 1e9));
        return dir.resolve(BINARY);
    }

    /** The build tools, or a skip naming the missing ones and the Debian packages that bring them. */
    static Map<String, String> tools() {
        Map<String, String> found = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String[] alternatives : new String[][] {{"make"}, {"clang"}, {"bpftool"}, {"cc", "gcc"},
                {"pkg-config"}}) {
            String path = null;
            for (String name : alternatives) {
                path = which(name);
                if (path != null) {
                    break;
                }
            }
            if (path == null) {
                missing.add(alternatives[0]);
            } else {
                found.put(alternatives[0], path);
            }
        }
        if (!Files.isReadable(Path.of("/usr/include/bpf/libbpf.h"))
                && !Files.isReadable(Path.of("/usr/local/include/bpf/libbpf.h"))) {
            missing.add("libbpf headers (bpf/libbpf.h)");
        }
        if (!missing.isEmpty()) {
            throw new SkippedException("the kernel driver is built on first use and needs " + String.join(", ", missing)
                    + ": apt-get install -y " + PACKAGES);
        }
        return found;
    }

    private static String which(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/local/sbin", "/usr/local/bin", "/usr/bin", "/bin"));
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, name);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return p.toString();
            }
        }
        return null;
    }

    static Map<String, byte[]> sources() throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String name : SOURCES) {
            try (InputStream in = DriverBuild.class.getResourceAsStream("/bpflife/kernel/driver/" + name)) {
                if (in == null) {
                    throw new IOException("resource bpflife/kernel/driver/" + name + " is missing from the jar");
                }
                out.put(name, in.readAllBytes());
            }
        }
        return out;
    }

    private static String hash(Map<String, byte[]> sources) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (var e : sources.entrySet()) {
                md.update(e.getKey().getBytes());
                md.update((byte) 0);
                md.update(e.getValue());
            }
            return HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path buildRoot() {
        String prop = System.getProperty("bpflife.kernel.build");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath();
        }
        try {
            Path here = Path.of(DriverBuild.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = here.getParent();
            if (target != null && target.getFileName() != null && target.getFileName().toString().equals("target")
                    && Files.isWritable(target)) {
                return target.resolve("bpflife-driver");
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "bpflife-driver-" + Procs.euid());
    }

    private static String tail(Path log, int lines) {
        try (Stream<String> s = Files.lines(log)) {
            List<String> all = s.toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read the log: " + e.getMessage() + ")";
        }
    }

    /** The driver's sources did not build although the tools are there: a bug in bpflife or its sources. */
    public static final class DriverBuildException extends RuntimeException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        DriverBuildException(String message) {
            super(message);
        }
    }
}
