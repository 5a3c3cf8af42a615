package bpflife.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.actors.LiveWorld;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's reader stays a bounded distance ahead of its caller (1,024 rows, then half of what
 * the caller has taken): {@code link show --at} folds a few thousand steps from a stored view and
 * stops, and a reader that ran the queue's 16,000 rows ahead read and decoded rows no answer needed.
 */
class JournalRowsAheadTest {

    @Test
    @DisplayName("a caller that took 1 + 1,500 of 10,000 rows has at most 1,500 + 1,024 + a batch handed to it; the rest come as it takes them")
    void readsAheadOnlyAsFarAsTheCallerGoes(@TempDir Path dir) throws Exception {
        String world = "ahead";
        int n = 10_000;
        try (Store store = Store.open(ConfigFactory.empty().withValue("bpflife.store", ConfigValueFactory.fromAnyRef("h2"))
                .withValue("bpflife.data-dir", ConfigValueFactory.fromAnyRef(dir.toString())))) {
            try (Connection c = StoreProbe.connect(store.settings())) {
                c.setAutoCommit(false);
                try (PreparedStatement j = c.prepareStatement("INSERT INTO \"event_journal\" (\"persistence_id\", "
                        + "\"sequence_number\", \"writer\", \"write_timestamp\", \"adapter_manifest\", \"event_payload\", "
                        + "\"event_ser_id\", \"event_ser_manifest\") VALUES (?, ?, '', 0, '', ?, 0, '')",
                        Statement.RETURN_GENERATED_KEYS);
                     PreparedStatement t = c.prepareStatement("INSERT INTO \"event_tag\" (\"event_id\", \"tag\") VALUES (?, ?)")) {
                    for (int i = 1; i <= n; i++) {
                        j.setString(1, world + "|task:t");
                        j.setLong(2, i);
                        j.setBytes(3, new byte[] {1});
                        j.executeUpdate();
                        try (ResultSet k = j.getGeneratedKeys()) {
                            k.next();
                            t.setLong(1, k.getLong(1));
                        }
                        t.setString(2, LiveWorld.tag(world));
                        t.executeUpdate();
                    }
                }
                c.commit();
            }
            // rows decode to their sequence number: nothing is deserialized
            try (JournalRows rows = new JournalRows(store.settings(), (payload, id, manifest) -> "row", world, 5_000, 0)) {
                rows.next(); // the first row alone (a world is opened for its scenario)
                for (int i = 0; i < 1_500; i++) {
                    rows.next();
                }
                long handed = rows.awaitWaiting();
                assertTrue(handed <= 1 + 1_500 + 1_024 + 256, "handed over " + handed + " rows");
                int rest = 0;
                while (rows.hasNext()) {
                    assertEquals("row", rows.next().event());
                    rest++;
                }
                assertEquals(n - 1_501, rest, "every row still comes, in pieces as they are taken");
            }
        }
    }
}
