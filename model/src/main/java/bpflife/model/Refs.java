package bpflife.model;

import bpflife.protocol.ActorId;
import bpflife.protocol.Errno;
import bpflife.protocol.Event.RefDropped;
import bpflife.protocol.Event.RefTaken;
import bpflife.protocol.Info;
import bpflife.protocol.Msg.Acked;
import bpflife.protocol.Msg.Failed;
import bpflife.protocol.Msg.Granted;
import bpflife.protocol.Msg.Put;

/** The refcount rules every counted object shares (atomic64 inc, inc_not_zero, dec_and_test). */
final class Refs {
    private Refs() {}

    /** A plain increment for a holder: the new reference goes to the requester. */
    static void grant(Out out, ActorId self, long refcnt, ActorId requester, Info info) {
        out.event(new RefTaken(requester, refcnt + 1)).send(requester, new Granted(self, info));
    }

    /** inc_not_zero: an object whose count reached zero is dying and cannot be revived. */
    static void grantIfLive(Out out, Semantics sem, ActorId self, long refcnt, ActorId requester, Info info) {
        if (refcnt == 0 && sem.incNotZero()) {
            out.send(requester, new Failed(Errno.ENOENT));
        } else {
            grant(out, self, refcnt, requester, info);
        }
    }

    /**
     * dec_and_test. Returns true when this put dropped the last reference (the caller frees);
     * otherwise the putter is acknowledged at once.
     */
    static boolean drop(Out out, ActorId self, long refcnt, Put p) {
        if (refcnt <= 0) {
            out.fault(new Fault(Invariant.REFCOUNT_UNDERFLOW, self, "put of " + self + " at refcount " + refcnt));
            out.send(p.ackTo(), new Acked());
            return false;
        }
        out.event(new RefDropped(p.mode(), refcnt - 1));
        if (refcnt - 1 > 0) {
            out.send(p.ackTo(), new Acked());
            return false;
        }
        return true;
    }

    /** One awaited put is done; the last one frees the object and acknowledges whoever waits for it. */
    static void ackCounted(Out out, int awaiting, ActorId ackTo) {
        out.event(new bpflife.protocol.Event.AckCounted(awaiting - 1));
        if (awaiting == 1) {
            out.event(new bpflife.protocol.Event.Freed()).send(ackTo, new Acked());
        }
    }

    static IllegalStateException unexpected(ActorId self, Object what) {
        return new IllegalStateException(self + " cannot take " + what);
    }
}
