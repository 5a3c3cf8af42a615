package bpflife.model.world;

import bpflife.model.Idr;
import bpflife.model.Listed;
import bpflife.model.ObjectState;
import bpflife.protocol.ActorId;
import bpflife.protocol.IdKind;
import bpflife.protocol.Info;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code bpftool link show} / {@code prog show} would print for a set of object states:
 * GET_NEXT_ID walks the IDR, GET_FD_BY_ID skips objects whose refcount reached zero (ENOENT) and
 * the ones not yet settled (which make bpftool stop with EAGAIN; never the case at quiescence).
 */
public final class Listings {
    private Listings() {}

    /** A listed object and what bpftool prints for it. */
    public record Entry(ActorId object, Info info) {}

    public static List<Entry> show(Map<ActorId, ObjectState> states, IdKind kind) {
        Idr.State idr = (Idr.State) states.get(kind.idr());
        List<Entry> out = new ArrayList<>();
        for (Idr.Entry e : idr.entries().values()) {
            if (!e.settled()) {
                continue;
            }
            // GET_FD_BY_ID refuses an object whose refcount reached zero: bpftool skips it
            if (states.get(e.object()) instanceof Listed o && o.refcount() > 0) {
                out.add(new Entry(e.object(), o.info()));
            }
        }
        return out;
    }

    /** The kernel id bpftool would print for an object, or 0. */
    public static int kernelId(ObjectState s) {
        return s instanceof Listed o ? o.id() : 0;
    }
}
