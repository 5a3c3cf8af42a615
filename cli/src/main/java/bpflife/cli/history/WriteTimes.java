package bpflife.cli.history;

import bpflife.actors.LiveWorld;
import bpflife.persistence.Store;
import bpflife.protocol.StepRecord;
import bpflife.protocol.UserError;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * When each step of a stored world was written: Pekko's JDBC journal keeps every row's write time
 * ({@code write_timestamp}, milliseconds since the epoch), live runs and load runs alike. A world's
 * step rows, in the journal's order ({@code ordering}, the order {@code WorldStream} gives steps
 * their positions), are its steps 1, 2, 3 ...; each row's persistence id must name the step's
 * receiver, or the times are refused rather than put on the wrong steps.
 *
 * <p>The result is µs since the first step, for a trace: a millisecond clock, so the steps written
 * in one millisecond (a batch) are spread 1 µs apart in journal order, and a time never goes
 * backwards (a row of a later step written a little earlier is put 1 µs after the one before).
 */
final class WriteTimes {
    private WriteTimes() {}

    /** µs since the first step for each of {@code records} (positions 1..n of the world). */
    static long[] micros(Store.Settings st, String world, List<StepRecord> records) {
        long[] ms = new long[records.size()];
        int i = 0;
        try (Connection c = DriverManager.getConnection(st.url(), st.user(), st.password());
             PreparedStatement q = c.prepareStatement("SELECT \"persistence_id\", \"write_timestamp\" FROM "
                     + "\"event_journal\" WHERE \"ordering\" IN (SELECT \"event_id\" FROM \"event_tag\" WHERE "
                     + "\"tag\" = ?) AND \"deleted\" = FALSE AND \"event_ser_manifest\" LIKE ? ORDER BY \"ordering\"")) {
            c.setReadOnly(true);
            q.setString(1, LiveWorld.tag(world));
            q.setString(2, StepRecord.class.getName() + "#%");
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next() && i < ms.length) {
                    String pid = world + "|" + records.get(i).receiver().key();
                    if (!pid.equals(rs.getString(1))) {
                        throw new UserError("world " + world + ": the journal's step row " + (i + 1) + " is "
                                + rs.getString(1) + "'s, not " + pid + "'s: its write times cannot be matched to "
                                + "its steps");
                    }
                    ms[i++] = rs.getLong(2);
                }
            }
        } catch (SQLException e) {
            throw new UserError("world " + world + ": can't read its rows' write times: " + e.getMessage(), e);
        }
        if (i < ms.length) {
            throw new UserError("world " + world + ": " + i + " step rows with a write time for " + ms.length + " steps");
        }
        return spread(ms);
    }

    /** Milliseconds since the epoch to µs since the first, strictly increasing (ties 1 µs apart). */
    static long[] spread(long[] ms) {
        long[] us = new long[ms.length];
        for (int i = 0; i < ms.length; i++) {
            long t = (ms[i] - ms[0]) * 1000;
            us[i] = i == 0 ? 0 : Math.max(t, us[i - 1] + 1);
        }
        return us;
    }
}
