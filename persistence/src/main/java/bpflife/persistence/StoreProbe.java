package bpflife.persistence;

import bpflife.protocol.UserError;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The journal reached with plain JDBC before the actor system starts, so that a journal that cannot
 * be opened fails in seconds with one line: the journal (the H2 file, or host:port/database), the
 * cause in words and what to do ({@link UserError}, exit 2). Left alone, Pekko's connection pool
 * retries a refused or locked database until the caller gives up, and says only "null".
 */
final class StoreProbe {
    private StoreProbe() {}

    /** H2 error codes (org.h2.api.ErrorCode), named here to keep H2 out of the compile classpath. */
    private static final int H2_LOCKED = 90020;
    private static final int H2_IO = 90028;
    private static final int H2_CORRUPTED = 90030;
    private static final int H2_FILE_VERSION = 90048;
    private static final int H2_ENCRYPTION = 90049;

    /** The data directory made (H2), the URL checked (PostgreSQL), a connection opened, or the reason why not. */
    static Connection connect(Store.Settings s) {
        if (s.db() == Store.Db.H2) {
            makeDataDir(s);
        } else {
            checkUrl(s);
        }
        try {
            return DriverManager.getConnection(s.url(), properties(s));
        } catch (SQLException e) {
            throw new UserError("can't open the journal " + s.where() + ": " + cause(s, e), e);
        }
    }

    /**
     * The connection's properties: the user and password, and for PostgreSQL the connect, login and
     * socket read bounds (the pool's connections get the same).
     */
    static Properties properties(Store.Settings s) {
        Properties p = new Properties();
        p.setProperty("user", s.user());
        p.setProperty("password", s.password());
        if (s.db() == Store.Db.POSTGRES) {
            String secs = Long.toString(seconds(s));
            p.setProperty("connectTimeout", secs);
            p.setProperty("loginTimeout", secs);
            p.setProperty("socketTimeout", Long.toString(Math.max(1, (s.socketTimeout().toMillis() + 999) / 1000)));
        }
        return p;
    }

    /** The connect timeout in whole seconds (PostgreSQL's driver counts in seconds), at least 1. */
    static long seconds(Store.Settings s) {
        return Math.max(1, (s.connectTimeout().toMillis() + 999) / 1000);
    }

    private static final String DATA_DIR_TRY = " (try: --data-dir DIR or BPFLIFE_DATA_DIR with a directory you can write)";

    private static void makeDataDir(Store.Settings s) {
        Path dir = s.dataDir().toAbsolutePath().normalize();
        String what = "can't make the journal's data directory " + dir + ": ";
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException | NotDirectoryException e) {
            String file = notADirectory(dir);
            throw new UserError(what + (file != null ? file : "part of the path is not a directory") + DATA_DIR_TRY, e);
        } catch (AccessDeniedException e) {
            throw new UserError(what + "permission denied at " + e.getFile() + DATA_DIR_TRY, e);
        } catch (FileSystemException e) {
            String reason = e.getReason() != null ? e.getReason() : "the system refused it";
            String file = notADirectory(dir);
            if (file != null) {
                reason = file;
            } else if (e instanceof NoSuchFileException) {
                reason = "the system refused to make " + e.getFile() + " (no such file or directory)";
            }
            throw new UserError(what + reason.toLowerCase(Locale.ROOT) + DATA_DIR_TRY, e);
        } catch (IOException e) {
            throw new UserError(what + e.getMessage() + DATA_DIR_TRY, e);
        }
        if (!Files.isWritable(dir)) {
            throw new UserError(what.replace("can't make", "can't write in") + "permission denied" + DATA_DIR_TRY);
        }
    }

    /** Which part of the path is a file where a directory should be, or null. */
    private static String notADirectory(Path dir) {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                return p + " is a file, not a directory";
            }
        }
        return null;
    }

    private static void checkUrl(Store.Settings s) {
        String url = s.url();
        Properties parsed = url.startsWith("jdbc:postgresql:") ? org.postgresql.Driver.parseURL(url, null) : null;
        String host = parsed == null ? null : parsed.getProperty("PGHOST", "");
        if (parsed == null || host.isEmpty() || host.contains(":") && !host.startsWith("[")
                || parsed.getProperty("PGDBNAME", "").isEmpty()) {
            throw new UserError("can't open the journal: the PostgreSQL URL '" + Store.Settings.withoutQuery(url)
                    + "' is malformed: expected jdbc:postgresql://HOST[:PORT]/DATABASE (try: fix BPFLIFE_PG_URL or "
                    + "bpflife.postgres.url)");
        }
    }

    /** The cause in words, and what to do. */
    private static String cause(Store.Settings s, SQLException e) {
        return s.db() == Store.Db.H2 ? h2Cause(s, e) : postgresCause(s, e);
    }

    private static String h2Cause(Store.Settings s, SQLException e) {
        Path file = s.h2File();
        String elsewhere = " or use another --data-dir";
        return switch (e.getErrorCode()) {
            case H2_LOCKED -> {
                long pid = lockHolder(file);
                yield "it is locked by another process" + (pid > 0 ? " (pid " + pid + ")" : "")
                        + " (try: wait for it to finish, stop it," + elsewhere + ")";
            }
            case H2_CORRUPTED, H2_IO -> !h2Header(file)
                    ? "not an H2 database file (try: move it away to start a new journal" + elsewhere + ")"
                    : (e.getErrorCode() == H2_CORRUPTED ? "the file is damaged"
                            : hasCause(e, EOFException.class) ? "the file is truncated"
                            : "can't read it: " + h2Message(e))
                    + " (try: restore it from a copy, move it away to start a new journal" + elsewhere + ")";
            case H2_FILE_VERSION -> "the file was written by an H2 version this bpflife cannot read"
                    + " (try: move it away to start a new journal" + elsewhere + ")";
            case H2_ENCRYPTION -> "the file is encrypted or not an H2 database file"
                    + " (try: move it away to start a new journal" + elsewhere + ")";
            default -> h2Message(e);
        };
    }

    /** H2's message without its error code suffix ({@code [90028-232]}). */
    private static String h2Message(SQLException e) {
        String m = String.valueOf(e.getMessage());
        return m.replaceFirst("\\s*\\[\\d+-\\d+]\\s*$", "");
    }

    /** An MVStore file begins with its text header {@code H:2,block:...}. */
    private static boolean h2Header(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(4), StandardCharsets.ISO_8859_1).equals("H:2,");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The process holding a lock on the file, from /proc/locks (Linux; H2 itself does not say), or
     * 0 when that cannot be told.
     */
    static long lockHolder(Path file) {
        try {
            Object ino = Files.getAttribute(file, "unix:ino");
            long self = ProcessHandle.current().pid();
            List<String> locks = Files.readAllLines(Path.of("/proc/locks"));
            for (String line : locks) {
                // "1: POSIX  ADVISORY  WRITE 1234 fd:00:5366360 0 EOF" (a blocked waiter has "->" after the number)
                String[] f = line.trim().split("\\s+");
                if (f.length < 6 || f[1].equals("->")) {
                    continue;
                }
                String[] dev = f[5].split(":");
                if (dev.length == 3 && dev[2].equals(String.valueOf(ino))) {
                    long pid = Long.parseLong(f[4]);
                    if (pid > 0 && pid != self) {
                        return pid;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc not readable: the message goes without the pid
        }
        return 0;
    }

    private static String postgresCause(Store.Settings s, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String hostPort = s.hostPort();
        String fixUrl = " (try: fix BPFLIFE_PG_URL or bpflife.postgres.url)";
        if (state.equals("28P01") || state.equals("28000")) {
            return "authentication failed for user '" + s.user() + "'"
                    + (state.equals("28000") && e.getMessage() != null ? " (" + serverMessage(e) + ")" : "")
                    + " (try: check BPFLIFE_PG_USER and BPFLIFE_PG_PASSWORD)";
        }
        if (state.equals("3D000")) {
            return "database '" + s.database() + "' does not exist (try: createdb " + s.database()
                    + ", or name another in BPFLIFE_PG_URL)";
        }
        if (hasCause(e, ConnectException.class)) {
            return "connection refused at " + hostPort + " (try: start PostgreSQL there, or fix BPFLIFE_PG_URL)";
        }
        String lower = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (hasCause(e, SocketTimeoutException.class)
                || state.startsWith("08") && (lower.contains("timeout") || lower.contains("timed out"))) {
            return "no answer from " + hostPort + " within " + seconds(s) + " s"
                    + " (try: check the server is up and reachable, or raise bpflife.connect-timeout)";
        }
        if (hasCause(e, UnknownHostException.class)) {
            return "unknown host '" + s.host() + "'" + fixUrl;
        }
        if (state.equals("57P03")) {
            return "the server is starting up or shutting down (try: again in a moment)";
        }
        if (state.equals("53300")) {
            return "the server has too many connections (try: again later, or raise its max_connections)";
        }
        return serverMessage(e);
    }

    /** The driver's or server's message, first line only. */
    private static String serverMessage(SQLException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return (nl >= 0 ? m.substring(0, nl) : m).trim();
    }
}
