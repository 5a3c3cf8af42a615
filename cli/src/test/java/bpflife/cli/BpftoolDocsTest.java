package bpflife.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.model.world.BpftoolFormat;
import bpflife.protocol.CgroupOrder;
import bpflife.protocol.Info;
import bpflife.protocol.IterTarget;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("docs/BPFTOOL.md describes every field link/prog show writes")
class BpftoolDocsTest {

    @Test
    void everyFieldIsDescribed() throws Exception {
        List<BpftoolFormat.Pid> pids = List.of(new BpftoolFormat.Pid(1000, "setup"));
        List<String> pins = List.of("/sys/fs/bpf/x");
        List<BpftoolFormat.Shown> all = List.of(
                new BpftoolFormat.Shown(new Info.LinkInfo(1, 1, IterTarget.TASK, 0, null, null, 7), pins, pids, 0),
                new BpftoolFormat.Shown(new Info.LinkInfo(2, 1, IterTarget.BPF_MAP_ELEM, 3, null, null, 0), pins, pids, 0),
                new BpftoolFormat.Shown(new Info.LinkInfo(3, 1, IterTarget.CGROUP, 0, "c", CgroupOrder.SELF_ONLY, 0),
                        pins, pids, 0),
                new BpftoolFormat.Shown(new Info.ProgInfo(1, "p", IterTarget.TASK, false, 0), pins, pids, 5));
        String json = BpftoolFormat.listing(all, true, true, null, new BpftoolFormat.Options(true, false, true));
        Set<String> keys = new TreeSet<>();
        collect(new ObjectMapper().readTree(json), keys);
        collect(new ObjectMapper().readTree(BpftoolFormat.error("x", false)), keys);
        String page = Files.readString(Path.of("..", "docs", "BPFTOOL.md"));
        for (String k : keys) {
            assertTrue(page.contains("| `" + k + "` |"), "field " + k + " is not described in docs/BPFTOOL.md");
        }
        assertTrue(keys.size() >= 24, keys::toString);
    }

    private static void collect(JsonNode n, Set<String> keys) {
        if (n.isObject()) {
            n.fieldNames().forEachRemaining(keys::add);
        }
        n.forEach(c -> collect(c, keys));
    }
}
