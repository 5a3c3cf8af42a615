package bpflife.cli;

import bpflife.cli.history.History;
import bpflife.model.Bpffs;
import bpflife.model.Idr;
import bpflife.model.Inode;
import bpflife.model.Listed;
import bpflife.model.ObjectState;
import bpflife.model.scenario.Scenario;
import bpflife.model.world.BpftoolFormat;
import bpflife.model.world.Listings;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.ActorId;
import bpflife.protocol.IdKind;
import bpflife.protocol.Info;
import bpflife.protocol.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The objects of one kind in a world at a step, as bpftool finds them: the walk of
 * {@code show} (GET_NEXT_ID, then GET_FD_BY_ID: ENOENT is skipped, EAGAIN for an id not yet
 * settled ends the walk with an error), an id, a pin, a name or a tag; each with what bpftool
 * prints beyond its Info (pins, holders, load time: {@link BpftoolFormat.Shown}).
 */
final class ListedObjects {
    private final Map<ActorId, ObjectState> states;
    private final Scenario scenario;
    private final IdKind kind;
    private final History.View view;
    private final Map<ActorId, List<String>> pins;
    private final Map<ActorId, List<TaskId>> holders;

    ListedObjects(History.View view, Scenario scenario, IdKind kind) {
        this.view = view;
        this.states = view.states();
        this.scenario = scenario;
        this.kind = kind;
        this.pins = Listings.pins(states);
        this.holders = Listings.holders(states);
    }

    ShowCommands.Listing.Result select(Selector sel) {
        boolean pinnedKey = BpftoolFormat.anyPinned(states, kind);
        return switch (sel) {
            case Selector.All a -> walk(pinnedKey);
            case Selector.ById b -> new ShowCommands.Listing.Result(List.of(byId(b.id())), false, pinnedKey, null);
            case Selector.Pinned p -> new ShowCommands.Listing.Result(List.of(pinned(p.path())), false, pinnedKey, null);
            case Selector.ByName n -> matches(n.name(), null, pinnedKey);
            case Selector.ByTag t -> matches(null, t.tag(), pinnedKey);
        };
    }

    private ShowCommands.Listing.Result walk(boolean pinnedKey) {
        List<BpftoolFormat.Shown> out = new ArrayList<>();
        for (Map.Entry<Integer, Idr.Entry> e : idr().entries().entrySet()) {
            if (!e.getValue().settled()) {
                // bpf_link_get_fd_by_id: the id is reserved (bpf_link_prime) but not settled
                return new ShowCommands.Listing.Result(out, true, pinnedKey, "can't get " + kind.word() + " by id ("
                        + e.getKey() + "): Resource temporarily unavailable");
            }
            if (states.get(e.getValue().object()) instanceof Listed o && o.refcount() > 0) {
                out.add(shown(e.getKey(), e.getValue().object(), o));
            }
        }
        return new ShowCommands.Listing.Result(out, true, pinnedKey, null);
    }

    private BpftoolFormat.Shown byId(long id) {
        Idr.Entry e = id > Integer.MAX_VALUE ? null : idr().entries().get((int) id);
        String why = "No such file or directory";
        if (e != null && !e.settled()) {
            why = "Resource temporarily unavailable";
        } else if (e != null && states.get(e.object()) instanceof Listed o && o.refcount() > 0) {
            return shown((int) id, e.object(), o);
        }
        // link_parse_fd prints the id with %d, prog_parse_fds with %u
        throw new UserError(kind == IdKind.LINK ? "failed to get link with ID " + (int) id + ": " + why
                : "get by id (" + id + "): " + why);
    }

    private BpftoolFormat.Shown pinned(String path) {
        Bpffs.State fs = (Bpffs.State) states.get(ActorId.BPFFS);
        Bpffs.Node n = fs.tree().get(path);
        if (n == null) {
            throw new UserError("bpf obj get (" + path + "): No such file or directory");
        }
        if (n.inode() == null || !(states.get(n.inode()) instanceof Inode.State i)) {
            // a directory: EACCES, and bpftool's open_obj_pinned names dirname(path), which dirname()
            // wrote into the path it prints (measured: 'pinned /sys/fs/bpf/d' says '(/sys/fs/bpf)')
            // ('pinned /sys/fs/bpf' itself: its dirname is not bpffs, and bpftool says so)
            int slash = path.lastIndexOf('/');
            String dir = slash <= 0 ? "/" : path.substring(0, slash);
            throw new UserError("bpf obj get (" + dir + "): " + (fs.tree().containsKey(dir) ? "Permission denied"
                    : "directory not in bpf file system (bpffs)"));
        }
        ObjectState o = states.get(i.object());
        if (!(o instanceof Listed l) || l.idKind() != kind) {
            throw new UserError("incorrect object type: " + typeName(o));
        }
        return shown(l.id(), i.object(), l);
    }

    private ShowCommands.Listing.Result matches(String name, String tag, boolean pinnedKey) {
        List<BpftoolFormat.Shown> out = new ArrayList<>();
        for (Map.Entry<Integer, Idr.Entry> en : idr().entries().entrySet()) {
            Idr.Entry e = en.getValue();
            if (e.settled() && states.get(e.object()) instanceof Listed o && o.refcount() > 0
                    && o.info() instanceof Info.ProgInfo p
                    && (name == null || p.name().equals(name))) {
                BpftoolFormat.Shown sh = shown(en.getKey(), e.object(), o); // its tag: with its used maps
                if (tag == null || BpftoolFormat.image(sh).tag().equals(tag)) {
                    out.add(sh);
                }
            }
        }
        if (out.isEmpty()) {
            // bpftool exits 255 and says nothing here; a sentence says why nothing was listed
            throw new UserError(name != null ? "no program with name '" + name + "'"
                    : "no program with tag " + tag);
        }
        return new ShowCommands.Listing.Result(out, out.size() > 1, pinnedKey, null);
    }

    /**
     * The object found under IDR id {@code id}. The kernel sets a prog's id under the IDR lock
     * (bpf_prog_alloc_id); the model's IDR tells the prog its id by a message, so between the two
     * the prog's own state still says 0: bpftool, which asks by id, would see the IDR's.
     */
    private BpftoolFormat.Shown shown(int id, ActorId object, Listed o) {
        return BpftoolFormat.shown(states, scenario, object, withId(o.info(), id), view.bornAt(object), pins, holders);
    }

    private static Info withId(Info i, int id) {
        return switch (i) {
            case Info.ProgInfo p -> p.id() == id ? p : new Info.ProgInfo(id, p.name(), p.target(), p.sleepable(), p.pad(), p.ret());
            case Info.LinkInfo l -> l.id() == id ? l
                    : new Info.LinkInfo(id, l.progId(), l.target(), l.mapId(), l.cgroup(), l.order(), l.tid());
            case Info.MapInfo m -> m.id() == id ? m : new Info.MapInfo(id, m.type(), m.entries());
            case Info.CgroupInfo c -> c;
        };
    }

    private Idr.State idr() {
        return (Idr.State) states.get(kind.idr());
    }

    /** bpftool's get_fd_type_name. */
    private static String typeName(ObjectState o) {
        if (o instanceof Listed l) {
            return switch (l.idKind()) {
                case LINK -> "link";
                case PROG -> "prog";
                case MAP -> "map";
            };
        }
        return "unknown";
    }
}
