package bpflife.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.protocol.UserError;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A journal that cannot be opened fails in seconds with one line naming the journal, the cause
 * and what to do (a {@link UserError}, exit 2), instead of two minutes of silence and "null"
 * (issue 15, F1 and F8); a normal open logs no error (F17).
 */
@DisplayName("opening a journal that cannot be opened")
class JournalOpenFailuresTest {
    /** A guard against the old two-minute hang, not the target (which is seconds). */
    static final Duration GUARD = Duration.ofSeconds(30);

    private final Path dir;

    JournalOpenFailuresTest() throws IOException {
        dir = Files.createTempDirectory("bpflife-open-");
    }

    @AfterEach
    void remove() throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static Config h2(Path dataDir) {
        return ConfigFactory.empty()
                .withValue("bpflife.store", ConfigValueFactory.fromAnyRef("h2"))
                .withValue("bpflife.data-dir", ConfigValueFactory.fromAnyRef(dataDir.toString()));
    }

    static Config postgres(String url) {
        return ConfigFactory.empty()
                .withValue("bpflife.store", ConfigValueFactory.fromAnyRef("postgres"))
                .withValue("bpflife.postgres.url", ConfigValueFactory.fromAnyRef(url));
    }

    /** Store.open fails with a UserError (exit 2) within the guard; its message. */
    static String fails(Config cfg) {
        long t0 = System.nanoTime();
        UserError e = assertThrows(UserError.class, () -> Store.open(cfg).close());
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertTrue(took.compareTo(GUARD) < 0, "took " + took + ": " + e.getMessage());
        assertEquals(UserError.Exit.BAD_INPUT, e.exit());
        String m = e.getMessage();
        assertFalse(m.contains("null") || m.contains("Exception") || m.contains("\n"), m);
        return m;
    }

    /** A real, empty H2 journal in the directory (plain JDBC: no actor system). */
    private static Path makeJournal(Path dataDir) throws Exception {
        Store.Settings s = Store.Settings.of(Store.config(h2(dataDir)));
        Files.createDirectories(dataDir);
        try (Connection c = DriverManager.getConnection(s.url(), "sa", "")) {
            c.createStatement().execute("CREATE TABLE t(x INT)");
        }
        return s.h2File();
    }

    @Test
    @DisplayName("F1: an H2 file locked by another process names the file, the lock and its pid")
    void lockedByAnotherProcess() throws Exception {
        Path file = makeJournal(dir);
        Store.Settings s = Store.Settings.of(Store.config(h2(dir)));
        Process holder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), HoldJournal.class.getName(), s.url())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    return e.toString();
                }
            }).get(30, TimeUnit.SECONDS);
            assertEquals("held", line, "the holding process did not open the journal");
            String m = fails(h2(dir));
            assertTrue(m.startsWith("can't open the journal " + file + ": it is locked by another process (pid "
                    + holder.pid() + ")"), m);
            assertTrue(m.contains("(try: "), m);
        } finally {
            holder.getOutputStream().close();
            if (!holder.waitFor(10, TimeUnit.SECONDS)) {
                holder.destroyForcibly();
            }
        }
    }

    @Test
    @DisplayName("F1: an H2 file locked in this process (no pid to name) fails the same way")
    void lockedHere() throws Exception {
        Path file = makeJournal(dir);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE); var lock = ch.lock()) {
            assertTrue(lock.isValid());
            String m = fails(h2(dir));
            assertTrue(m.startsWith("can't open the journal " + file + ": it is locked by another process"), m);
        }
    }

    @Test
    @DisplayName("F1: random bytes where the H2 file should be: not an H2 database file")
    void garbage() throws Exception {
        // longer and shorter than H2's 4 KB header block (a short file reads past its end)
        for (int size : new int[] {20_000, 3_000}) {
            Path d = Files.createDirectories(dir.resolve("junk-" + size));
            byte[] junk = new byte[size];
            new Random(15).nextBytes(junk);
            Path file = Files.write(d.resolve("journal.mv.db"), junk);
            String m = fails(h2(d));
            assertTrue(m.startsWith("can't open the journal " + file + ": not an H2 database file (try: "), m);
        }
    }

    @Test
    @DisplayName("F1: a truncated H2 file")
    void truncated() throws Exception {
        Path file = makeJournal(dir);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(5000);
        }
        String m = fails(h2(dir));
        assertTrue(m.startsWith("can't open the journal " + file + ": the file is truncated (try: "), m);
    }

    @Test
    @DisplayName("F8: a data directory under a file names the file")
    void dataDirUnderAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        String m = fails(h2(file.resolve("data")));
        assertEquals("can't make the journal's data directory " + file.resolve("data") + ": " + file
                + " is a file, not a directory (try: --data-dir DIR or BPFLIFE_DATA_DIR with a directory you can write)", m);
    }

    @Test
    @DisplayName("F8: a data directory in a read-only place")
    void dataDirReadOnly() {
        Path ro = Path.of("/proc/bpflife-journal");
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "no /proc here (not Linux)");
        String m = fails(h2(ro));
        assertEquals("can't make the journal's data directory " + ro + ": the system refused to make " + ro
                + " (no such file or directory) (try: --data-dir DIR or BPFLIFE_DATA_DIR with a directory you can "
                + "write)", m);
    }

    @Test
    @DisplayName("F8: a malformed PostgreSQL URL")
    void malformedUrl() {
        for (String url : new String[] {"postgres://db/bpflife", "jdbc:postgresql://db:5432:1/bpflife", "garbage",
                "jdbc:postgresql://db:5432/"}) {
            String m = fails(postgres(url));
            assertTrue(m.startsWith("can't open the journal: the PostgreSQL URL '" + url + "' is malformed: expected "
                    + "jdbc:postgresql://HOST[:PORT]/DATABASE"), m);
        }
    }

    @Test
    @DisplayName("F1: PostgreSQL at a port nobody listens on: connection refused at host:port")
    void refused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String m = fails(postgres("jdbc:postgresql://127.0.0.1:" + port + "/bpflife"));
        assertTrue(m.startsWith("can't open the journal postgres 127.0.0.1:" + port + "/bpflife: connection refused at "
                + "127.0.0.1:" + port + " (try: "), m);
    }

    @Test
    @DisplayName("F1: a server that accepts the connection and never answers: no answer within the bound")
    void silentServer() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            String at = "127.0.0.1:" + silent.getLocalPort();
            long t0 = System.nanoTime();
            String m = fails(postgres("jdbc:postgresql://" + at + "/bpflife")
                    .withValue("bpflife.connect-timeout", ConfigValueFactory.fromAnyRef("1s")));
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos(), "bounded by connect-timeout 1 s");
            assertTrue(m.startsWith("can't open the journal postgres " + at + "/bpflife: no answer from " + at
                    + " within 1 s (try: "), m);
        }
    }

    @Test
    @DisplayName("F1: PostgreSQL with a wrong password: authentication failed for the user")
    void wrongPassword() {
        String url = PostgresServer.url();
        Store.Settings s = Store.Settings.of(Store.config(postgres(url)));
        String m = fails(postgres(url).withValue("bpflife.postgres.password",
                ConfigValueFactory.fromAnyRef("not-" + s.password() + "-15")));
        assertTrue(m.startsWith("can't open the journal " + s.where() + ": authentication failed for user '"
                + s.user() + "'"), m);
    }

    @Test
    @DisplayName("F1: PostgreSQL with an unknown database: database D does not exist")
    void unknownDatabase() {
        String url = PostgresServer.url();
        Store.Settings s = Store.Settings.of(Store.config(postgres(url)));
        String other = url.replaceFirst("/" + s.database() + "(\\?|$)", "/bpflife_no_such_db$1");
        String m = fails(postgres(other));
        assertTrue(m.startsWith("can't open the journal postgres " + s.hostPort()
                + "/bpflife_no_such_db: database 'bpflife_no_such_db' does not exist (try: "), m);
    }

    @Test
    @DisplayName("F17: opening a journal twice logs no error in H2's journal.trace.db")
    void normalOpenLogsNoError() throws Exception {
        Store.open(h2(dir)).close();
        Store.open(h2(dir)).close();
        Path trace = dir.resolve("journal.trace.db");
        String logged = Files.exists(trace) ? Files.readString(trace, StandardCharsets.UTF_8) : "";
        assertFalse(logged.contains("already exists"), logged);
        assertEquals("", logged, "journal.trace.db");
    }

    @Test
    @DisplayName("F17: Pekko's CREATE INDEX statements made idempotent")
    void idempotentIndexes() {
        assertEquals("CREATE UNIQUE INDEX IF NOT EXISTS \"i\" on t (x)",
                Store.idempotent("CREATE UNIQUE INDEX \"i\" on t (x)"));
        assertEquals("CREATE INDEX CONCURRENTLY IF NOT EXISTS i on t (x)",
                Store.idempotent("CREATE INDEX CONCURRENTLY i on t (x)"));
        assertEquals("CREATE INDEX IF NOT EXISTS i on t (x)", Store.idempotent("CREATE INDEX IF NOT EXISTS i on t (x)"));
    }
}
