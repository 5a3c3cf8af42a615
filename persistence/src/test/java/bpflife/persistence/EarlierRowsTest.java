package bpflife.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.explore.DeterministicRuntime;
import bpflife.explore.JournalJson;
import bpflife.explore.RandomStrategy;
import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.scenario.ScenarioParser;
import bpflife.protocol.StepRecord;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Rows written before the compact encoding, by Pekko's {@code jackson-json} and {@code jackson-cbor}
 * through {@link JournalJackson}: a map's call, birth and info repeat the key {@code type} there
 * ({@code {"type":"MapCreate",...,"type":"HASH"}}). They are read as written (the first {@code type}
 * is the kind), whatever the journal file's form has become since (version 3, {@code map_type}).
 */
@DisplayName("journal rows: earlier serializers' rows of a world with maps still read")
class EarlierRowsTest {

    @Test
    @DisplayName("a jackson-json or jackson-cbor row with a map's type beside its kind reads back as written")
    void mapRowsStillRead() throws Exception {
        Env env = new Env(ScenarioParser.parseFile(Path.of("..", "scenarios", "map-elem-fds-closed.scn")),
                Semantics.LINUX);
        List<StepRecord> records = DeterministicRuntime.run(env, new RandomStrategy(3)).records();
        JournalJackson factory = new JournalJackson();
        ObjectMapper json = factory.newObjectMapper("jackson-json", new JsonFactory());
        ObjectMapper cbor = factory.newObjectMapper("jackson-cbor", new CBORFactory());
        int maps = 0;
        for (StepRecord r : records) {
            byte[] row = json.writeValueAsBytes(r);
            String text = new String(row, StandardCharsets.UTF_8);
            if (text.contains("\"type\":\"MapCreate\",\"result\":\"m\",\"type\":\"HASH\"")) {
                maps++;
            }
            assertEquals(JournalJson.line(r), text, "the row is the rows' form, as earlier versions wrote it");
            assertEquals(r, json.readValue(row, StepRecord.class), text);
            assertEquals(r, cbor.readValue(cbor.writeValueAsBytes(r), StepRecord.class), text);
        }
        assertTrue(maps > 0, "rows holding a map's call with both keys: " + maps);
    }
}
