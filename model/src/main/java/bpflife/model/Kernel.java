package bpflife.model;

import bpflife.protocol.ActorId;
import bpflife.protocol.Event;
import bpflife.protocol.Msg;

/**
 * The model's one entry point: the step function and the event fold of every object kind,
 * dispatched on the state's type. Pure: no clocks, no randomness, no I/O, no hash-order iteration.
 */
public final class Kernel {
    private Kernel() {}

    /** Delivers {@code m} to the object in state {@code s}: what it decides. */
    public static Decision step(Env env, ObjectState s, ActorId sender, Msg m) {
        Out out = new Out();
        switch (s) {
            case Prog.State p -> Prog.step(env, p, m, out);
            case Link.State l -> Link.step(env, l, m, out);
            case BpfMap.State b -> BpfMap.step(env, b, m, out);
            case Cgroup.State c -> Cgroup.step(env, c, m, out);
            case OpenFile.State f -> OpenFile.step(env, f, m, out);
            case SeqSession.State q -> SeqSession.step(env, q, m, out);
            case Inode.State i -> Inode.step(env, i, m, out);
            case Bpffs.State b -> Bpffs.step(env, b, m, out);
            case Cgroupfs.State c -> Cgroupfs.step(env, c, m, out);
            case Idr.State i -> Idr.step(env, i, m, out);
            case SessionCounter.State c -> SessionCounter.step(env, c, m, out);
            case Sync.State y -> Sync.step(env, y, m, out);
            case Task.State t -> TaskStep.step(env, t, m, out);
        }
        return out.done();
    }

    public static ObjectState apply(ObjectState s, Event e) {
        return switch (s) {
            case Prog.State p -> Prog.apply(p, e);
            case Link.State l -> Link.apply(l, e);
            case BpfMap.State b -> BpfMap.apply(b, e);
            case Cgroup.State c -> Cgroup.apply(c, e);
            case OpenFile.State f -> OpenFile.apply(f, e);
            case SeqSession.State q -> SeqSession.apply(q, e);
            case Inode.State i -> Inode.apply(i, e);
            case Bpffs.State b -> Bpffs.apply(b, e);
            case Cgroupfs.State c -> Cgroupfs.apply(c, e);
            case Idr.State i -> Idr.apply(i, e);
            case SessionCounter.State c -> SessionCounter.apply(c, e);
            case Sync.State y -> Sync.apply(y, e);
            case Task.State t -> Task.apply(t, e);
        };
    }

    public static ObjectState applyAll(ObjectState s, Iterable<Event> events) {
        for (Event e : events) {
            s = apply(s, e);
        }
        return s;
    }

    /** The state of an object made by a step, from its birth event. */
    public static ObjectState born(Event e) {
        return switch (e) {
            case Event.ProgLoaded p -> Prog.born(p);
            case Event.MapCreated m -> BpfMap.born(m);
            case Event.LinkPrimed l -> Link.born(l);
            case Event.CgroupCreated c -> Cgroup.born(c);
            case Event.FileOpened f -> OpenFile.born(f);
            case Event.SessionOpened q -> SeqSession.born(q);
            case Event.InodeCreated i -> Inode.born(i);
            case Event.TaskCreated t -> Task.born(t);
            case Event.TaskForked t -> Task.born(t);
            default -> throw new IllegalStateException("not a birth event: " + e);
        };
    }
}
