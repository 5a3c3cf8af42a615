package bpflife.model;

import bpflife.protocol.ActorId;
import bpflife.protocol.Event;
import bpflife.protocol.Msg;

/**
 * The model's one entry point: the step function and the event fold of every object kind,
 * dispatched on the state's type. Pure: no clocks, no randomness, no I/O, no hash-order iteration.
 *
 * <p>Messages travel as {@link Msg} and events are journaled as {@link Event}; here each is narrowed,
 * once, to the type of its receiver ({@link Msg.ToLink}, {@link Event.LinkEvent} ...), whose every
 * record the object's switch handles. A message or event of another type is a bug in the model
 * (someone sent a link what only a task takes) and throws here, naming receiver and message.
 */
public final class Kernel {
    private Kernel() {}

    /** Delivers {@code m} to the object in state {@code s}: what it decides. */
    public static Decision step(Env env, ObjectState s, ActorId sender, Msg m) {
        Out out = new Out();
        switch (s) {
            case Prog.State p -> Prog.step(env, p, narrow(Msg.ToProg.class, s, m), out);
            case Link.State l -> Link.step(env, l, narrow(Msg.ToLink.class, s, m), out);
            case BpfMap.State b -> BpfMap.step(env, b, narrow(Msg.ToMap.class, s, m), out);
            case Cgroup.State c -> Cgroup.step(env, c, narrow(Msg.ToCgroup.class, s, m), out);
            case OpenFile.State f -> OpenFile.step(env, f, narrow(Msg.ToFile.class, s, m), out);
            case SeqSession.State q -> SeqSession.step(env, q, narrow(Msg.ToSession.class, s, m), out);
            case Inode.State i -> Inode.step(env, i, narrow(Msg.ToInode.class, s, m), out);
            case Bpffs.State b -> Bpffs.step(env, b, narrow(Msg.ToBpffs.class, s, m), out);
            case Cgroupfs.State c -> Cgroupfs.step(env, c, narrow(Msg.ToCgroupfs.class, s, m), out);
            case Idr.State i -> Idr.step(env, i, narrow(Msg.ToIdr.class, s, m), out);
            case SessionCounter.State c -> SessionCounter.step(env, c, narrow(Msg.ToSessionCounter.class, s, m), out);
            case Sync.State y -> Sync.step(env, y, narrow(Msg.ToSync.class, s, m), out);
            case Task.State t -> bpflife.model.calls.Calls.step(Task.host(env, t, out), narrow(Msg.ToTask.class, s, m));
            case Mm.State a -> Mm.step(env, a, narrow(Msg.ToMm.class, s, m), out);
            case FilesTable.State f -> FilesTable.step(env, f, narrow(Msg.ToFiles.class, s, m), out);
        }
        return out.done();
    }

    public static ObjectState apply(ObjectState s, Event e) {
        return switch (s) {
            case Prog.State p -> Prog.apply(p, narrow(Event.ProgEvent.class, s, e));
            case Link.State l -> Link.apply(l, narrow(Event.LinkEvent.class, s, e));
            case BpfMap.State b -> BpfMap.apply(b, narrow(Event.MapEvent.class, s, e));
            case Cgroup.State c -> Cgroup.apply(c, narrow(Event.CgroupEvent.class, s, e));
            case OpenFile.State f -> OpenFile.apply(f, narrow(Event.FileEvent.class, s, e));
            case SeqSession.State q -> SeqSession.apply(q, narrow(Event.SessionEvent.class, s, e));
            case Inode.State i -> Inode.apply(i, narrow(Event.InodeEvent.class, s, e));
            case Bpffs.State b -> Bpffs.apply(b, narrow(Event.BpffsEvent.class, s, e));
            case Cgroupfs.State c -> Cgroupfs.apply(c, narrow(Event.CgroupfsEvent.class, s, e));
            case Idr.State i -> Idr.apply(i, narrow(Event.IdrEvent.class, s, e));
            case SessionCounter.State c -> SessionCounter.apply(c, narrow(Event.SessionCounterEvent.class, s, e));
            case Sync.State y -> Sync.apply(y, narrow(Event.SyncEvent.class, s, e));
            case Task.State t -> Task.apply(t, narrow(Event.TaskEvent.class, s, e));
            case Mm.State a -> Mm.apply(a, narrow(Event.MmEvent.class, s, e));
            case FilesTable.State f -> FilesTable.apply(f, narrow(Event.FilesEvent.class, s, e));
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
        if (!(e instanceof Event.BirthEvent b)) {
            throw new IllegalStateException("not a birth event: " + e);
        }
        return switch (b) {
            case Event.ProgLoaded p -> Prog.born(p);
            case Event.MapCreated m -> BpfMap.born(m);
            case Event.LinkPrimed l -> Link.born(l);
            case Event.CgroupCreated c -> Cgroup.born(c);
            case Event.FileOpened f -> OpenFile.born(f);
            case Event.SessionOpened q -> SeqSession.born(q);
            case Event.InodeCreated i -> Inode.born(i);
            case Event.TaskCreated t -> Task.born(t);
            case Event.TaskForked t -> Task.born(t);
            case Event.MmCreated a -> Mm.born(a);
            case Event.FilesTableCreated f -> FilesTable.born(f);
        };
    }

    /** {@code what} as the type the receiver takes; anything else is a model bug. */
    private static <T> T narrow(Class<T> type, ObjectState receiver, Object what) {
        if (!type.isInstance(what)) {
            throw new IllegalStateException(receiver.self() + " (" + receiver.getClass().getEnclosingClass()
                    .getSimpleName() + ") cannot take " + what + ": it takes only " + type.getSimpleName());
        }
        return type.cast(what);
    }
}
