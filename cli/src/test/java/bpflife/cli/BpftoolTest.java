package bpflife.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.protocol.CgroupOrder;
import bpflife.protocol.Info;
import bpflife.protocol.IterTarget;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    @DisplayName("a task iterator link with a tid prints it")
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
    @DisplayName("a cgroup link prints its order and cgroup (by name)")
    void cgroupLink() {
        Info.LinkInfo l = new Info.LinkInfo(4, 2, IterTarget.CGROUP, 0, "a/b", CgroupOrder.DESCENDANTS_PRE, 0);
        assertEquals("4: iter  prog 2  target_name cgroup  order: descendants_pre cgroup_id: a/b ", Bpftool.plain(l));
        ObjectNode j = Bpftool.json(l);
        assertEquals("descendants_pre", j.get("order").asText());
        assertEquals("a/b", j.get("cgroup").asText());
    }

    @Test
    @DisplayName("a prog prints like print_prog_header_plain, with a 16-hex tag derived from its name")
    void prog() {
        Info.ProgInfo p = new Info.ProgInfo(7, "dump_task", IterTarget.TASK, false, 0);
        String tag = Bpftool.tag("dump_task");
        assertTrue(tag.matches("[0-9a-f]{16}"), tag);
        assertEquals(tag, Bpftool.tag("dump_task"));
        assertNotEquals(tag, Bpftool.tag("dump_file"));
        assertEquals("7: tracing  name dump_task  tag " + tag + "  gpl", Bpftool.plain(p));
        assertEquals("{\"id\":7,\"type\":\"tracing\",\"name\":\"dump_task\",\"tag\":\"" + tag
                + "\",\"gpl_compatible\":true}", Bpftool.json(p).toString());
    }
}
