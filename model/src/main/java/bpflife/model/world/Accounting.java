package bpflife.model.world;

import bpflife.protocol.ActorId;
import java.util.Arrays;
import java.util.HashMap;

/**
 * Who can be named as holding a reference on each object: holders in object states, references
 * carried by messages in flight, and increments promised by messages in flight. At every step
 * an object's refcount must equal holders + carried - promised (the balance invariant, see
 * {@link Invariants#balanced}).
 *
 * <p>When recording is on ({@link #record}), every change is also logged so that
 * {@link #undoTo} can take the counts back to a {@link #mark()} (the depth-first search's backtracking).
 */
final class Accounting {
    private final HashMap<ActorId, int[]> counts = new HashMap<>();
    private boolean recording;
    /** The log: which counter changed ({@code slotLog}, {@code fieldLog}) and by how much. */
    private int[][] slotLog = new int[0][];
    private int[] fieldLog = new int[0];
    private int[] deltaLog = new int[0];
    private int logged;

    void holder(ActorId id, int delta) {
        change(slot(id), 0, delta);
    }

    void carried(ActorId id, int delta) {
        if (id != null) {
            change(slot(id), 1, delta);
        }
    }

    void promised(ActorId id, int delta) {
        if (id != null) {
            change(slot(id), 2, delta);
        }
    }

    /** The refcount the model's holders account for. */
    long expected(ActorId id) {
        int[] c = counts.get(id);
        return c == null ? 0 : c[0] + c[1] - c[2];
    }

    int carried(ActorId id) {
        int[] c = counts.get(id);
        return c == null ? 0 : c[1];
    }


    /** From now on, log every change so that it can be undone. */
    void record() {
        recording = true;
    }

    int mark() {
        return logged;
    }

    /** Reverts every change made since {@code mark}, newest first. */
    void undoTo(int mark) {
        while (logged > mark) {
            logged--;
            slotLog[logged][fieldLog[logged]] -= deltaLog[logged];
            slotLog[logged] = null;
        }
    }

    private void change(int[] slot, int field, int delta) {
        slot[field] += delta;
        if (recording) {
            if (logged == deltaLog.length) {
                int n = Math.max(64, logged * 2);
                slotLog = Arrays.copyOf(slotLog, n);
                fieldLog = Arrays.copyOf(fieldLog, n);
                deltaLog = Arrays.copyOf(deltaLog, n);
            }
            slotLog[logged] = slot;
            fieldLog[logged] = field;
            deltaLog[logged] = delta;
            logged++;
        }
    }

    private int[] slot(ActorId id) {
        int[] s = counts.get(id);
        if (s == null) {
            s = new int[3];
            counts.put(id, s);
        }
        return s;
    }
}
