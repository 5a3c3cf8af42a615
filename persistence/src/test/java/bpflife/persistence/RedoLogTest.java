package bpflife.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.actors.LiveRun;
import bpflife.actors.LiveWorld;
import bpflife.actors.LocalRegistry;
import bpflife.model.Env;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.ScenarioParser;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import bpflife.model.Semantics;
import bpflife.protocol.UserError;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The H2 journal's redo log: what its reader keeps, drops and refuses, and what a failed append does. */
@DisplayName("H2 journal: redo log")
class RedoLogTest {
    private static final Path SCENARIO = Path.of("..", "scenarios", "rm-during-cats.scn");

    @TempDir
    Path dir;

    private Config config() {
        return ConfigFactory.empty()
                .withValue("bpflife.store", ConfigValueFactory.fromAnyRef("h2"))
                .withValue("bpflife.data-dir", ConfigValueFactory.fromAnyRef(dir.toString()));
    }

    private static RedoLog.Row row(long ordering, String pid, long seq) {
        return new RedoLog.Row(ordering, false, pid, seq, "writer-1", 1_700_000_000_000L + seq, "",
                ("payload " + pid + " " + seq).getBytes(StandardCharsets.UTF_8), 1, "m", null, null, null,
                List.of("world:w"));
    }

    /** A batch's record in an array of its own, as the log appends it. */
    private static byte[] record(List<RedoLog.Row> rows) {
        ByteBuffer b = new RedoLog.Encoder(256).record(rows);
        return Arrays.copyOf(b.array(), b.limit());
    }

    private void writeLog(long number, byte[]... records) throws Exception {
        try (OutputStream out = Files.newOutputStream(RedoLog.file(dir, number))) {
            for (byte[] r : records) {
                out.write(r);
            }
        }
    }

    /** A journal with its schema and no redo log: the logs the open made are deleted. */
    private void journalWithoutLogs() throws Exception {
        try (Store s = Store.open(config())) {
            assertTrue(s.redoLog() != null);
        }
        for (Path p : RedoReplay.files(dir)) {
            Files.delete(p);
        }
    }

    @Test
    @DisplayName("one encoder serves every batch: grown past its first capacity, reused for a smaller batch "
            + "after a larger one, its records read back row for row, a non-ASCII string and a meta payload included")
    void encoderReused() throws Exception {
        RedoLog.Row meta = new RedoLog.Row(9, true, "w|ß→λ", 3, "writer-é", 5, "adapter", new byte[300], 7, "m#3",
                new byte[] {1, 2, 3}, 11, "meta-m", List.of("world:w", "other"));
        List<RedoLog.Row> big = List.of(row(1, "w|a", 1), meta, row(2, "w|b", 1), row(3, "w|a", 2));
        List<RedoLog.Row> small = List.of(row(4, "w|c", 1));
        RedoLog.Encoder e = new RedoLog.Encoder(16);
        ByteBuffer first = e.record(big);
        byte[] a = Arrays.copyOf(first.array(), first.limit());
        ByteBuffer second = e.record(small);
        byte[] b = Arrays.copyOf(second.array(), second.limit());
        assertArrayEquals(record(big), a, "the same bytes as a fresh encoder's");
        assertArrayEquals(record(small), b, "nothing of the larger record before it");
        writeLog(1, a, b);
        List<RedoLog.Row> back = RedoReplay.read(RedoLog.file(dir, 1));
        assertEquals(5, back.size());
        RedoLog.Row m = back.get(1);
        assertEquals("w|ß→λ", m.persistenceId());
        assertEquals("writer-é", m.writer());
        assertTrue(m.deleted());
        assertArrayEquals(new byte[] {1, 2, 3}, m.metaPayload());
        assertEquals(11, m.metaSerId());
        assertEquals("meta-m", m.metaSerManifest());
        assertEquals(List.of("world:w", "other"), m.tags());
        assertEquals(300, m.payload().length);
        assertEquals(List.of(1L, 9L, 2L, 3L, 4L), back.stream().map(RedoLog.Row::ordering).toList());
        assertArrayEquals("payload w|c 1".getBytes(StandardCharsets.UTF_8), back.get(4).payload());
    }

    @Test
    @DisplayName("a torn last record (cut short, or its checksum wrong with nothing after it) is dropped; the "
            + "records before it are read")
    void tornTailDropped() throws Exception {
        byte[] a = record(List.of(row(1, "w|a", 1), row(2, "w|b", 1)));
        byte[] b = record(List.of(row(3, "w|a", 2)));
        byte[] c = record(List.of(row(4, "w|a", 3)));
        writeLog(1, a, b, Arrays.copyOf(c, c.length - 5));
        List<RedoLog.Row> rows = RedoReplay.read(RedoLog.file(dir, 1));
        assertEquals(List.of(1L, 2L, 3L), rows.stream().map(RedoLog.Row::ordering).toList());
        assertEquals("w|b", rows.get(1).persistenceId());
        assertArrayEquals("payload w|a 2".getBytes(StandardCharsets.UTF_8), rows.get(2).payload());

        byte[] bad = c.clone();
        bad[bad.length - 1] ^= 0x55;
        writeLog(2, a, bad);
        assertEquals(List.of(1L, 2L), RedoReplay.read(RedoLog.file(dir, 2)).stream().map(RedoLog.Row::ordering).toList());
        writeLog(3, a, Arrays.copyOf(b, 5));
        assertEquals(2, RedoReplay.read(RedoLog.file(dir, 3)).size());
    }

    @Test
    @DisplayName("a damaged record followed by others is a corrupt journal: the open is refused (exit 2), naming "
            + "the persistence id and sequence number")
    void damagedMiddleRefused() throws Exception {
        journalWithoutLogs();
        byte[] a = record(List.of(row(101, "w|a", 1)));
        byte[] b = record(List.of(row(102, "w|obj-7", 42)));
        byte[] c = record(List.of(row(103, "w|a", 2)));
        byte[] bad = b.clone();
        bad[bad.length - 30] ^= 0x01; // in the payload's bytes: the row still reads, its checksum does not match
        writeLog(1, a, bad, c);
        UserError e = assertThrows(UserError.class, () -> RedoReplay.read(RedoLog.file(dir, 1)));
        assertTrue(e.getMessage().contains("w|obj-7 #42"), e.getMessage());
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        UserError open = assertThrows(UserError.class, () -> Store.open(config()).close());
        assertEquals(UserError.Exit.BAD_INPUT, open.exit());
        assertTrue(open.getMessage().contains("w|obj-7 #42"), open.getMessage());
        assertTrue(Files.exists(RedoLog.file(dir, 1)), "the damaged log is kept");
        try (Connection c2 = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("journal"), "sa", "");
             Statement st = c2.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM \"event_journal\" WHERE \"ordering\" = 101")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "nothing of a corrupt log is put back");
        }
    }

    @Test
    @DisplayName("rows of the log missing from the H2 file are put back with their own ordering and tags, rows "
            + "already there are left alone (their missing tags added), and the next rows are numbered after them")
    void putBackKeepsOrdering() throws Exception {
        journalWithoutLogs();
        String url = "jdbc:h2:file:" + dir.resolve("journal");
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement()) {
            st.execute("INSERT INTO \"event_journal\" (\"ordering\", \"persistence_id\", \"sequence_number\", \"writer\", "
                    + "\"write_timestamp\", \"adapter_manifest\", \"event_payload\", \"event_ser_id\", "
                    + "\"event_ser_manifest\") VALUES (7000, 'w|a', 1, 'x', 1, '', X'00', 1, 'old')");
        }
        writeLog(4, record(List.of(row(7000, "w|a", 1), row(7001, "w|b", 1))));
        writeLog(5, record(List.of(row(7005, "w|a", 2))));
        try (Store s = Store.open(config())) {
            List<Path> logs = RedoReplay.files(dir);
            assertEquals(1, logs.size(), "the old logs go, a new one starts: " + logs);
            assertEquals(0, Files.size(logs.get(0)));
            try (Connection c = DriverManager.getConnection(s.settings().url(), "sa", "");
                 Statement st = c.createStatement()) {
                try (ResultSet rs = st.executeQuery("SELECT j.\"ordering\", j.\"persistence_id\", j.\"sequence_number\", "
                        + "j.\"event_ser_manifest\", j.\"event_payload\", t.\"tag\" FROM \"event_journal\" j LEFT JOIN "
                        + "\"event_tag\" t ON t.\"event_id\" = j.\"ordering\" ORDER BY 1")) {
                    StringBuilder b = new StringBuilder();
                    while (rs.next()) {
                        b.append(rs.getLong(1)).append(' ').append(rs.getString(2)).append(' ').append(rs.getLong(3))
                                .append(' ').append(rs.getString(4)).append(' ')
                                .append(new String(rs.getBytes(5), StandardCharsets.UTF_8).length()).append(' ')
                                .append(rs.getString(6)).append('\n');
                    }
                    // 7000 was there without its tag (as a kill mid-store once left one): the row kept, its tag added
                    assertEquals("7000 w|a 1 old 1 world:w\n7001 w|b 1 m 13 world:w\n7005 w|a 2 m 13 world:w\n", b.toString());
                }
                st.execute("INSERT INTO \"event_journal\" (\"persistence_id\", \"sequence_number\", \"writer\", "
                        + "\"write_timestamp\", \"adapter_manifest\", \"event_payload\", \"event_ser_id\", "
                        + "\"event_ser_manifest\") VALUES ('w|c', 1, 'x', 1, '', X'00', 1, 'new')");
                try (ResultSet rs = st.executeQuery("SELECT \"ordering\" FROM \"event_journal\" WHERE \"persistence_id\" = 'w|c'")) {
                    rs.next();
                    assertTrue(rs.getLong(1) > 7005, "numbered " + rs.getLong(1));
                }
            }
        }
    }

    @Test
    @DisplayName("an append that fails fails its batch: the world stops with the journal's write failure, nothing "
            + "unlogged is acknowledged")
    void failedAppendFailsTheBatch() throws Exception {
        try (Store store = Store.open(config())) {
            String text = Files.readString(SCENARIO, StandardCharsets.UTF_8);
            Scenario sc = ScenarioParser.parse(SCENARIO.toString(), text);
            Duration timeout = Duration.ofSeconds(60);
            LiveRun.create(store.system(), LiveWorlds.meta("unlogged", sc, text, Semantics.LINUX), timeout)
                    .toCompletableFuture().get();
            store.redoLog().close(); // every append from now on fails (a closed file)
            LiveWorld w = new LiveWorld("unlogged", new Env(sc, Semantics.LINUX), LocalRegistry.on(store.system()));
            AtomicInteger acknowledged = new AtomicInteger();
            w.listener((who, r) -> acknowledged.incrementAndGet());
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> LiveRun.run(store.system(), w, timeout).toCompletableFuture().get(60, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof LiveWorld.Stopped, String.valueOf(e.getCause()));
            assertTrue(e.getCause().getMessage().startsWith("journal write failed at world unlogged step 1"),
                    e.getCause().getMessage());
            assertEquals(0, acknowledged.get(), "a step acknowledged without its log record");
        }
    }

    @Test
    @DisplayName("a world removed by the process that wrote it leaves none of its rows in the redo log: the next "
            + "open cannot put them back")
    void removedWorldNotPutBack() throws Exception {
        try (Store store = Store.open(config())) {
            String text = Files.readString(SCENARIO, StandardCharsets.UTF_8);
            LiveWorlds.run(store, "gone", SCENARIO.toString(), text, Semantics.LINUX);
            assertTrue(Worlds.remove(store, "gone") > 0);
            for (Path log : RedoReplay.files(dir)) {
                for (RedoLog.Row r : RedoReplay.read(log)) {
                    assertTrue(!r.persistenceId().startsWith("gone|"), "still in " + log + ": " + r.persistenceId());
                }
            }
        }
        try (Store store = Store.open(config())) {
            assertEquals(null, Worlds.get(store, "gone"));
        }
    }
}
