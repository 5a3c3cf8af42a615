package bpflife.explore;

import bpflife.protocol.ActorId;
import java.util.HashMap;

/**
 * Who can be named as holding a reference on each object: holders in object states, references
 * carried by messages in flight, and increments promised by messages in flight. At every step
 * an object's refcount must equal holders + carried - promised.
 */
final class Accounting {
    private final HashMap<ActorId, int[]> counts = new HashMap<>();

    void holder(ActorId id, int delta) {
        slot(id)[0] += delta;
    }

    void carried(ActorId id, int delta) {
        if (id != null) {
            slot(id)[1] += delta;
        }
    }

    void promised(ActorId id, int delta) {
        if (id != null) {
            slot(id)[2] += delta;
        }
    }

    /** The refcount the model's holders account for. */
    long expected(ActorId id) {
        int[] c = counts.get(id);
        return c == null ? 0 : c[0] + c[1] - c[2];
    }

    int holders(ActorId id) {
        int[] c = counts.get(id);
        return c == null ? 0 : c[0];
    }

    int carried(ActorId id) {
        int[] c = counts.get(id);
        return c == null ? 0 : c[1];
    }

    Accounting copy() {
        Accounting a = new Accounting();
        counts.forEach((k, v) -> a.counts.put(k, v.clone()));
        return a;
    }

    void restore(Accounting from) {
        counts.clear();
        from.counts.forEach((k, v) -> counts.put(k, v.clone()));
    }

    private int[] slot(ActorId id) {
        return counts.computeIfAbsent(id, k -> new int[3]);
    }
}
