package bpflife.model.world;

import bpflife.model.Kernel;
import bpflife.model.ObjectState;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.TaskDef;
import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.InodeId;
import bpflife.protocol.ActorId.LinkId;
import bpflife.protocol.ActorId.ProgId;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.Event;
import bpflife.protocol.IdKind;
import bpflife.protocol.Msg;
import bpflife.protocol.StepRecord;
import bpflife.protocol.StepRecord.Spawn;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;
import java.util.SortedSet;

/**
 * A fold over a world's step records, in their global order, for the audit's projections: which
 * statement each task is in, the kernel id each object was given, the bpffs inodes that name each
 * object. The audit reads a world's steps once, calls {@link #see} on each, and asks the fold about
 * the step at hand; the records it folds are the journal's, so the fold sees exactly what the
 * runtimes did.
 *
 * <p>Assumptions and guarantees: pure; the answers after {@code see(r)} hold for the world right
 * after step {@code r} (a step's own births and names count for the step itself).
 */
public final class Projection {
    private final Scenario sc;
    private final Map<ActorId, String> statement = new HashMap<>();
    private final Map<ActorId, Integer> kernelIds = new HashMap<>();
    private final Map<InodeId, ActorId> inodes = new HashMap<>();

    public Projection(Scenario sc) {
        this.sc = sc;
    }

    /** The fold as it was after some step ({@link #statements}, {@link #kernelIds}, {@link #inodes}): a stored view's. */
    public Projection(Scenario sc, Map<ActorId, String> statements, Map<ActorId, Integer> kernelIds,
                      Map<InodeId, ActorId> inodes) {
        this.sc = sc;
        statement.putAll(statements);
        this.kernelIds.putAll(kernelIds);
        this.inodes.putAll(inodes);
    }

    /** The statement each task is in (unmodifiable view). */
    public Map<ActorId, String> statements() {
        return java.util.Collections.unmodifiableMap(statement);
    }

    /** The kernel id each object was given (unmodifiable view). */
    public Map<ActorId, Integer> kernelIds() {
        return java.util.Collections.unmodifiableMap(kernelIds);
    }

    /** The object each bpffs inode names (unmodifiable view). */
    public Map<InodeId, ActorId> inodes() {
        return java.util.Collections.unmodifiableMap(inodes);
    }

    /** Folds in one step. */
    public void see(StepRecord r) {
        for (Event e : r.events()) {
            if (e instanceof Event.SyscallEntered en && r.receiver() instanceof TaskId t) {
                TaskDef def = sc.task(t.name());
                statement.put(t, def != null && en.pc() < def.body().size() ? def.body().get(en.pc()).text()
                        : en.call().getClass().getSimpleName().toLowerCase());
            } else if (e instanceof Event.IdAssigned a) {
                kernelIds.put(r.receiver(), a.id());
            } else if (e instanceof Event.PinCreated p && r.receiver().equals(ActorId.BPFFS)) {
                inodes.put(p.inode(), p.object());
            }
        }
        for (Spawn sp : r.spawned()) {
            if (sp.born() instanceof Event.InodeCreated i) {
                inodes.put(i.inode(), i.object());
            }
        }
    }

    /** A task and the statement it is in: {@code task:cat1 (f = open /sys/fs/bpf/tasks/foo)}. */
    public String who(ActorId task) {
        String c = statement.get(task);
        return c == null ? task.key() : task.key() + " (" + c + ")";
    }

    /** Who asked for a bpffs operation or a link update, as {@link #who}; "?" if the message names nobody. */
    public String requester(Msg m) {
        ActorId who = m instanceof Msg.Asked a ? a.requester() : null;
        return who == null ? "?" : who(who);
    }

    /** The kernel id an object was given, or null. */
    public Integer kernelId(ActorId object) {
        return kernelIds.get(object);
    }

    /** The object a bpffs inode names (pins, and the inodes made for an object), or null. */
    public ActorId objectOf(InodeId inode) {
        return inodes.get(inode);
    }

    /** Whether {@code inode} names {@code object}. */
    public boolean names(InodeId inode, ActorId object) {
        return object.equals(inodes.get(inode));
    }

    // ---- whole-world folds ----

    /** The object behind a kernel id, or null; {@code seen} gets the ids of that kind met on the way. */
    public static ActorId objectWithId(Iterator<StepRecord> steps, IdKind kind, int id, SortedSet<Integer> seen) {
        while (steps.hasNext()) {
            StepRecord r = steps.next();
            if (!matches(kind, r.receiver())) {
                continue;
            }
            for (Event e : r.events()) {
                if (e instanceof Event.IdAssigned a) {
                    if (a.id() == id) {
                        return r.receiver(); // the first, if ids were reused
                    }
                    seen.add(a.id());
                }
            }
        }
        return null;
    }

    private static boolean matches(IdKind kind, ActorId id) {
        return switch (kind) {
            case LINK -> id instanceof LinkId;
            case PROG -> id instanceof ProgId;
            case MAP -> id instanceof ActorId.MapId;
        };
    }

    /**
     * The objects' states right after a step; the last step folded (0: none), and whether the
     * steps ran out before a later one was met (then a step past {@code lastStep} is past the world's end).
     */
    public record StatesAt(SequencedMap<ActorId, ObjectState> states, long lastStep, boolean ranOut) {}

    /** The world's objects right after step {@code at} (0: as booted): the boot, then each step's events and births. */
    public static StatesAt statesAt(Scenario sc, Iterator<StepRecord> steps, long at) {
        SequencedMap<ActorId, ObjectState> states = new LinkedHashMap<>();
        for (ObjectState s : Boot.objects(sc)) {
            states.put(s.self(), s);
        }
        long last = 0;
        while (steps.hasNext()) {
            StepRecord r = steps.next();
            if (r.position() > at) {
                return new StatesAt(states, last, false);
            }
            last = r.position();
            states.put(r.receiver(), Kernel.applyAll(states.get(r.receiver()), r.events()));
            for (Spawn sp : r.spawned()) {
                states.put(sp.id(), Kernel.born(sp.born()));
            }
        }
        return new StatesAt(states, last, true);
    }
}
