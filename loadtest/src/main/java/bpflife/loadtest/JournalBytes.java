package bpflife.loadtest;

import bpflife.actors.LiveWorld;
import bpflife.persistence.Store;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What a world's journal entries cost: their number and the bytes of their payloads (the
 * serialized step, birth or world record; the row's other columns, the tag row and the indexes
 * come on top and depend on the database).
 *
 * @param rows    the world's entries
 * @param payload their payloads' bytes in all
 */
public record JournalBytes(long rows, long payload) {

    public double perRow() {
        return rows == 0 ? 0 : (double) payload / rows;
    }

    /** Reads the figures of {@code world} from the store's database. */
    public static JournalBytes of(Store store, String world) throws SQLException {
        Store.Settings st = store.settings();
        try (Connection c = DriverManager.getConnection(st.url(), st.user(), st.password());
             PreparedStatement q = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(OCTET_LENGTH(j.\"event_payload\")), 0) "
                     + "FROM \"event_journal\" j JOIN \"event_tag\" t ON t.\"event_id\" = j.\"ordering\" WHERE t.\"tag\" = ?")) {
            q.setString(1, LiveWorld.tag(world));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return new JournalBytes(rs.getLong(1), rs.getLong(2));
            }
        }
    }
}
