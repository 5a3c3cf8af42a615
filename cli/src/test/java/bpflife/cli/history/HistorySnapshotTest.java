package bpflife.cli.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.cli.Main;
import bpflife.model.world.Projection;
import bpflife.protocol.ActorId;
import bpflife.protocol.StepRecord;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * View snapshots (issue 16 item 6): the world right after a step, read from a stored view and the
 * steps after it, is the world folded from the boot ({@link Projection#statesAt} and a
 * {@link Projection} over the same records: the model's own fold, not History's), on sampled steps
 * of every shipped scenario's stored world; {@code link show} and {@code prog show} print the same
 * bytes with and without snapshots; a corrupt snapshot is told with its world and step and passed
 * over; a journal without the snapshot table reads.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("History: views from stored snapshots are the views folded from the boot")
class HistorySnapshotTest {
    static final Path SCENARIOS = Path.of("..", "scenarios");
    static final long SEED = Long.getLong("bpflife.test.seed", System.nanoTime());

    Path data;
    final Map<String, Path> worlds = new java.util.TreeMap<>();

    @BeforeAll
    void storeWorlds() throws IOException {
        data = Files.createTempDirectory("bpflife-snapshots-");
        List<Path> scns;
        try (Stream<Path> s = Files.list(SCENARIOS)) {
            scns = s.filter(p -> p.toString().endsWith(".scn")).sorted().toList();
        }
        for (Path scn : scns) {
            String world = scn.getFileName().toString().replace(".scn", "");
            String[] r = cli("run", scn.toString(), "--live", "--world", world, "--data-dir", data.toString());
            assertTrue(r[0].equals("0") || r[0].equals("1"), world + ": " + r[1] + r[2]);
            worlds.put(world, scn);
        }
        assertTrue(worlds.size() >= 20, "shipped scenarios: " + worlds.keySet());
    }

    @AfterAll
    void removeData() throws IOException {
        System.clearProperty(HistoryOptions.SNAPSHOT_EVERY);
        ConfigFactory.invalidateCaches();
        try (Stream<Path> s = Files.walk(data)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static String[] cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    HistoryOptions options(String world, Long every) {
        HistoryOptions o = HistoryTest.parse("--world", world, "--store", "h2", "--data-dir", data.toString());
        o.snapshotEvery = every;
        return o;
    }

    /** The phase of a test: shows nothing, keeps the warnings. */
    static final class Warnings implements Phase {
        final List<String> lines = new ArrayList<>();

        @Override
        public <T> T during(String what, java.util.function.LongSupplier steps, java.util.function.Supplier<T> body) {
            return body.get();
        }

        @Override
        public void warn(String line) {
            lines.add(line);
        }
    }

    List<StepRecord> records(String world) {
        try (History h = options(world, 0L).open()) {
            return h.entries(History.END);
        }
    }

    /** The world after {@code step} as the model folds it from the boot, in words a failure can show. */
    static List<String> oracle(History h, List<StepRecord> records, long step) {
        Projection.StatesAt s = Projection.statesAt(h.scenario(), records.iterator(), step);
        Projection p = new Projection(h.scenario());
        Map<ActorId, Long> born = new HashMap<>();
        for (StepRecord r : records) {
            if (r.position() > step) {
                break;
            }
            p.see(r);
            r.spawned().forEach(sp -> born.put(sp.id(), r.position()));
        }
        return words(new ArrayList<>(s.states().entrySet()), s.lastStep(), p, born);
    }

    static List<String> words(List<?> states, long last, Projection p, Map<ActorId, Long> born) {
        return List.of("states " + states, "last " + last, "statements " + new java.util.TreeMap<>(p.statements()),
                "kernel ids " + new java.util.TreeMap<>(p.kernelIds()), "inodes " + new java.util.TreeMap<>(p.inodes()),
                "born " + new java.util.TreeMap<>(born));
    }

    static List<String> words(History.View v) {
        return words(new ArrayList<>(v.states().entrySet()), v.lastStep(), v.projection(), v.born());
    }

    long snapshots(String world) throws SQLException {
        try (Connection c = jdbc(); PreparedStatement q = c.prepareStatement(
                "SELECT COUNT(*) FROM \"bpflife_view_snapshot\" WHERE \"world\" = ?")) {
            q.setString(1, world);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    Connection jdbc() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + data.toAbsolutePath().normalize().resolve("journal"), "sa", "");
    }

    @Test
    @DisplayName("every shipped scenario's world: sampled views from snapshots equal the boot's fold; link/prog show print the same bytes")
    void viewsFromSnapshotsAreTheFold() throws SQLException {
        Random rnd = new Random(SEED);
        int resumed = 0;
        for (String world : worlds.keySet()) {
            List<StepRecord> records = records(world);
            long n = records.size();
            long every = Math.max(2, n / 7);
            Warnings w = new Warnings();
            try (History h = options(world, every).open(w)) {
                assertEquals(oracle(h, records, n), words(h.view(History.END)), world + " at its end");
            }
            assertEquals(n / every, snapshots(world), world + ": a snapshot every " + every + " of " + n + " steps");
            TreeSet<Long> steps = new TreeSet<>(List.of(0L, 1L, every - 1, every, every + 1, 2 * every + 1, n / 2, n - 1, n));
            for (int i = 0; i < 3; i++) {
                steps.add((long) rnd.nextInt((int) n + 1));
            }
            for (long step : steps) {
                try (History h = options(world, every).open(w)) {
                    History.View v = h.view(step);
                    assertEquals(step / every * every, h.resumedFrom(), world + " at " + step + " (seed " + SEED + ")");
                    resumed += h.resumedFrom() > 0 ? 1 : 0;
                    assertEquals(oracle(h, records, step), words(v), world + " at " + step + " (seed " + SEED + ")");
                }
            }
            assertEquals(List.of(), w.lines, world);
            // plain text at three steps, JSON at the middle one: both print the same view, so the
            // snapshot's part is the view (each CLI call opens the journal: 25 ms, 600 calls before)
            for (long step : List.of(every + 1, n / 2 + 1, n)) {
                for (String kind : List.of("link", "prog")) {
                    for (List<String> json : step == n / 2 + 1 ? List.of(List.<String>of(), List.of("-j"))
                            : List.of(List.<String>of())) {
                        List<String> args = new ArrayList<>(json);
                        args.addAll(List.of(kind, "show", "--world", world, "--at", Long.toString(Math.min(step, n)),
                                "--data-dir", data.toString()));
                        String[] off = withEvery(0, args);
                        String[] on = withEvery(every, args);
                        assertEquals(String.join("\n", off), String.join("\n", on), world + ": " + args);
                    }
                }
            }
        }
        assertTrue(resumed > 3 * worlds.size(), "views read from a snapshot: " + resumed);
    }

    private static String[] withEvery(long every, List<String> args) {
        System.setProperty(HistoryOptions.SNAPSHOT_EVERY, Long.toString(every));
        ConfigFactory.invalidateCaches();
        try {
            return cli(args.toArray(String[]::new));
        } finally {
            System.clearProperty(HistoryOptions.SNAPSHOT_EVERY);
            ConfigFactory.invalidateCaches();
        }
    }

    @Test
    @DisplayName("a corrupt snapshot is told with its world and step and passed over; the next fold stores it again")
    void corruptSnapshotIsPassedOver() throws SQLException {
        String world = "rm-during-cats";
        List<StepRecord> records = records(world);
        long every = Math.max(2, records.size() / 7);
        try (History h = options(world, every).open(new Warnings())) {
            h.view(History.END);
        }
        long bad = 3 * every;
        String[][] corruptions = {
            // the payload and its CRC disagree (a byte changed)
            {"UPDATE \"bpflife_view_snapshot\" SET \"crc\" = \"crc\" + 1 WHERE \"world\" = ? AND \"step\" = ?", "CRC-32"},
            // another step's payload, its CRC with it: the payload names its own step
            {"UPDATE \"bpflife_view_snapshot\" s SET (\"payload\", \"crc\") = (SELECT o.\"payload\", o.\"crc\" FROM "
                    + "\"bpflife_view_snapshot\" o WHERE o.\"world\" = s.\"world\" AND o.\"step\" = " + every
                    + ") WHERE \"world\" = ? AND \"step\" = ?", "not the row's"},
            // not deflated at all, with a CRC that matches
            {"UPDATE \"bpflife_view_snapshot\" SET \"payload\" = X'0102030405', \"crc\" = 1191942644 WHERE \"world\" = ? AND \"step\" = ?", "deflated"},
        };
        for (String[] c : corruptions) {
            try (Connection j = jdbc(); PreparedStatement u = j.prepareStatement(c[0])) {
                u.setString(1, world);
                u.setLong(2, bad);
                assertEquals(1, u.executeUpdate(), c[0]);
            }
            Warnings w = new Warnings();
            try (History h = options(world, every).open(w)) {
                History.View v = h.view(bad + 1);
                assertEquals(2 * every, h.resumedFrom(), "folded from the snapshot before the corrupt one");
                assertEquals(oracle(h, records, bad + 1), words(v));
            }
            assertEquals(1, w.lines.size(), w.lines::toString);
            String line = w.lines.get(0);
            assertTrue(line.startsWith("world " + world + ": the view snapshot at step " + bad + " is corrupt ("), line);
            assertTrue(line.contains(c[1]), line);
            assertTrue(line.endsWith("ignored, the view is folded from an earlier point of the journal"), line);
            Warnings again = new Warnings();
            try (History h = options(world, every).open(again)) {
                h.view(bad + 1);
                assertEquals(bad, h.resumedFrom(), "the fold that passed it stored it again");
            }
            assertEquals(List.of(), again.lines);
        }
    }

    @Test
    @DisplayName("a short command's long fold is handed over right after a stored view; the next read goes on from it")
    void longFoldHandedOverAfterAStoredView() throws SQLException {
        String world = "rm-during-cats";
        List<StepRecord> records = records(world);
        long n = records.size();
        long every = Math.max(2, n / 9);
        try (Connection j = jdbc(); PreparedStatement d = j.prepareStatement("DELETE FROM \"bpflife_view_snapshot\" "
                + "WHERE \"world\" = ?")) {
            d.setString(1, world); // another test's views would be read instead of made
            d.executeUpdate();
        } catch (SQLException e) {
            // no table yet: nothing stored
        }
        long bound = 2 * every + 1; // not a multiple of K: handed over at the next stored view, 3K
        History.Handover handed;
        try (History h = options(world, every).open(new Warnings())) {
            h.handOverLongFolds(75, bound);
            handed = assertThrows(History.Handover.class, () -> h.view(History.END));
        }
        assertEquals(75, handed.exit());
        assertEquals(3, snapshots(world), "the views passed are stored when the history closes");
        try (History h = options(world, every).open(new Warnings())) {
            h.handOverLongFolds(75, bound);
            // near enough to a stored view: no hand-over (fewer than the bound to fold)
            assertEquals(oracle(h, records, 4 * every - 1), words(h.view(4 * every - 1)));
            assertEquals(3 * every, h.resumedFrom());
        }
        try (History h = options(world, every).open(new Warnings())) {
            assertEquals(oracle(h, records, n), words(h.view(History.END)), "the run again, without the hand-over");
            assertEquals(3 * every, h.resumedFrom(), "it goes on from the view stored before the hand-over");
        }
    }

    @Test
    @DisplayName("a snapshot of an older format is passed over without a word and stored again in the current one")
    void olderFormatIsPassedOverQuietly() throws SQLException {
        String world = "update-under-reader";
        List<StepRecord> records = records(world);
        long every = Math.max(2, records.size() / 5);
        try (Connection j = jdbc(); PreparedStatement d = j.prepareStatement("DELETE FROM \"bpflife_view_snapshot\" "
                + "WHERE \"world\" = ?")) {
            d.setString(1, world); // another test's views (another K) would be read instead of made
            d.executeUpdate();
        } catch (SQLException e) {
            // no table yet: nothing stored
        }
        try (History h = options(world, every).open(new Warnings())) {
            h.view(History.END);
        }
        try (Connection j = jdbc(); PreparedStatement u = j.prepareStatement("UPDATE \"bpflife_view_snapshot\" SET "
                + "\"format\" = \"format\" - 1 WHERE \"world\" = ? AND \"step\" = ?")) {
            u.setString(1, world);
            u.setLong(2, 2 * every);
            assertEquals(1, u.executeUpdate());
        }
        Warnings w = new Warnings();
        try (History h = options(world, every).open(w)) {
            assertEquals(oracle(h, records, 2 * every), words(h.view(2 * every)));
            assertEquals(every, h.resumedFrom());
        }
        try (History h = options(world, every).open(w)) {
            h.view(2 * every);
            assertEquals(2 * every, h.resumedFrom(), "stored again by the fold that passed it");
        }
        assertEquals(List.of(), w.lines);
    }

    @Test
    @DisplayName("a journal without the snapshot table reads; the first read that stores a view makes it; K = 0 makes none")
    void journalBeforeTheTable() throws Exception {
        Path dir = Files.createTempDirectory("bpflife-old-");
        try {
            String[] r = cli("run", SCENARIOS.resolve("update-under-reader.scn").toString(), "--live", "--world", "old",
                    "--data-dir", dir.toString());
            assertTrue(r[0].equals("0") || r[0].equals("1"), r[1] + r[2]);
            String url = "jdbc:h2:file:" + dir.toAbsolutePath().normalize().resolve("journal");
            assertFalse(table(url), "a live run makes no snapshot table");
            HistoryOptions off = HistoryTest.parse("--world", "old", "--data-dir", dir.toString());
            off.snapshotEvery = 0L;
            List<String> end;
            try (History h = off.open()) {
                end = words(h.view(History.END));
            }
            assertFalse(table(url), "K = 0: nothing stored");
            HistoryOptions on = HistoryTest.parse("--world", "old", "--data-dir", dir.toString());
            on.snapshotEvery = 5L;
            try (History h = on.open()) {
                assertEquals(end, words(h.view(History.END)));
            }
            assertTrue(table(url));
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static boolean table(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             ResultSet rs = c.getMetaData().getTables(null, "PUBLIC", "bpflife_view_snapshot", null)) {
            return rs.next();
        }
    }
}
