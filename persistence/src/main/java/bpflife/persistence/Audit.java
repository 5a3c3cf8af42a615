package bpflife.persistence;

import bpflife.model.ObjectState;
import bpflife.model.scenario.Scenario;
import bpflife.model.world.Listings;
import bpflife.model.world.Projection;
import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.InodeId;
import bpflife.protocol.ActorId.LinkId;
import bpflife.protocol.ActorId.ProgId;
import bpflife.protocol.Event;
import bpflife.protocol.IdKind;
import bpflife.protocol.Info;
import bpflife.protocol.Msg;
import bpflife.protocol.StepRecord;
import bpflife.protocol.StepRecord.Envelope;
import bpflife.protocol.StepRecord.Spawn;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Projections over a world's steps, in their global order: the history of one link, prog or bpffs
 * path, and what {@code bpftool link show} / {@code prog show} would have printed after a given
 * step. Each reads the steps once, in order, keeping only what it reports.
 */
public final class Audit {
    private Audit() {}

    /** One fact of a history: the global step it happened at, a keyword and a sentence. */
    public record Line(long step, String what, String text) {}

    /** A history: the object it is about and its lines in order. */
    public record History(String subject, ActorId object, List<Line> lines) {}

    /** No object with that kernel id (or no such path) in the world. */
    public static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NotFound(String message) {
            super(message);
        }
    }

    // ---- which object has a kernel id ----

    /** The object behind a kernel id: the one whose IdAssigned event carried it (the first, if ids were reused). */
    public static ActorId objectWithId(Iterator<StepRecord> steps, IdKind kind, int id) {
        TreeSet<Integer> seen = new TreeSet<>();
        ActorId found = Projection.objectWithId(steps, kind, id, seen);
        if (found == null) {
            throw new NotFound("no " + kind.word() + " with id " + id + " in this world ("
                    + (seen.isEmpty() ? "it has none" : kind.word() + " ids: " + join(seen)) + ")");
        }
        return found;
    }

    // ---- link ----

    public static History link(Scenario sc, Iterator<StepRecord> steps, LinkId link, int kernelId) {
        Projection fold = new Projection(sc);
        List<Line> lines = new ArrayList<>();
        Info.ProgInfo prog = null;
        while (steps.hasNext()) {
            StepRecord r = steps.next();
            fold.see(r);
            long at = r.position();
            for (Spawn sp : r.spawned()) {
                switch (sp.born()) {
                    case Event.LinkPrimed p when p.link().equals(link) -> {
                        prog = p.progInfo();
                        lines.add(new Line(at, "created", "created by " + fold.who(r.receiver()) + ": prog "
                                + prog.id() + " (" + prog.name() + "), target " + p.target().kernelName() + attach(p)));
                    }
                    case Event.SessionOpened s when s.template().link().equals(link) -> lines.add(new Line(at,
                            "session", "session " + s.sessionId() + " (" + s.session() + ") opened by "
                            + fold.who(r.receiver()) + ": it holds prog " + s.template().progInfo().id() + " ("
                            + s.template().progInfo().name() + ")"));
                    default -> { }
                }
            }
            if (r.receiver().equals(link)) {
                for (Event e : r.events()) {
                    switch (e) {
                        case Event.IdAssigned a -> lines.add(new Line(at, "id", "id " + a.id()
                                + " reserved (bpf_link_prime; not yet visible)"));
                        case Event.LinkSettled s -> lines.add(new Line(at, "settled", "settled: link " + kernelId
                                + " is visible (bpf_link_settle)"));
                        case Event.LinkUpdated u -> {
                            lines.add(new Line(at, "updated", "updated by " + fold.requester(r.message())
                                    + ": prog " + (prog == null ? "?" : prog.id()) + " -> prog " + u.newInfo().id()
                                    + " (" + u.newInfo().name() + ")"));
                            prog = u.newInfo();
                        }
                        case Event.RefTaken t when r.message() instanceof Msg.GetIfLive g -> lines.add(new Line(at,
                                "get-fd-by-id", "GET_FD_BY_ID by " + fold.who(g.requester()) + ": refcnt "
                                + t.refcnt()));
                        case Event.RefDropped d when d.refcnt() == 0 -> lines.add(new Line(at, "last-ref",
                                "last reference dropped (" + d.mode().name().toLowerCase() + " put from "
                                + r.sender() + ")"));
                        case Event.LinkFreeDeferred d -> lines.add(new Line(at, "free-deferred",
                                "bpf_link_free deferred to the workqueue"));
                        case Event.LinkReleased rel -> lines.add(new Line(at, "released",
                                "id removed; release puts its prog and attach-time objects"));
                        case Event.Freed f -> lines.add(new Line(at, "freed", "freed"));
                        default -> { }
                    }
                }
                if (r.message() instanceof Msg.GetIfLive g && r.events().isEmpty()) {
                    lines.add(new Line(at, "get-fd-by-id", "GET_FD_BY_ID by " + fold.who(g.requester())
                            + " refused: refcount 0"));
                }
                if (r.message() instanceof Msg.Discard) {
                    lines.add(new Line(at, "discarded", "discarded: bpf_link_prime failed"));
                }
            }
            pathLines(r, at, fold, link, lines);
        }
        return new History("link " + kernelId, link, lines);
    }

    private static String attach(Event.LinkPrimed p) {
        StringBuilder b = new StringBuilder();
        if (p.attach().map() != null) {
            b.append(", map ").append(p.attach().mapId());
        }
        if (p.attach().cgroup() != null) {
            b.append(", cgroup ").append(p.attach().cgroup().name());
        }
        if (p.attach().tid() != 0) {
            b.append(", tid ").append(p.attach().tid());
        }
        return b.toString();
    }

    /** The pin names of an object's inodes: pinned, renamed, hard-linked, unlinked, destroyed. */
    private static void pathLines(StepRecord r, long at, Projection fold, ActorId object, List<Line> lines) {
        if (r.receiver().equals(ActorId.BPFFS)) {
            for (Event e : r.events()) {
                switch (e) {
                    case Event.PinCreated p when p.object().equals(object) -> lines.add(new Line(at, "pinned",
                            "pinned at " + p.path() + " (" + p.inode() + ") by " + fold.requester(r.message())));
                    case Event.PinUnlinked u when fold.names(u.inode(), object) -> lines.add(new Line(at, "unlinked",
                            "unlinked " + u.path() + " by " + fold.requester(r.message())));
                    case Event.PinRenamed n when fold.names(n.inode(), object) -> lines.add(new Line(at, "renamed",
                            "renamed " + n.from() + " -> " + n.to() + " by " + fold.requester(r.message())));
                    case Event.PinRenamed n when n.replaced() != null && fold.names(n.replaced(), object) ->
                            lines.add(new Line(at, "unlinked", n.to() + " lost its name to a rename from " + n.from()
                                    + " by " + fold.requester(r.message())));
                    case Event.PinHardLinked h when fold.names(h.inode(), object) -> lines.add(new Line(at,
                            "hard-linked", "hard-linked " + h.from() + " -> " + h.to() + " by "
                            + fold.requester(r.message())));
                    default -> { }
                }
            }
        }
        if (r.receiver() instanceof InodeId i && fold.names(i, object)) {
            for (Event e : r.events()) {
                if (e instanceof Event.InodeDestroyed) {
                    lines.add(new Line(at, "inode-destroyed", i + " destroyed (last name and opener gone): "
                            + "its reference is put"));
                }
            }
        }
    }

    // ---- prog ----

    public static History prog(Scenario sc, Iterator<StepRecord> steps, ProgId prog, int kernelId) {
        Projection fold = new Projection(sc);
        List<Line> lines = new ArrayList<>();
        while (steps.hasNext()) {
            StepRecord r = steps.next();
            fold.see(r);
            long at = r.position();
            if (r.receiver() instanceof LinkId l) {
                for (Event e : r.events()) {
                    if (e instanceof Event.LinkUpdated u && u.newProg().equals(prog)) {
                        lines.add(new Line(at, "attached", "link " + linkName(fold, l) + " now runs it (was prog "
                                + u.oldProg() + ") by " + fold.requester(r.message())));
                    }
                    if (e instanceof Event.LinkUpdated u && u.oldProg().equals(prog)) {
                        lines.add(new Line(at, "detached", "link " + linkName(fold, l) + " replaced it by "
                                + u.newProg() + " (prog " + u.newInfo().id() + ")"));
                    }
                }
            }
            for (Spawn sp : r.spawned()) {
                switch (sp.born()) {
                    case Event.ProgLoaded p when p.prog().equals(prog) -> lines.add(new Line(at, "loaded",
                            "loaded by " + fold.who(r.receiver()) + ": name " + p.name() + ", target "
                            + p.target().kernelName()));
                    case Event.LinkPrimed p when p.prog().equals(prog) -> lines.add(new Line(at, "attached",
                            p.link() + " created on it by " + fold.who(r.receiver())));
                    case Event.SessionOpened s when s.template().prog().equals(prog) -> lines.add(new Line(at,
                            "session", "session " + s.sessionId() + " (" + s.session() + ") took it, through link "
                            + linkName(fold, s.template().link()) + ", opened by " + fold.who(r.receiver())));
                    default -> { }
                }
            }
            if (r.receiver().equals(prog)) {
                for (Event e : r.events()) {
                    switch (e) {
                        case Event.IdAssigned a -> lines.add(new Line(at, "id", "id " + a.id() + " assigned"));
                        case Event.RefTaken t when r.message() instanceof Msg.GetIfLive g -> lines.add(new Line(at,
                                "get-fd-by-id", "GET_FD_BY_ID by " + fold.who(g.requester()) + ": refcnt "
                                + t.refcnt()));
                        case Event.RefDropped d when d.refcnt() == 0 -> lines.add(new Line(at, "last-ref",
                                "last reference dropped (put from " + r.sender() + ")"));
                        case Event.Freed f -> lines.add(new Line(at, "freed", "id removed; freed"));
                        default -> { }
                    }
                }
            }
            pathLines(r, at, fold, prog, lines);
        }
        return new History("prog " + kernelId, prog, lines);
    }

    private static String linkName(Projection fold, ActorId link) {
        Integer id = fold.kernelId(link);
        return id == null ? link.key() : id + " (" + link.key() + ")";
    }

    // ---- path ----

    public static History path(Scenario sc, Iterator<StepRecord> steps, String path) {
        Projection fold = new Projection(sc);
        List<Line> lines = new ArrayList<>();
        while (steps.hasNext()) {
            StepRecord r = steps.next();
            fold.see(r);
            long at = r.position();
            if (!r.receiver().equals(ActorId.BPFFS)) {
                continue;
            }
            for (Event e : r.events()) {
                switch (e) {
                    case Event.DirMade d when d.path().equals(path) -> lines.add(new Line(at, "mkdir",
                            "directory made by " + fold.requester(r.message())));
                    case Event.DirRemoved d when d.path().equals(path) -> lines.add(new Line(at, "rmdir",
                            "directory removed by " + fold.requester(r.message())));
                    case Event.PinCreated p when p.path().equals(path) -> lines.add(new Line(at, "pinned",
                            p.object() + " pinned here (" + p.inode() + ") by " + fold.requester(r.message())));
                    case Event.PinUnlinked u when u.path().equals(path) -> lines.add(new Line(at, "unlinked",
                            "unlinked (" + u.inode() + ", " + fold.objectOf(u.inode()) + ") by "
                            + fold.requester(r.message())));
                    case Event.PinRenamed n when n.from().equals(path) -> lines.add(new Line(at, "renamed",
                            "renamed to " + n.to() + " by " + fold.requester(r.message())));
                    case Event.PinRenamed n when n.to().equals(path) -> lines.add(new Line(at, "renamed",
                            "now names " + n.inode() + " (" + fold.objectOf(n.inode()) + "), renamed from " + n.from()
                            + (n.replaced() == null ? "" : ", replacing " + n.replaced()) + " by "
                            + fold.requester(r.message())));
                    case Event.PinHardLinked h when h.to().equals(path) -> lines.add(new Line(at, "hard-linked",
                            "now also names " + h.inode() + " (" + fold.objectOf(h.inode()) + "), linked from "
                            + h.from() + " by " + fold.requester(r.message())));
                    case Event.PinHardLinked h when h.from().equals(path) -> lines.add(new Line(at, "hard-linked",
                            "hard-linked to " + h.to() + " by " + fold.requester(r.message())));
                    default -> { }
                }
            }
            if (r.message() instanceof Msg.Lookup l && l.path().equals(path)) {
                String found = "not found";
                for (Envelope e : r.sent()) {
                    if (e.to() instanceof InodeId i) {
                        found = "found " + i + " (" + fold.objectOf(i) + ")";
                    } else if (e.msg() instanceof Msg.Failed f) {
                        found = f.errno().name();
                    }
                }
                lines.add(new Line(at, "lookup", "looked up by " + fold.who(l.requester()) + " for "
                        + l.purpose().name().toLowerCase().replace('_', ' ') + ": " + found));
            }
        }
        if (lines.isEmpty()) {
            throw new NotFound("no step of this world touches the path " + path);
        }
        return new History("path " + path, ActorId.BPFFS, lines);
    }

    // ---- listings at a step ----

    /** The objects' states right after step {@code at} (0: before the first step); see {@link Projection#statesAt}. */
    public static Map<ActorId, ObjectState> statesAt(Scenario sc, WorldStream ws, long at) {
        Projection.StatesAt s = Projection.statesAt(sc, ws.stepRecords(), at);
        if (s.ranOut() && at != Long.MAX_VALUE && at > s.lastStep()) {
            throw new NotFound("step " + at + " is past the world's end: it has " + s.lastStep() + " steps");
        }
        return s.states();
    }

    public static List<Listings.Entry> show(Map<ActorId, ObjectState> states, IdKind kind) {
        return Listings.show(states, kind);
    }

    private static String join(Set<Integer> ids) {
        StringBuilder b = new StringBuilder();
        for (int i : ids) {
            b.append(b.isEmpty() ? "" : ", ").append(i);
        }
        return b.toString();
    }
}
