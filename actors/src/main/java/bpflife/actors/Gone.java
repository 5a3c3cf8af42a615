package bpflife.actors;

import bpflife.model.ObjectState;
import bpflife.model.Task;
import java.util.Collections;
import java.util.List;

/**
 * An object that can receive nothing more in a correct run: freed (its memory is gone: a message
 * to it is a use after free, recorded as a step with no events) or a task that exited (it waits
 * for nothing). Its state no longer changes, so its actor can stop (passivate) and the world keeps
 * only a small summary of it for the end-of-run checks ({@link LiveWorld#finalState}).
 *
 * <p>Assumptions and guarantees: the summary is the object's final state as the at-rest rules of
 * the {@code Invariants} catalogue read it (freed, refcount, holds, a task's status, fds and call,
 * listings); for an exited task, what it observed and its variables are dropped (they are in the
 * journal, and only a replay reads them), which is most of a task's size.
 */
final class Gone {
    private Gone() {}

    /** Whether {@code s} can receive nothing more: freed, or a task that exited. */
    static boolean is(ObjectState s) {
        return s != null && (s.freed() || s instanceof Task.State t && t.exited());
    }

    /**
     * Whether the world keeps only a count of gone object {@code s}, by kind: freed with a zero
     * refcount, holding nothing, and neither a task (the end of a run waits for each task by name)
     * nor listed by an IDR (the listing check must see a listed object freed). Such an object
     * balances by itself at rest (it holds nothing, nothing may hold it) and leaks nothing, so the
     * at-rest checks need only how many there were (the load's report counts them).
     */
    static boolean counted(ObjectState s) {
        return s.freed() && s.refcount() == 0 && s.holds().isEmpty() && !(s instanceof Task.State)
                && !(s instanceof bpflife.model.Listed);
    }

    /** The kind a counted gone object is counted under: its state's kind ({@code OpenFile}, {@code SeqSession}). */
    static String kind(ObjectState s) {
        Class<?> c = s.getClass().getEnclosingClass();
        return (c == null ? s.getClass() : c).getSimpleName();
    }

    /** What the world keeps of a gone object. */
    static ObjectState summary(ObjectState s) {
        if (s instanceof Task.State t) {
            // an exited task's fds are empty: the shared empty map, not its own (a TreeMap and its view, 80 bytes)
            return new Task.State(t.self(), t.forked(), t.status(), t.pc(), Collections.emptySortedMap(),
                    t.fds().isEmpty() ? Collections.emptySortedMap() : t.fds(),
                    Collections.emptySortedMap(), Collections.emptySortedMap(), t.spawned(), t.call(), t.at(),
                    List.of(), t.mm());
        }
        return s;
    }
}
