package bpflife.bench;

import bpflife.persistence.Store;
import com.typesafe.config.ConfigFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The raw JDBC ceiling of the journal's database (issue 16, P4): {@code RawJdbcCeiling ROWS BYTES
 * WRITERS} inserts ROWS journal rows as the journal writes them (an {@code event_journal} row with a
 * BYTES-byte payload and its {@code event_tag} row, batches of 2,000 per transaction, as
 * {@code BatchJournalDao} does), from WRITERS threads at once (the journal's parallelism: 1 on H2,
 * 4 on PostgreSQL), with nothing else running: rows per second. The database is chosen as for
 * bpflife (bpflife.store, bpflife.data-dir, BPFLIFE_PG_*); the schema is the journal's, and so is
 * the durability: on H2 each batch is stored in the file before the next (as BatchJournalDao does).
 *
 * <p>{@code RawJdbcCeiling ROWS BYTES WRITERS SESSIONS [pekko]}: the rows' persistence ids taken in
 * turn from SESSIONS ids (a load's thousands of actors write at once, so their keys land all over
 * the primary key's B-tree; 1 gives each id's rows one after the other, the best case), and with
 * {@code pekko} on a fresh H2 database made by Pekko's own schema script (the schema before issue
 * 16's), to compare the two. Prints the writers' CPU time per row too: steadier than the wall time
 * on a shared machine.
 */
public final class RawJdbcCeiling {
    private RawJdbcCeiling() {}

    // rows per transaction, as jdbc-journal.batchSize (-Dbpflife.bench.batch to try others)
    private static final int BATCH = Integer.getInteger("bpflife.bench.batch", 2_000);

    public static void main(String[] args) throws Exception {
        long rows = Long.parseLong(args[0]);
        int bytes = Integer.parseInt(args[1]);
        int writers = Integer.parseInt(args[2]);
        int sessions = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        boolean pekkoSchema = args.length > 4 && args[4].equals("pekko");
        if (pekkoSchema) {
            pekkoSchema(Store.Settings.of(Store.config(ConfigFactory.empty())));
            if (rows == 0) {
                return; // bench/load.sh BENCH_SCHEMA=pekko: the schema only, for a load to write into
            }
        }
        Store.Settings st;
        try (Store store = Store.open(ConfigFactory.empty())) { // makes the schema
            st = store.settings();
        }
        String run = "raw-" + UUID.randomUUID().toString().substring(0, 8);
        AtomicLong done = new AtomicLong();
        AtomicLong cpuNs = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int w = 0; w < writers; w++) {
            int me = w;
            Thread t = new Thread(() -> {
                write(st, run + "-" + me, rows / writers, bytes, sessions, done);
                cpuNs.addAndGet(java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("raw JDBC ceiling: %,d rows (payload %d bytes, with their tag rows, batches of %,d, %d "
                + "writer(s), %,d persistence ids in turn, %s schema) in %.1f s: %,.0f rows/s, writers' CPU %.1f us "
                + "a row (%s)%n", done.get(), bytes, BATCH, writers, sessions, pekkoSchema ? "Pekko's" : "bpflife's", s,
                done.get() / s, cpuNs.get() / 1e3 / done.get(), st.describe());
    }

    /** A fresh H2 database with Pekko's schema script (what Store made before issue 16). */
    private static void pekkoSchema(Store.Settings st) throws Exception {
        String sql;
        try (var in = RawJdbcCeiling.class.getClassLoader().getResourceAsStream("schema/h2/h2-create-schema.sql")) {
            sql = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        try (Connection c = DriverManager.getConnection(st.url(), st.user(), st.password());
             var stmt = c.createStatement()) {
            for (String one : sql.split(";")) {
                if (!one.isBlank()) {
                    stmt.execute(one);
                }
            }
        }
    }

    private static void write(Store.Settings st, String world, long rows, int bytes, int sessions, AtomicLong done) {
        SplittableRandom r = new SplittableRandom(world.hashCode());
        String writer = UUID.randomUUID().toString();
        String tag = "world:" + world;
        // as BatchJournalDao: each batch in the journal's redo log after its commit before it counts
        try (Connection c = DriverManager.getConnection(st.url(), st.user(), st.password());
             RedoAppend redo = st.redoLog() ? new RedoAppend(st.dataDir().resolve("ceiling.redo." + world)) : null) {
            c.setAutoCommit(false);
            try (PreparedStatement events = c.prepareStatement("INSERT INTO \"event_journal\" (\"deleted\", "
                    + "\"persistence_id\", \"sequence_number\", \"writer\", \"write_timestamp\", \"adapter_manifest\", "
                    + "\"event_payload\", \"event_ser_id\", \"event_ser_manifest\") VALUES (false, ?, ?, ?, ?, '', ?, "
                    + "7402, 'bpflife.protocol.StepRecord#2')", new String[] {"ordering"});
                 PreparedStatement tags = c.prepareStatement("INSERT INTO \"event_tag\" (\"event_id\", \"tag\") "
                         + "VALUES (?, ?)")) {
                for (long i = 0; i < rows; i++) {
                    byte[] payload = new byte[bytes];
                    r.nextBytes(payload);
                    // SESSIONS ids in turn, 30 rows each (a load session's entries), then the next SESSIONS
                    long session = i / (30L * sessions) * sessions + i % sessions;
                    events.setString(1, world + "|task:rd_open_p" + (session % 4 + 1) + "_" + session);
                    events.setLong(2, i / sessions % 30 + 1);
                    events.setString(3, writer);
                    events.setLong(4, System.currentTimeMillis());
                    events.setBytes(5, payload);
                    events.addBatch();
                    if (redo != null) {
                        redo.row(i, world, i, payload);
                    }
                    if ((i + 1) % BATCH == 0 || i == rows - 1) {
                        JournalBench.commitBatch(c, events, tags, tag);
                        if (redo != null) {
                            redo.append();
                        }
                        done.addAndGet((i % BATCH) + 1);
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
