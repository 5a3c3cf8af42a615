package bpflife.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.model.Semantics;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The H2 journal's schema (h2-schema.sql): a new database gets only the B-trees a query needs (issue
 * 16: under load H2's cost is per B-tree entry written and committed), and a database made by
 * Pekko's own script, as every H2 journal before issue 16 was, is still written and replayed.
 */
@DisplayName("H2 journal schema")
class H2SchemaTest {
    private final List<Path> dirs = new ArrayList<>();

    private Path dir() throws Exception {
        Path d = Files.createTempDirectory("bpflife-h2-schema-");
        dirs.add(d);
        return d;
    }

    @AfterEach
    void remove() throws Exception {
        for (Path d : dirs) {
            try (var paths = Files.walk(d)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static Config h2(Path dir) {
        return ConfigFactory.empty()
                .withValue("bpflife.store", ConfigValueFactory.fromAnyRef("h2"))
                .withValue("bpflife.data-dir", ConfigValueFactory.fromAnyRef(dir.toString()));
    }

    /** Each index of {@code table} as "TYPE(col, col)", sorted; then its foreign keys as "FK". */
    private static List<String> btrees(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (var ps = c.prepareStatement("SELECT i.INDEX_TYPE_NAME, LISTAGG(ic.COLUMN_NAME, ', ') WITHIN GROUP "
                + "(ORDER BY ic.ORDINAL_POSITION) FROM INFORMATION_SCHEMA.INDEXES i JOIN INFORMATION_SCHEMA.INDEX_COLUMNS "
                + "ic ON ic.INDEX_NAME = i.INDEX_NAME AND ic.TABLE_NAME = i.TABLE_NAME WHERE i.TABLE_NAME = ? "
                + "GROUP BY i.INDEX_NAME, i.INDEX_TYPE_NAME")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + "(" + rs.getString(2) + ")");
                }
            }
        }
        try (var ps = c.prepareStatement("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE "
                + "TABLE_NAME = ? AND CONSTRAINT_TYPE = 'FOREIGN KEY'")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                for (int i = 0; i < rs.getInt(1); i++) {
                    out.add("FK");
                }
            }
        }
        out.sort(null);
        return out;
    }

    private static Connection connect(Path dir) throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + dir.toAbsolutePath().resolve("journal"), "sa", "");
    }

    private static final Path SCENARIO = Path.of("..", "scenarios", "rm-during-cats.scn");

    private static LiveWorlds.Result live(Store store, String world) throws Exception {
        return LiveWorlds.run(store, world, SCENARIO.toString(), Files.readString(SCENARIO, StandardCharsets.UTF_8),
                Semantics.LINUX);
    }

    @Test
    @DisplayName("a new H2 journal has the rows kept by ordering and by event id, the two indexes queries use, "
            + "no foreign key; a world is written and replays identically")
    void newJournalIsLean() throws Exception {
        Path d = dir();
        try (Store store = Store.open(h2(d))) {
            LiveWorlds.Result r = live(store, "lean");
            assertTrue(r.replay().identical(), String.valueOf(r.replay().divergence()));
        }
        try (Connection c = connect(d)) {
            assertEquals(List.of("PRIMARY KEY(ordering)", "UNIQUE INDEX(persistence_id, sequence_number)"),
                    btrees(c, "event_journal"));
            assertEquals(List.of("INDEX(tag, event_id)", "PRIMARY KEY(event_id)"), btrees(c, "event_tag"));
        }
    }

    @Test
    @DisplayName("a journal made with Pekko's schema (before issue 16) keeps it, and is written and replayed as before")
    void pekkoSchemaStillWorks() throws Exception {
        Path d = dir();
        String sql;
        try (var in = getClass().getClassLoader().getResourceAsStream("schema/h2/h2-create-schema.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = connect(d); Statement st = c.createStatement()) {
            for (String one : sql.split(";")) {
                if (!one.isBlank()) {
                    st.execute(one);
                }
            }
        }
        try (Store store = Store.open(h2(d))) {
            LiveWorlds.Result r = live(store, "pekko");
            assertTrue(r.replay().identical(), String.valueOf(r.replay().divergence()));
            assertEquals(r.live().steps(), r.replay().steps());
        }
        try (Connection c = connect(d)) {
            List<String> tag = btrees(c, "event_tag");
            assertTrue(tag.contains("FK") && tag.contains("PRIMARY KEY(event_id, tag)"), tag.toString());
        }
    }

    @Test
    @DisplayName("H2's value cache is off once Store is loaded, unless the command line set it")
    void h2ValueCacheIsOff() throws Exception {
        Class.forName(Store.class.getName(), true, Store.class.getClassLoader());
        assertEquals("false", System.getProperty("h2.objectCache"));
    }
}
