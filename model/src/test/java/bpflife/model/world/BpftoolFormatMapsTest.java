package bpflife.model.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.protocol.Info;
import bpflife.protocol.IterTarget;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * bpftool's {@code map_ids} of a prog that uses a scenario map ({@code prog load ... map M}), as
 * bpftool v7.1 prints it on 6.18 for the kernel check's bpflife_bpf_map_m (h14k, 2026-12-03):
 * {@code xlated 976B  jited 638B  memlock 4096B  map_ids 158592,158595} and in JSON
 * {@code "map_ids":[158592,158595]}, the used map first, then the .rodata map.
 */
class BpftoolFormatMapsTest {
    private static final Info.ProgInfo P = new Info.ProgInfo(5, "dump_maps", IterTarget.BPF_MAP, false, 0);

    @Test
    @DisplayName("a prog with a used map lists it before its .rodata map, with the _m program's tag and sizes")
    void usedMapFirst() {
        BpftoolFormat.Shown s = new BpftoolFormat.Shown(P, List.of(), List.of(), 17, List.of(3));
        assertEquals("5: tracing  name dump_maps  tag 4c8ad11ae9fe46b7  gpl\n"
                + "\tloaded_at 1970-01-01T00:00:17+0000  uid 0\n"
                + "\txlated 976B  jited 638B  memlock 4096B  map_ids 3,1000005\n"
                + "\tbtf_id 1000005\n", BpftoolFormat.plain(s, false));
        JsonWriter w = new JsonWriter(false);
        BpftoolFormat.json(w, s, false);
        assertTrue(w.text().contains("\"tag\":\"4c8ad11ae9fe46b7\""), w.text());
        assertTrue(w.text().contains("\"bytes_xlated\":976,\"jited\":true,\"bytes_jited\":638,\"bytes_memlock\":4096,"
                + "\"map_ids\":[3,1000005],\"btf_id\":1000005"), w.text());
    }

    @Test
    @DisplayName("without a used map: the .rodata map alone and the program's own tag, as before")
    void noUsedMap() {
        String text = BpftoolFormat.plain(new BpftoolFormat.Shown(P, List.of(), List.of(), 0), false);
        assertTrue(text.contains("tag be4b5796bcbd6a4e") && text.contains("xlated 960B  jited 628B  memlock 4096B  "
                + "map_ids 1000005\n"), text);
    }

    @Test
    @DisplayName("a report's one-line and JSON rendering of a listed prog with its used maps (Listings.Entry)")
    void entryRendering() {
        assertEquals("5: tracing  name dump_maps  tag 4c8ad11ae9fe46b7  gpl", BpftoolFormat.plain(P, List.of(3)));
        assertEquals("5: tracing  name dump_maps  tag be4b5796bcbd6a4e  gpl", BpftoolFormat.plain(P));
        String json = BpftoolFormat.json(P, List.of(3));
        assertTrue(json.contains("\"tag\":\"4c8ad11ae9fe46b7\"") && json.contains("\"map_ids\":[3,1000005]"), json);
        assertTrue(BpftoolFormat.json(P).contains("\"map_ids\":[1000005]"), BpftoolFormat.json(P));
    }
}
