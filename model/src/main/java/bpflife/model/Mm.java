package bpflife.model;

import bpflife.protocol.ActorId.MmId;
import bpflife.protocol.Event;
import bpflife.protocol.Event.MmEvent;
import bpflife.protocol.Msg;
import bpflife.protocol.Msg.ToMm;

/**
 * A task's address space (mm_struct, counted by mm_users) together with the task's pointer to it
 * ({@code task->mm}). The task holds one user from its start to exit_mm() (kernel/exit.c:
 * task_lock, task->mm = NULL, task_unlock, mmput()). A task_vma iterator takes one more with
 * get_task_mm() while it walks the vmas (kernel/bpf/task_iter.c task_vma_seq_get_next(), since
 * 7ff94f276f8e "bpf: keep a reference to the mm, in case the task is dead.", bug B6) and drops it
 * with mmput() in stop(). The last mmput() tears the mappings down (__mmput(), exit_mmap()).
 *
 * <p>The object outlives the teardown as the task's empty pointer: get_task_mm() and bug-B6's
 * check read task->mm, which the iterator's task reference keeps readable, and find nothing;
 * only walking the vmas of a torn-down mm is a use after free (a fault of the step). Only tasks
 * that a {@code tid NAME} link names have one (docs/ITERATION-REFS.md); their vmas are
 * {@code objects task_vma N} mappings that do not change.
 */
public final class Mm {
    private Mm() {}

    public enum Phase { ATTACHED, DETACHED, TORN_DOWN }

    /**
     * @param attached the task still points to it (get_task_mm() finds it)
     * @param tornDown mm_users reached zero: the mappings are gone
     */
    public record State(MmId self, long users, boolean attached, int vmas, boolean tornDown) implements ObjectState {
        /** Counted while it has users; once torn down it is only the task's empty pointer. */
        public long refcount() { return tornDown ? -1 : users; }

        public Phase phase() { return tornDown ? Phase.TORN_DOWN : attached ? Phase.ATTACHED : Phase.DETACHED; }

        State with(long u, boolean a, boolean t) {
            return new State(self, u, a, vmas, t);
        }
    }

    static State born(Event.MmCreated e) {
        return new State(e.mm(), 1, true, e.vmas(), false);
    }

    static void step(Env env, State s, ToMm m, Out out) {
        switch (m) {
            // get_task_mm() under task_lock: a user for the session while the task still has it
            case Msg.Get g -> {
                if (s.attached) {
                    out.event(new Event.RefTaken(g.requester(), s.users + 1))
                            .send(g.requester(), new Msg.MmVisited(s.self, s.vmas));
                } else {
                    out.send(g.requester(), new Msg.Visited(0));
                }
            }
            // bug-B6: the walk's check of curr_task->mm ...
            case Msg.MmCheck c -> out.send(c.session(), new Msg.MmChecked(s.attached));
            // ... and, later, its walk of that mm's vmas with no user of its own
            case Msg.Visit v -> {
                if (s.tornDown) {
                    out.fault(new Fault(Invariant.USE_AFTER_FREE, s.self, "the vmas of " + s.self
                            + " walked by " + v.session() + " after the last mmput tore them down"));
                    out.send(v.session(), new Msg.Visited(0));
                } else {
                    out.send(v.session(), new Msg.Visited(s.vmas));
                }
            }
            case Msg.Put p -> put(s, p, out);
        }
    }

    /**
     * mmput(). The task's own put (exit_mm) also clears its pointer and is acknowledged; the
     * session's put in stop() is not waited for (in the kernel the read returns after it, and
     * nothing user space sees depends on it: the reference travels in the put).
     */
    private static void put(State s, Msg.Put p, Out out) {
        boolean byTask = p.ackTo() instanceof bpflife.protocol.ActorId.TaskId;
        if (s.tornDown || s.users <= 0) {
            out.fault(new Fault(Invariant.REFCOUNT_UNDERFLOW, s.self, "put of " + s.self + " at users " + s.users));
        } else {
            if (byTask) {
                out.event(new Event.MmDetached());
            }
            out.event(new Event.RefDropped(p.mode(), s.users - 1));
            if (s.users == 1) {
                out.event(new Event.MmTornDown());
            }
        }
        if (byTask) {
            out.send(p.ackTo(), new Msg.Acked());
        }
    }

    static State apply(State s, MmEvent e) {
        return switch (e) {
            case Event.RefTaken r -> s.with(r.refcnt(), s.attached, s.tornDown);
            case Event.RefDropped r -> s.with(r.refcnt(), s.attached, s.tornDown);
            case Event.MmDetached d -> s.with(s.users, false, s.tornDown);
            case Event.MmTornDown t -> s.with(0, false, true);
        };
    }
}
