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

    /** bpftool's JSON object for a link or a prog with nothing beyond its Info, as a Jackson node. */
    public static ObjectNode json(Info info) {
        String text = BpftoolFormat.json(info);
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
