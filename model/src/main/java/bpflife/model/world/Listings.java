package bpflife.model.world;

import bpflife.model.Bpffs;
import bpflife.model.Idr;
import bpflife.model.Inode;
import bpflife.model.Listed;
import bpflife.model.ObjectState;
import bpflife.model.OpenFile;
import bpflife.model.Task;
import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.FileKind;
import bpflife.protocol.IdKind;
import bpflife.protocol.Info;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What {@code bpftool link show} / {@code prog show} would print for a set of object states:
 * GET_NEXT_ID walks the IDR, GET_FD_BY_ID skips objects whose refcount reached zero (ENOENT) and
 * the ones not yet settled (which make bpftool stop with EAGAIN; never the case at quiescence).
 */
public final class Listings {
    private Listings() {}

    /**
     * A listed object and what bpftool prints for it: its Info and, for a prog, its used maps' ids
     * ({@code prog load ... map M}: bpftool's map_ids lists them before the .rodata map).
     */
    public record Entry(ActorId object, Info info, List<Integer> usedMaps) {
        public Entry {
            usedMaps = List.copyOf(usedMaps);
        }

        public Entry(ActorId object, Info info) {
            this(object, info, List.of());
        }
    }

    public static List<Entry> show(Map<ActorId, ObjectState> states, IdKind kind) {
        Idr.State idr = (Idr.State) states.get(kind.idr());
        List<Entry> out = new ArrayList<>();
        if (idr == null) {
            // a live world starts a singleton's actor when first addressed: an IDR nobody asked
            // for is still its empty boot state (a run --live with no link crashed here)
            return out;
        }
        for (Idr.Entry e : idr.entries().values()) {
            if (!e.settled()) {
                continue;
            }
            // GET_FD_BY_ID refuses an object whose refcount reached zero: bpftool skips it
            if (states.get(e.object()) instanceof Listed o && o.refcount() > 0) {
                out.add(new Entry(e.object(), o.info(), usedMaps(states, e.object())));
            }
        }
        return out;
    }

    /**
     * The bpffs paths that name each object ({@code bpftool -f}: build_pinned_obj_table walks the
     * bpffs mounts and keeps the pins of the kind listed), each object's paths sorted. A pin whose
     * inode is gone names nothing.
     */
    public static Map<ActorId, List<String>> pins(Map<ActorId, ObjectState> states) {
        Map<ActorId, List<String>> out = new TreeMap<>(java.util.Comparator.comparing(ActorId::key));
        if (!(states.get(ActorId.BPFFS) instanceof Bpffs.State fs)) {
            return out;
        }
        for (Map.Entry<String, Bpffs.Node> e : fs.tree().entrySet()) { // a TreeMap: paths in order
            if (e.getValue().inode() != null && states.get(e.getValue().inode()) instanceof Inode.State i
                    && !i.destroyed()) {
                out.computeIfAbsent(i.object(), k -> new ArrayList<>()).add(e.getKey());
            }
        }
        return out;
    }

    /**
     * The tasks that hold an fd of each prog, link or map ({@code pids}: bpftool's pid iterator
     * walks every task's fd table for files of bpf_prog_fops, bpf_link_fops or bpf_map_fops; an
     * iterator session's file is neither), each object's tasks once, sorted by name.
     */
    public static Map<ActorId, List<TaskId>> holders(Map<ActorId, ObjectState> states) {
        Map<ActorId, TreeSet<TaskId>> found = new HashMap<>();
        for (ObjectState s : states.values()) {
            if (!(s instanceof Task.State t) || t.status() == Task.Status.EXITED) {
                continue;
            }
            for (ActorId.FileId f : t.fds().values()) {
                if (states.get(f) instanceof OpenFile.State file && file.phase() == OpenFile.Phase.OPEN
                        && (file.kind() == FileKind.PROG || file.kind() == FileKind.LINK
                            || file.kind() == FileKind.MAP)) {
                    found.computeIfAbsent(file.object(), k -> new TreeSet<>(
                            java.util.Comparator.comparing(TaskId::name))).add(t.self());
                }
            }
        }
        Map<ActorId, List<TaskId>> out = new TreeMap<>(java.util.Comparator.comparing(ActorId::key));
        found.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return out;
    }

    /** The ids of the maps a prog holds as used maps (its instructions load them), in its order; none for another object. */
    public static List<Integer> usedMaps(Map<ActorId, ObjectState> states, ActorId object) {
        List<Integer> out = new ArrayList<>();
        if (states.get(object) instanceof bpflife.model.Prog.State p) {
            for (ActorId m : p.holds()) {
                if (states.get(m) instanceof bpflife.model.BpfMap.State ms) {
                    out.add(ms.id());
                }
            }
        }
        return out;
    }

    /** The kernel id bpftool would print for an object, or 0. */
    public static int kernelId(ObjectState s) {
        return s instanceof Listed o ? o.id() : 0;
    }
}
