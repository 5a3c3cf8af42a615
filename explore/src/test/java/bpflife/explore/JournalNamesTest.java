package bpflife.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.model.Semantics;
import bpflife.protocol.Msg;
import bpflife.protocol.StepRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Journal rows name each record by its simple name, and rows written before a rename still read. */
@DisplayName("journal type names")
class JournalNamesTest {

    /** The messages renamed because an event had the same name: old name, new name. */
    private static final Map<String, String> RENAMED = Map.of(
            "IdAssigned", "AssignId", "NameAdded", "AddName", "NameDropped", "DropName", "SessionRead", "ReadSession");

    @Test
    @DisplayName("every record below the nested message and event types is written as its simple name")
    void nestedRecordsAreRegistered() throws Exception {
        StepRecord r = new StepRecord(1, bpflife.protocol.ActorId.BPFFS, bpflife.protocol.ActorId.SYNC, 1,
                new Msg.Put(bpflife.protocol.ActorId.BPFFS, bpflife.protocol.PutMode.DIRECT, null),
                List.of(new bpflife.protocol.Event.RefTaken(bpflife.protocol.ActorId.SYNC, 2)), List.of(),
                List.of(), null);
        String line = JournalJson.line(r);
        assertTrue(line.contains("\"type\":\"Put\"") && line.contains("\"type\":\"RefTaken\""), line);
        assertEquals(r, JournalJson.parse(line));
    }

    @Test
    @DisplayName("a row with a message's name from before its rename reads as the renamed message")
    void oldNamesStillRead() throws Exception {
        Map<String, Integer> seen = new HashMap<>();
        for (String scenario : List.of("rm-during-cats.scn", "rename-hardlink-during-read.scn")) {
            java.nio.file.Path file = Runs.SCENARIOS.resolve(scenario);
            for (StepRecord rec : Runs.run(Runs.parse(file), Semantics.LINUX, 3).records()) {
                String line = JournalJson.line(rec);
                String old = line;
                for (var e : RENAMED.entrySet()) {
                    if (line.contains("\"type\":\"" + e.getValue() + "\"")) {
                        seen.merge(e.getValue(), 1, Integer::sum);
                        old = old.replace("\"type\":\"" + e.getValue() + "\"", "\"type\":\"" + e.getKey() + "\"");
                    }
                }
                assertEquals(rec, JournalJson.parse(old), old);
                // persistence reads rows through a copy of the mapper (on its CBOR factory)
                assertEquals(rec, JournalJson.mapper().copy().readValue(old, StepRecord.class), old);
            }
        }
        assertEquals(RENAMED.size(), seen.size(), "renamed messages seen: " + seen);
    }
}
