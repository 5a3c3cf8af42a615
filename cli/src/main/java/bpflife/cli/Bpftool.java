package bpflife.cli;

import bpflife.protocol.Info;
import bpflife.protocol.IterTarget;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What {@code bpftool link show} and {@code bpftool prog show} print for one object, in bpftool's
 * plain format (tools/bpf/bpftool/link.c show_link_close_plain + show_iter_plain, prog.c
 * print_prog_header_plain) and in its JSON format ({@code -j}: show_link_close_json +
 * show_iter_json, print_prog_header_json), restricted to the fields the model knows.
 *
 * <p>Plain lines keep bpftool's field separators, trailing blanks included:
 * {@code 1: iter  prog 1  target_name task  } and
 * {@code 1: tracing  name dump_task  tag 0123456789abcdef  gpl}.
 */
public final class Bpftool {
    private Bpftool() {}

    /** The plain line for a link or a prog (maps and cgroups get a short line of the same style). */
    public static String plain(Info info) {
        return switch (info) {
            case Info.LinkInfo l -> linkPlain(l);
            case Info.ProgInfo p -> progPlain(p);
            case Info.MapInfo m -> m.id() + ": " + m.type().kernelName() + "  max_entries " + m.entries();
            case Info.CgroupInfo c -> "cgroup " + c.name();
        };
    }

    /** The JSON object bpftool -j prints for a link or a prog. */
    public static ObjectNode json(Info info) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        switch (info) {
            case Info.LinkInfo l -> {
                n.put("id", l.id());
                n.put("type", "iter");
                n.put("prog_id", l.progId());
                n.put("target_name", l.target().kernelName());
                if (isMapTarget(l.target())) {
                    n.put("map_id", l.mapId());
                } else if (l.tid() != 0) {
                    n.put("tid", l.tid());
                }
                if (l.target() == IterTarget.CGROUP) {
                    // bpftool prints "cgroup_id" (a number); the model only knows the cgroup's name.
                    n.put("cgroup", l.cgroup());
                    n.put("order", order(l));
                }
            }
            case Info.ProgInfo p -> {
                n.put("id", p.id());
                n.put("type", "tracing");
                n.put("name", p.name());
                n.put("tag", tag(p.name()));
                n.put("gpl_compatible", true);
            }
            case Info.MapInfo m -> {
                n.put("id", m.id());
                n.put("type", m.type().kernelName());
                n.put("max_entries", m.entries());
            }
            case Info.CgroupInfo c -> n.put("cgroup", c.name());
        }
        return n;
    }

    /**
     * The program tag bpftool prints. The kernel's tag is a SHA-1 over the instructions; the model
     * has none, so the tag is the first 8 bytes of SHA-256 of the program's name: deterministic,
     * and the same name always gives the same tag.
     */
    public static String tag(String progName) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(progName.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static String linkPlain(Info.LinkInfo l) {
        StringBuilder b = new StringBuilder();
        b.append(l.id()).append(": iter  prog ").append(l.progId()).append("  ");
        b.append("target_name ").append(l.target().kernelName()).append("  ");
        if (isMapTarget(l.target())) {
            b.append("map_id ").append(l.mapId()).append("  ");
        } else if (l.tid() != 0) {
            b.append("tid ").append(l.tid()).append(' ');
        }
        if (l.target() == IterTarget.CGROUP) {
            // bpftool prints "cgroup_id: <u64>"; the model names cgroups, so the name stands in for the id.
            b.append("order: ").append(order(l)).append(' ');
            b.append("cgroup_id: ").append(l.cgroup()).append(' ');
        }
        return b.toString();
    }

    private static String progPlain(Info.ProgInfo p) {
        // every modelled program is a BPF_PROG_TYPE_TRACING iterator program under a GPL license
        return p.id() + ": tracing  name " + p.name() + "  tag " + tag(p.name()) + "  gpl";
    }

    /** bpftool's is_iter_map_target: the targets whose link holds a map. */
    private static boolean isMapTarget(IterTarget t) {
        return t == IterTarget.BPF_MAP_ELEM;
    }

    /** bpftool's cgroup_order_string. */
    private static String order(Info.LinkInfo l) {
        return l.order() == null ? "order_unspec" : l.order().text();
    }
}
