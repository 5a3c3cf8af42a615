package bpflife.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.explore.DeterministicRuntime;
import bpflife.explore.RandomStrategy;
import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.scenario.ScenarioParser;
import bpflife.protocol.StepRecord;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link JournalReader} reads the journal without an actor system: its decoding must be Pekko's,
 * row for row, for every serializer bpflife has written rows with (bpflife-cbor, jackson-cbor,
 * jackson-json), with the same migration of format-1 rows and the same refusals; and the world's
 * rows come in the journal's order by a plan that streams (H2 sorted every id of the world first).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("journal read without an actor system: rows decode as Pekko's serializers decode them")
class JournalReaderTest {
    Store store;
    Path dir;

    @BeforeAll
    void open() throws Exception {
        dir = Files.createTempDirectory("bpflife-reader-");
        store = Store.open(config());
    }

    Config config() {
        return ConfigFactory.empty().withValue("bpflife.store", ConfigValueFactory.fromAnyRef("h2"))
                .withValue("bpflife.data-dir", ConfigValueFactory.fromAnyRef(dir.toString()));
    }

    @AfterAll
    void close() throws Exception {
        store.close();
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static List<StepRecord> records(String scenario, long seed) throws Exception {
        Env env = new Env(ScenarioParser.parseFile(Path.of("..", "scenarios", scenario)), Semantics.LINUX);
        return DeterministicRuntime.run(env, new RandomStrategy(seed)).records();
    }

    @Test
    @DisplayName("every step of three scenarios, written by each of the three serializers, reads as Pekko reads it")
    void decodesAsPekko() throws Exception {
        Serialization ser = SerializationExtension.get(store.system().classicSystem());
        int rows = 0;
        for (String scn : List.of("map-elem-fds-closed.scn", "rm-during-cats.scn", "link-prime-failure.scn")) {
            for (StepRecord r : records(scn, 3)) {
                for (String binding : List.of("bpflife-cbor", "jackson-cbor", "jackson-json")) {
                    Serializer s = ser.serializerByIdentity().apply(id(binding));
                    byte[] payload = s.toBinary(r);
                    String manifest = ((SerializerWithStringManifest) s).manifest(r);
                    Object pekko = ser.deserialize(payload, s.identifier(), manifest).get();
                    assertEquals(pekko, JournalReader.decode(payload, s.identifier(), manifest), binding + " " + manifest);
                    assertEquals(r, pekko);
                    rows++;
                }
            }
        }
        assertTrue(rows > 300, "rows: " + rows);
    }

    static int id(String binding) {
        return switch (binding) {
            case "bpflife-cbor" -> JournalReader.COMPACT;
            case "jackson-cbor" -> JournalReader.JACKSON_CBOR;
            default -> JournalReader.JACKSON_JSON;
        };
    }

    @Test
    @DisplayName("a format-1 row is migrated (a fault's 'idr' is IDR) or refused (a frame) as Pekko does")
    void formatOneRows() throws Exception {
        Serialization ser = SerializationExtension.get(store.system().classicSystem());
        String v1 = "{\"position\":0,\"receiver\":\"task:setup\",\"sender\":\"world\",\"channelSeq\":1,"
                + "\"message\":{\"type\":\"Start\"},\"events\":[{\"type\":\"SyscallEntered\",\"pc\":0,\"call\":"
                + "{\"type\":\"LinkCreate\",\"result\":\"l\",\"prog\":\"p\",\"fault\":\"idr\"}}],\"spawned\":[],\"sent\":[]}";
        byte[] row = v1.getBytes(StandardCharsets.UTF_8);
        String manifest = StepRecord.class.getName() + "#1";
        Object pekko;
        try {
            pekko = ser.deserialize(row, JournalReader.JACKSON_JSON, manifest).get();
        } catch (Exception e) {
            pekko = e;
        }
        Object ours;
        try {
            ours = JournalReader.decode(row, JournalReader.JACKSON_JSON, manifest);
        } catch (Exception e) {
            ours = e;
        }
        assertEquals(String.valueOf(pekko), String.valueOf(ours));
        assertInstanceOf(StepRecord.class, ours, String.valueOf(ours));
        assertTrue(ours.toString().contains("IDR"), ours.toString());
        String framed = v1.replace("\"spawned\"", "\"x\":0,\"spawned\"").replace("{\"type\":\"SyscallEntered\"",
                "{\"type\":\"SyscallProgressed\",\"frame\":{}},{\"type\":\"SyscallEntered\"");
        byte[] old = framed.getBytes(StandardCharsets.UTF_8);
        assertThrows(JournalVersions.Unreadable.class, () -> JournalReader.decode(old, JournalReader.JACKSON_JSON, manifest));
        assertThrows(IllegalArgumentException.class, () -> JournalReader.decode(row, 1, manifest), "java serialization");
        assertThrows(IllegalArgumentException.class, () -> JournalReader.decode(row, JournalReader.JACKSON_JSON,
                "java.lang.String"), "a type the journal does not hold");
    }

    @Test
    @DisplayName("a world read through JournalReader is the world read through the store, entry for entry")
    void sameWorld() throws Exception {
        Path scn = Path.of("..", "scenarios", "rm-during-cats.scn");
        LiveWorlds.Result r = LiveWorlds.run(store, "reader", scn.toString(), Files.readString(scn), Semantics.LINUX);
        List<String> viaStore = new ArrayList<>();
        try (WorldStream ws = WorldStream.open(store, "reader")) {
            ws.forEachRemaining(e -> viaStore.add(e.toString()));
        }
        List<String> viaReader = new ArrayList<>();
        try (JournalReader j = JournalReader.open(config()); WorldStream ws = WorldStream.open(j, "reader")) {
            ws.forEachRemaining(e -> viaReader.add(e.toString()));
        }
        assertEquals(viaStore, viaReader);
        assertEquals(r.live().steps(), viaReader.stream().filter(s -> s.startsWith("Step[")).count());
    }

    @Test
    @DisplayName("H2 streams a world's rows by the tag index in order: no sort of the world's ids first")
    void streamedPlan() throws Exception {
        try (Connection c = StoreProbe.connect(store.settings()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("EXPLAIN " + JournalRows.QUERY.replaceFirst("\\?", "'world:x'")
                     .replaceFirst("\\?", "0").replaceFirst("\\?", "5000"))) {
            rs.next();
            String plan = rs.getString(1);
            assertTrue(plan.contains("event_tag_tag_idx"), plan);
            assertTrue(plan.contains("/* index sorted */"), plan);
        }
    }

    /** Reads {@code world} through JournalReader to its end; the read's failure, or null. */
    JournalException readFails(String world) {
        try (JournalReader j = JournalReader.open(config()); WorldStream ws = WorldStream.open(j, world)) {
            ws.forEachRemaining(e -> { });
            return null;
        } catch (JournalException e) {
            return e;
        }
    }

    @Test
    @DisplayName("every entry is checked as it comes: a missing sequence number, and a row of another world under this world's tag")
    void checksEveryEntry() throws Exception {
        Path scn = Path.of("..", "scenarios", "rm-during-cats.scn");
        for (String w : List.of("gap", "stranger")) {
            LiveWorlds.run(store, w, scn.toString(), Files.readString(scn), Semantics.LINUX);
            assertEquals(null, readFails(w), "the world as stored reads");
        }
        try (Connection c = StoreProbe.connect(store.settings()); Statement st = c.createStatement()) {
            // the second entry of task cat1 leaves the world's tag: its reader sees #1, then #3
            st.executeUpdate("DELETE FROM \"event_tag\" WHERE \"event_id\" = (SELECT \"ordering\" FROM "
                    + "\"event_journal\" WHERE \"persistence_id\" = 'gap|task:cat1' AND \"sequence_number\" = 2)");
            st.executeUpdate("UPDATE \"event_journal\" SET \"persistence_id\" = 'other|task:cat1' WHERE "
                    + "\"persistence_id\" = 'stranger|task:cat1' AND \"sequence_number\" = 1");
        }
        JournalException gap = readFails("gap");
        assertEquals("gap|task:cat1", gap.persistenceId(), gap.getMessage());
        assertTrue(gap.getMessage().contains("breaks the sequence: it follows #1"), gap.getMessage());
        JournalException stranger = readFails("stranger");
        assertTrue(stranger.getMessage().contains("has the tag of world 'stranger' but belongs to another"),
                stranger.getMessage());
    }
}
