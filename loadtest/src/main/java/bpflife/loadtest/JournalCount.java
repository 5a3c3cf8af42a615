package bpflife.loadtest;

import bpflife.actors.LiveWorld;
import bpflife.loadtest.report.Check;
import bpflife.persistence.Store;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The journal's own count of a world's entries (one tag row per entry, on the tag index), against
 * what the run reported persisting: its steps, its births and the world's creation; and what the
 * entries' payloads weigh on average ({@link JournalBytes}).
 */
final class JournalCount {
    private JournalCount() {}

    static Check check(Store store, String world, long reported, long steps, long births) {
        String name = "events in the journal = events reported";
        Store.Settings st = store.settings();
        try (Connection c = DriverManager.getConnection(st.url(), st.user(), st.password());
             PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM \"event_tag\" WHERE \"tag\" = ?")) {
            q.setString(1, LiveWorld.tag(world));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                long stored = rs.getLong(1);
                return new Check(name, stored == reported, stored + " in the journal, " + reported + " reported ("
                        + steps + " steps + " + births + " births + the world's creation)" + bytes(store, world));
            }
        } catch (SQLException e) {
            return new Check(name, false, "can't count the journal's entries: " + e.getMessage());
        }
    }

    /** "; 221 bytes of payload per entry", or nothing if the figure cannot be read. */
    private static String bytes(Store store, String world) {
        try {
            JournalBytes b = JournalBytes.of(store, world);
            return String.format(java.util.Locale.ROOT, "; %.0f bytes of payload per entry", b.perRow());
        } catch (SQLException e) {
            return "";
        }
    }
}
