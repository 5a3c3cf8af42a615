package bpflife.persistence;

import bpflife.protocol.UserError;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * On open, before Pekko reads anything: the rows of the H2 journal's redo logs ({@link RedoLog})
 * that are not in the H2 file (a process killed before H2 stored them) are put back with their own
 * {@code ordering}, H2's file is stored, and the logs are deleted.
 *
 * <p>A torn last record (a process killed in the middle of an append: never acknowledged) is
 * dropped, and said so in the log. A damaged record followed by others is a corrupt journal: refused
 * with a {@link UserError} (exit 2) naming the persistence id and sequence number when they can be
 * read, never skipped.
 */
final class RedoReplay {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RedoReplay.class);
    /** A row is there if its ordering is, or its persistence id and sequence number are. */
    private static final String SELECT = "SELECT 1 FROM \"event_journal\" WHERE \"ordering\" = ? "
            + "OR (\"persistence_id\" = ? AND \"sequence_number\" = ?)";
    private static final String INSERT = "INSERT INTO \"event_journal\" (\"ordering\", \"deleted\", \"persistence_id\", "
            + "\"sequence_number\", \"writer\", \"write_timestamp\", \"adapter_manifest\", \"event_payload\", "
            + "\"event_ser_id\", \"event_ser_manifest\", \"meta_payload\", \"meta_ser_id\", \"meta_ser_manifest\") "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /**
     * A row's tag may be there already, or missing beside its row: a kill while H2's background thread
     * stored the file in the middle of a commit once left a tag without its row (session 10, unexplained).
     */
    private static final String INSERT_TAG = "MERGE INTO \"event_tag\" (\"event_id\", \"tag\") KEY (\"event_id\") VALUES (?, ?)";

    private RedoReplay() {}

    /** The redo logs in {@code dir}, oldest first. */
    static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("journal\\.redo\\.[0-9]+"))
                    .sorted(Comparator.comparingLong(RedoReplay::number)).toList();
        }
    }

    static long number(Path file) {
        return Long.parseLong(file.getFileName().toString().substring(RedoLog.PREFIX.length()));
    }

    /**
     * Puts back the rows of every redo log in {@code dir} missing from the database, stores the file
     * ({@code CHECKPOINT}) and deletes the logs. Returns the number of rows put back.
     */
    static int putBack(Connection c, Path dir) throws IOException, SQLException {
        List<Path> logs = files(dir);
        if (logs.isEmpty()) {
            return 0;
        }
        List<RedoLog.Row> rows = new ArrayList<>();
        for (Path log : logs) {
            rows.addAll(read(log));
        }
        int put = insertMissing(c, rows);
        try (Statement st = c.createStatement()) {
            st.execute("CHECKPOINT");
        }
        for (Path log : logs) {
            Files.deleteIfExists(log);
        }
        if (put > 0) {
            LOG.info("the journal's redo log put back {} rows the H2 file did not hold", put);
        }
        return put;
    }

    /** The rows of one log's whole records; a torn last record is dropped, a damaged one refused. */
    static List<RedoLog.Row> read(Path log) throws IOException {
        byte[] b = Files.readAllBytes(log);
        ByteBuffer buf = ByteBuffer.wrap(b);
        List<RedoLog.Row> rows = new ArrayList<>();
        int pos = 0;
        while (pos < b.length) {
            if (b.length - pos < 8) {
                torn(log, pos, b.length);
                break;
            }
            int n = buf.getInt(pos);
            int crc = buf.getInt(pos + 4);
            if (n < 4 && !zeros(b, pos)) {
                throw corrupt(log, pos, "a record of length " + n, null);
            }
            if (n < 4 || (long) pos + 8 + n > b.length) {
                torn(log, pos, b.length);
                break;
            }
            CRC32 sum = new CRC32();
            sum.update(b, pos + 8, n);
            boolean last = pos + 8 + n == b.length;
            if ((int) sum.getValue() != crc) {
                if (last) {
                    torn(log, pos, b.length);
                    break;
                }
                throw corrupt(log, pos, "a record whose checksum does not match, followed by others",
                        bestEffort(b, pos + 8, n));
            }
            try {
                rows.addAll(decode(b, pos + 8, n));
            } catch (IOException | RuntimeException e) {
                throw corrupt(log, pos, "a record that does not read (" + e + ")", null);
            }
            pos += 8 + n;
        }
        return rows;
    }

    private static boolean zeros(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static void torn(Path log, int pos, int length) {
        LOG.warn("the journal's redo log {} ends with a record cut short at byte {} of {} (a process killed "
                + "while appending it; never acknowledged): dropped", log, pos, length);
    }

    private static UserError corrupt(Path log, int pos, String what, RedoLog.Row first) {
        String row = first == null ? "" : " (its first row: " + first.persistenceId() + " #" + first.sequenceNr() + ")";
        return new UserError("the journal is corrupt: its redo log " + log + " holds " + what + " at byte " + pos
                + row + ": the journal cannot be opened as it is (move the file aside to open what H2's file holds, "
                + "losing the log's rows H2 did not store)");
    }

    /** The first row of a damaged record, if it still reads. */
    private static RedoLog.Row bestEffort(byte[] b, int from, int n) {
        try {
            List<RedoLog.Row> rows = decode(b, from, n);
            return rows.isEmpty() ? null : rows.get(0);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static List<RedoLog.Row> decode(byte[] b, int from, int n) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(b, from, n));
        int count = in.readInt();
        if (count < 0 || count > n) {
            throw new IOException("a count of " + count + " rows");
        }
        List<RedoLog.Row> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long ordering = in.readLong();
            boolean deleted = in.readBoolean();
            String pid = string(in);
            long seq = in.readLong();
            String writer = string(in);
            long ts = in.readLong();
            String adapter = string(in);
            byte[] payload = bytes(in);
            int serId = in.readInt();
            String serManifest = string(in);
            byte[] meta = null;
            Integer metaSerId = null;
            String metaManifest = null;
            if (in.readBoolean()) {
                meta = bytes(in);
                metaSerId = in.readInt();
                metaManifest = string(in);
            }
            int tagCount = in.readInt();
            if (tagCount < 0 || tagCount > n) {
                throw new IOException("a count of " + tagCount + " tags");
            }
            List<String> tags = new ArrayList<>(tagCount);
            for (int t = 0; t < tagCount; t++) {
                tags.add(string(in));
            }
            rows.add(new RedoLog.Row(ordering, deleted, pid, seq, writer, ts, adapter, payload, serId, serManifest,
                    meta, metaSerId, metaManifest, tags));
        }
        return rows;
    }

    private static String string(DataInputStream in) throws IOException {
        return new String(bytes(in), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > in.available()) {
            throw new IOException("a length of " + len);
        }
        return in.readNBytes(len);
    }

    /**
     * The rows whose ordering is not in the table, inserted with it, in one transaction; then the
     * identity column restarts after the highest ordering (it may have been reserved lower).
     */
    private static int insertMissing(Connection c, List<RedoLog.Row> rows) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        int put = 0;
        try (PreparedStatement sel = c.prepareStatement(SELECT);
             PreparedStatement ins = c.prepareStatement(INSERT);
             PreparedStatement tag = c.prepareStatement(INSERT_TAG)) {
            for (RedoLog.Row r : rows) {
                sel.setLong(1, r.ordering());
                sel.setString(2, r.persistenceId());
                sel.setLong(3, r.sequenceNr());
                boolean there;
                try (ResultSet rs = sel.executeQuery()) {
                    there = rs.next();
                }
                if (!there) {
                    bind(ins, r);
                    ins.executeUpdate();
                    put++;
                } else if (!sameOrdering(c, r)) {
                    continue; // the same step under another ordering: not this record's row, its tags are its own
                }
                // a row's tags go with it, also to a row that is there without them (see the session-10 notes)
                for (String t : r.tags()) {
                    tag.setLong(1, r.ordering());
                    tag.setString(2, t);
                    tag.executeUpdate();
                }
            }
            if (put > 0) {
                long max;
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT MAX(\"ordering\") FROM \"event_journal\"")) {
                    rs.next();
                    max = rs.getLong(1);
                }
                try (Statement st = c.createStatement()) {
                    st.execute("ALTER TABLE \"event_journal\" ALTER COLUMN \"ordering\" RESTART WITH " + (max + 1));
                }
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
        return put;
    }

    private static boolean sameOrdering(Connection c, RedoLog.Row r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM \"event_journal\" WHERE \"ordering\" = ?")) {
            ps.setLong(1, r.ordering());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void bind(PreparedStatement ps, RedoLog.Row r) throws SQLException {
        ps.setLong(1, r.ordering());
        ps.setBoolean(2, r.deleted());
        ps.setString(3, r.persistenceId());
        ps.setLong(4, r.sequenceNr());
        ps.setString(5, r.writer());
        ps.setLong(6, r.writeTimestamp());
        ps.setString(7, r.adapterManifest());
        ps.setBytes(8, r.payload());
        ps.setInt(9, r.serId());
        ps.setString(10, r.serManifest());
        if (r.metaPayload() != null) {
            ps.setBytes(11, r.metaPayload());
            ps.setInt(12, r.metaSerId());
            ps.setString(13, r.metaSerManifest());
        } else {
            ps.setNull(11, Types.BINARY);
            ps.setNull(12, Types.INTEGER);
            ps.setNull(13, Types.VARCHAR);
        }
    }
}
