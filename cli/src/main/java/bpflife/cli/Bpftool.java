package bpflife.cli;

import bpflife.model.world.BpftoolFormat;
import bpflife.protocol.Info;
import bpflife.protocol.IterTarget;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The run report's bpftool lines ({@link #plain(Info)}) and JSON objects ({@link #json(Info)}),
 * from {@link BpftoolFormat} (the model's rendering of bpftool's output, byte for byte; it has the
 * fields, the layout and what is synthetic). The listing commands use BpftoolFormat directly.
 */
public final class Bpftool {
    private Bpftool() {}

    /** The line bpftool prints first for a link or a prog. */
    public static String plain(Info info) {
        return BpftoolFormat.plain(info);
    }

    /** The same for a listed object, with a prog's used maps (they change its program and its map_ids). */
    public static String plain(bpflife.model.world.Listings.Entry e) {
        return BpftoolFormat.plain(e.info(), e.usedMaps());
    }

    /** bpftool's JSON object for a link or a prog with nothing beyond its Info, as a Jackson node. */
    public static ObjectNode json(Info info) {
        return json(info, java.util.List.of());
    }

    /** The same for a listed object, with a prog's used maps. */
    public static ObjectNode json(bpflife.model.world.Listings.Entry e) {
        return json(e.info(), e.usedMaps());
    }

    private static ObjectNode json(Info info, java.util.List<Integer> usedMaps) {
        String text = BpftoolFormat.json(info, usedMaps);
        try {
            return (ObjectNode) new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bpftool JSON that does not parse: " + text, e);
        }
    }

    /** The program tag bpftool prints for a prog of this target. */
    public static String tag(IterTarget t) {
        return BpftoolFormat.tag(t);
    }

    /** The cgroup id bpftool prints for a cgroup of this name. */
    public static long cgroupId(String name) {
        return BpftoolFormat.cgroupId(name);
    }
}
