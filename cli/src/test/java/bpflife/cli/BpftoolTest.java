package bpflife.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import bpflife.model.world.BpftoolFormat;
import bpflife.protocol.CgroupOrder;
import bpflife.protocol.Info;
import bpflife.protocol.IterTarget;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;


@DisplayName("Bpftool: bpftool's plain and JSON renderings")
class BpftoolTest {

    @Test
    @DisplayName("a task iterator link prints like show_link_close_plain")
    void taskLink() {
        Info.LinkInfo l = new Info.LinkInfo(1, 2, IterTarget.TASK, 0, null, null, 0);
        assertEquals("1: iter  prog 2  target_name task  ", Bpftool.plain(l));
        ObjectNode j = Bpftool.json(l);
        assertEquals("{\"id\":1,\"type\":\"iter\",\"prog_id\":2,\"target_name\":\"task\"}", j.toString());
    }

    @Test
    @DisplayName("a task iterator link with a tid prints it with one trailing blank")
    void tidLink() {
        Info.LinkInfo l = new Info.LinkInfo(3, 1, IterTarget.TASK_FILE, 0, null, null, 42);
        assertEquals("3: iter  prog 1  target_name task_file  tid 42 ", Bpftool.plain(l));
        assertEquals(42, Bpftool.json(l).get("tid").asInt());
    }

    @Test
    @DisplayName("a map element link prints its map_id")
    void mapElemLink() {
        Info.LinkInfo l = new Info.LinkInfo(2, 1, IterTarget.BPF_MAP_ELEM, 5, null, null, 0);
        assertEquals("2: iter  prog 1  target_name bpf_map_elem  map_id 5  ", Bpftool.plain(l));
        assertEquals(5, Bpftool.json(l).get("map_id").asInt());
        assertFalse(Bpftool.json(new Info.LinkInfo(2, 1, IterTarget.BPF_MAP, 0, null, null, 0)).has("map_id"));
    }

    @Test
    @DisplayName("a cgroup link prints cgroup_id (a number) then order, as show_iter_plain/_json do")
    void cgroupLink() {
        Info.LinkInfo l = new Info.LinkInfo(4, 2, IterTarget.CGROUP, 0, "a/b", CgroupOrder.DESCENDANTS_PRE, 0);
        long id = Bpftool.cgroupId("a/b");
        assertTrue(id > 0 && id < (1L << 31), "id " + id);
        assertEquals(id, Bpftool.cgroupId("a/b"));
        assertNotEquals(id, Bpftool.cgroupId("a/c"));
        assertEquals("4: iter  prog 2  target_name cgroup  cgroup_id " + id + "  order descendants_pre  ",
                Bpftool.plain(l));
        assertEquals("{\"id\":4,\"type\":\"iter\",\"prog_id\":2,\"target_name\":\"cgroup\",\"cgroup_id\":" + id
                + ",\"order\":\"descendants_pre\"}", Bpftool.json(l).toString());
        assertTrue(Bpftool.json(l).get("cgroup_id").isNumber());
    }

    @Test
    @DisplayName("a prog's header line; alone (a report) its JSON has 11 of bpftool's 13 keys: no load time")
    void prog() {
        Info.ProgInfo p = new Info.ProgInfo(7, "dump_task", IterTarget.TASK, false, 0);
        assertEquals("7: tracing  name dump_task  tag cbb07b0fca646dcf  gpl", Bpftool.plain(p));
        assertEquals("{\"id\":7,\"type\":\"tracing\",\"name\":\"dump_task\",\"tag\":\"cbb07b0fca646dcf\","
                + "\"gpl_compatible\":true,\"bytes_xlated\":976,\"jited\":true,\"bytes_jited\":643,"
                + "\"bytes_memlock\":4096,\"map_ids\":[1000007],\"btf_id\":1000007}", Bpftool.json(p).toString());
    }

    @Test
    @DisplayName("a whole prog entry: 13 keys with its load time, pins with -f, pids last")
    void progEntry() throws Exception {
        Info.ProgInfo p = new Info.ProgInfo(7, "dump_task", IterTarget.TASK, false, 0);
        BpftoolFormat.Shown s = new BpftoolFormat.Shown(p, List.of("/sys/fs/bpf/p"), List.of(new BpftoolFormat.Pid(1000, "setup"),
                new BpftoolFormat.Pid(1002, "cat2")), 17);
        assertEquals("7: tracing  name dump_task  tag cbb07b0fca646dcf  gpl\n"
                + "\tloaded_at 1970-01-01T00:00:17+0000  uid 0\n"
                + "\txlated 976B  jited 643B  memlock 4096B  map_ids 1000007\n"
                + "\tpinned /sys/fs/bpf/p\n"
                + "\tbtf_id 1000007\n"
                + "\tpids setup(1000), cat2(1002)\n", BpftoolFormat.plain(s, true));
        String json = BpftoolFormat.listing(List.of(s), false, true, null, new BpftoolFormat.Options(true, false, true));
        assertEquals("{\"id\":7,\"type\":\"tracing\",\"name\":\"dump_task\",\"tag\":\"cbb07b0fca646dcf\","
                + "\"gpl_compatible\":true,\"loaded_at\":17,\"uid\":0,\"bytes_xlated\":976,\"jited\":true,"
                + "\"bytes_jited\":643,\"bytes_memlock\":4096,\"map_ids\":[1000007],\"btf_id\":1000007,"
                + "\"pinned\":[\"/sys/fs/bpf/p\"],\"pids\":[{\"pid\":1000,\"comm\":\"setup\"},"
                + "{\"pid\":1002,\"comm\":\"cat2\"}]}\n", json);
        var keys = new java.util.ArrayList<String>();
        new ObjectMapper().readTree(json).fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("id", "type", "name", "tag", "gpl_compatible", "loaded_at", "uid", "bytes_xlated", "jited",
                "bytes_jited", "bytes_memlock", "map_ids", "btf_id", "pinned", "pids"), keys);
    }

    @Test
    @DisplayName("a link entry: pinned lines with -f only, then pids (emit_obj_refs_plain)")
    void linkEntry() {
        Info.LinkInfo l = new Info.LinkInfo(1, 2, IterTarget.TASK, 0, null, null, 0);
        BpftoolFormat.Shown s = new BpftoolFormat.Shown(l, List.of("/sys/fs/bpf/a", "/sys/fs/bpf/b"),
                List.of(new BpftoolFormat.Pid(1000, "setup")), 0);
        assertEquals("1: iter  prog 2  target_name task  \n\tpinned /sys/fs/bpf/a\n\tpinned /sys/fs/bpf/b\n"
                + "\tpids setup(1000)\n", BpftoolFormat.plain(s, true));
        assertEquals("1: iter  prog 2  target_name task  \n\tpids setup(1000)\n", BpftoolFormat.plain(s, false));
    }

    @Test
    @DisplayName("JSON: an empty walk is [], -f with no pin of the kind anywhere has no pinned key, -p is bpftool's layout")
    void listingShapes() {
        BpftoolFormat.Options j = new BpftoolFormat.Options(true, false, true);
        assertEquals("[]\n", BpftoolFormat.listing(List.of(), true, false, null, j));
        Info.LinkInfo l = new Info.LinkInfo(1, 2, IterTarget.TASK, 0, null, null, 0);
        assertEquals("[{\"id\":1,\"type\":\"iter\",\"prog_id\":2,\"target_name\":\"task\"}]\n",
                BpftoolFormat.listing(List.of(BpftoolFormat.Shown.of(l)), true, false, null, j));
        assertEquals("[{\"id\":1,\"type\":\"iter\",\"prog_id\":2,\"target_name\":\"task\",\"pinned\":[]}]\n",
                BpftoolFormat.listing(List.of(BpftoolFormat.Shown.of(l)), true, true, null, j));
        assertEquals("[{\n        \"id\": 1,\n        \"type\": \"iter\",\n        \"prog_id\": 2,\n"
                        + "        \"target_name\": \"task\",\n        \"pinned\": []\n    },{\"error\":\"x\"}\n]\n"
                        .replace("{\"error\":\"x\"}", "{\n        \"error\": \"x\"\n    }"),
                BpftoolFormat.listing(List.of(BpftoolFormat.Shown.of(l)), true, true, "x", new BpftoolFormat.Options(false, true, true)));
        assertEquals("{\"error\":\"can't parse \\\"x\\\" 'y'\"}\n", BpftoolFormat.error("can't parse \"x\" 'y'", false));
    }

    @Test
    @DisplayName("a prog's sizes follow its pad as the verifier's dead-code removal does (measured on 6.18)")
    void paddedSizes() {
        // dump_task is 9 characters: pad <= 10 leaves no padding code, 11 only the blank, more the loop
        int[][] want = {{0, 976, 643}, {10, 976, 643}, {11, 1056, 691}, {12, 1224, 779}, {200, 1224, 779}};
        for (int[] w : want) {
            BpftoolFormat.Image im = BpftoolFormat.image(new Info.ProgInfo(1, "dump_task", IterTarget.TASK, false, w[0]));
            assertEquals(w[1], im.xlated(), "pad " + w[0]);
            assertEquals(w[2], im.jited(), "pad " + w[0]);
            assertEquals("cbb07b0fca646dcf", im.tag());
        }
        assertEquals(1256, BpftoolFormat.image(new Info.ProgInfo(1, "x", IterTarget.TASK_FILE, true, 4)).xlated());
        assertEquals(1048, BpftoolFormat.image(new Info.ProgInfo(1, "x", IterTarget.CGROUP, false, 3)).xlated());
    }
}
