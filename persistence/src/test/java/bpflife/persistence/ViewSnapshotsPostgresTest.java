package bpflife.persistence;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.actors.LiveWorld;
import bpflife.model.Semantics;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL a world may still be written while it is read (its writers commit in parallel, so
 * a row of an earlier ordering can come after a later one): no view of it is stored until its
 * newest row is a minute old. Skipped without BPFLIFE_PG_URL (a failure under CI=true).
 */
@DisplayName("view snapshots on PostgreSQL: none stored of a world still being written")
class ViewSnapshotsPostgresTest {

    @Test
    @DisplayName("a world just written is not settled; a minute after its newest row it is")
    void settledAfterAMinute() throws Exception {
        PostgresServer.url();
        String world = "snap" + Long.toString(System.currentTimeMillis(), 36);
        Path scn = Path.of("..", "scenarios", "rm-during-cats.scn");
        Store.Settings st;
        try (Store store = Store.open(ConfigFactory.empty().withValue("bpflife.store",
                ConfigValueFactory.fromAnyRef("postgres")))) {
            LiveWorlds.run(store, world, scn.toString(), Files.readString(scn), Semantics.LINUX);
            st = store.settings();
        }
        List<String> warnings = new ArrayList<>();
        assertFalse(ViewSnapshots.settled(st, world, warnings::add), "just written");
        try (Connection c = DriverManager.getConnection(st.url(), st.user(), st.password());
             PreparedStatement u = c.prepareStatement("UPDATE \"event_journal\" SET \"write_timestamp\" = "
                     + "\"write_timestamp\" - ? WHERE \"ordering\" IN (SELECT \"event_id\" FROM \"event_tag\" WHERE "
                     + "\"tag\" = ?)")) {
            u.setLong(1, ViewSnapshots.QUIET_MS + 1_000);
            u.setString(2, LiveWorld.tag(world));
            assertTrue(u.executeUpdate() > 0);
        }
        assertTrue(ViewSnapshots.settled(st, world, warnings::add), "quiet for a minute");
        assertTrue(warnings.isEmpty(), warnings::toString);
    }
}
