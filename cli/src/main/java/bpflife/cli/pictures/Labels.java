package bpflife.cli.pictures;

import bpflife.protocol.Event;
import bpflife.protocol.Msg;
import bpflife.protocol.Result;
import bpflife.protocol.StepRecord;
import java.util.StringJoiner;

/**
 * Short words for what a picture writes beside an arrow or a slice: the message's name, and the
 * step's facts that matter to a reader of refcounts (a reference taken or dropped with the new
 * count, a state change, a call entered or returned). The full record is the tooltip.
 */
final class Labels {
    private Labels() {}

    /** The message's kind, e.g. {@code Get}, {@code Put}, {@code Granted}. */
    static String message(Msg m) {
        return m.getClass().getSimpleName();
    }

    /**
     * The message's kind and the reference it carries when that is not its receiver:
     * {@code Granted link:setup.3}, {@code Release session:cat1.1}; a put to the object itself
     * stays {@code Put}.
     */
    static String arrow(StepRecord r) {
        var carried = r.message().carries();
        return carried == null || carried.equals(r.receiver()) ? message(r.message())
                : message(r.message()) + " " + carried.key();
    }

    /** {@link #events} with a call's entry as the scenario's statement ({@code enter f = open /sys/fs/bpf/it}). */
    static String events(StepRecord r, String statement) {
        if (statement == null) {
            return events(r);
        }
        StringJoiner j = new StringJoiner(", ");
        for (Event e : r.events()) {
            String w = e instanceof Event.SyscallEntered ? "enter " + statement : event(e);
            if (!w.isEmpty()) {
                j.add(w);
            }
        }
        for (StepRecord.Spawn sp : r.spawned()) {
            j.add("new " + sp.id().key());
        }
        return j.toString();
    }

    /** The step's events in a few words, comma-separated; empty when none is worth a word. */
    static String events(StepRecord r) {
        StringJoiner j = new StringJoiner(", ");
        for (Event e : r.events()) {
            String w = event(e);
            if (!w.isEmpty()) {
                j.add(w);
            }
        }
        for (StepRecord.Spawn sp : r.spawned()) {
            j.add("new " + sp.id().key());
        }
        return j.toString();
    }

    /**
     * One event in a few words. Not a switch over the sealed type on purpose: every event gets at
     * least its name, and only the ones a reader of refcounts looks for get more.
     */
    static String event(Event e) {
        if (e instanceof Event.RefTaken t) {
            return "ref+ =" + t.refcnt();
        } else if (e instanceof Event.RefDropped d) {
            return "ref- =" + d.refcnt();
        } else if (e instanceof Event.IdAssigned a) {
            return "id " + a.id();
        } else if (e instanceof Event.SyscallMoved || e instanceof Event.AckCounted || e instanceof Event.Spawned) {
            return ""; // Spawned: the step's "new KEY" says it
        } else if (e instanceof Event.SyscallEntered en) {
            return "enter " + en.call().getClass().getSimpleName();
        } else if (e instanceof Event.SyscallReturned ret) {
            return "return " + result(ret.result());
        } else if (e instanceof Event.FdInstalled fd) {
            return "fd " + fd.fd();
        } else if (e instanceof Event.FdClosed fd) {
            return "fd " + fd.fd() + " closed";
        } else if (e instanceof Event.Freed) {
            return "FREED";
        }
        return e.getClass().getSimpleName();
    }

    /** What a call returned, as scenarios write it: ok (with its value), eof or the errno. */
    static String result(Result r) {
        if (r == null) {
            return "";
        }
        String w = r.word();
        return r.ok() && r.data() == null && r.listing() == null ? w + " " + r.value() : w;
    }

    /** Whether a step changed a count or a state (the diagram marks it on the receiver's lifeline). */
    static boolean changesState(StepRecord r) {
        for (Event e : r.events()) {
            if (!(e instanceof Event.SyscallMoved || e instanceof Event.AckCounted)) {
                return true;
            }
        }
        return !r.spawned().isEmpty();
    }
}
