package bpflife.bench;

import bpflife.persistence.Store;
import com.typesafe.config.ConfigFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
 * bpflife (bpflife.store, bpflife.data-dir, BPFLIFE_PG_*); the schema is the journal's.
 */
public final class RawJdbcCeiling {
    private RawJdbcCeiling() {}

    private static final int BATCH = 2_000;

    public static void main(String[] args) throws Exception {
        long rows = Long.parseLong(args[0]);
        int bytes = Integer.parseInt(args[1]);
        int writers = Integer.parseInt(args[2]);
        Store.Settings st;
        try (Store store = Store.open(ConfigFactory.empty())) { // makes the schema
            st = store.settings();
        }
        String run = "raw-" + UUID.randomUUID().toString().substring(0, 8);
        AtomicLong done = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int w = 0; w < writers; w++) {
            int me = w;
            Thread t = new Thread(() -> write(st, run + "-" + me, rows / writers, bytes, done));
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("raw JDBC ceiling: %,d rows (payload %d bytes, with their tag rows, batches of %,d, %d "
                + "writer(s)) in %.1f s: %,.0f rows/s (%s)%n", done.get(), bytes, BATCH, writers, s, done.get() / s,
                st.describe());
    }

    private static void write(Store.Settings st, String world, long rows, int bytes, AtomicLong done) {
        SplittableRandom r = new SplittableRandom(world.hashCode());
        String writer = UUID.randomUUID().toString();
        String tag = "world:" + world;
        try (Connection c = DriverManager.getConnection(st.url(), st.user(), st.password())) {
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
                    events.setString(1, world + "|task:rd_open_p" + (i % 4 + 1) + "_" + i / 30);
                    events.setLong(2, i % 30 + 1);
                    events.setString(3, writer);
                    events.setLong(4, System.currentTimeMillis());
                    events.setBytes(5, payload);
                    events.addBatch();
                    if ((i + 1) % BATCH == 0 || i == rows - 1) {
                        events.executeBatch();
                        try (ResultSet keys = events.getGeneratedKeys()) {
                            while (keys.next()) {
                                tags.setLong(1, keys.getLong(1));
                                tags.setString(2, tag);
                                tags.addBatch();
                            }
                        }
                        tags.executeBatch();
                        c.commit();
                        done.addAndGet((i % BATCH) + 1);
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
