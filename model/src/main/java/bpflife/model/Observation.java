package bpflife.model;

import bpflife.protocol.ActorId.FileId;
import bpflife.protocol.Errno;
import bpflife.protocol.Info;
import bpflife.protocol.Result;
import bpflife.protocol.Syscall;
import java.util.List;

/**
 * One call's return as user space saw it, kept in the task's state ({@link Task.State#observed()})
 * so that a final world determines what every task observed: the exhaustive search caches states,
 * and two schedules that reach the same objects with different returns must stay two states.
 *
 * <p>Only what user space can see is kept, so that the state space grows only by what can differ:
 * the value or errno, a read's byte count (not its bytes: the session's state holds what its dump
 * shows) and whether it was end of file, a listing's entries, and for a read the file it read (so
 * that a dump's end of file can be told per session).
 *
 * @param pc      the statement
 * @param errno   the errno, or null on success
 * @param value   the return value: an fd, a byte count, an id, 0
 * @param read    the call was a read: {@code value} is a byte count
 * @param listing for link show / prog show, the entries listed; else null
 * @param file    for a read, the file its fd named (null when the fd named none)
 * @param repeatSeen for a read, {@link Result#sawRepeat()}: object lines came back after the
 *                dump's END line and this read ended a line (D6)
 */
public record Observation(int pc, Errno errno, long value, boolean read, List<Info> listing, FileId file,
                          boolean repeatSeen) {

    public Observation(int pc, Errno errno, long value, boolean read, List<Info> listing, FileId file) {
        this(pc, errno, value, read, listing, file, false);
    }

    static Observation of(int pc, Syscall call, Result r, FileId file) {
        boolean read = call instanceof Syscall.Read;
        return new Observation(pc, r.errno(), r.ok() ? r.value() : 0, read, r.listing(), read ? file : null,
                read && r.sawRepeat());
    }

    /** {@code ok}, {@code eof} (a read that returned 0) or the errno's name, as scenarios write outcomes. */
    public String word() {
        if (errno != null) {
            return errno.name();
        }
        return read && value == 0 ? "eof" : "ok";
    }

    /** {@code 3}, {@code 64B}, {@code eof}, {@code ENOENT}, {@code [1 prog 2, 3 prog 2]}. */
    public String text() {
        if (errno != null) {
            return errno.name();
        }
        if (read) {
            return value == 0 ? "eof" : value + "B";
        }
        if (listing != null) {
            return listing.stream().map(Observation::entry).toList().toString();
        }
        return Long.toString(value);
    }

    private static String entry(Info i) {
        return switch (i) {
            case Info.LinkInfo l -> l.id() + " prog " + l.progId();
            case Info.ProgInfo p -> Integer.toString(p.id());
            case Info.MapInfo m -> "map " + m.id();
            case Info.CgroupInfo c -> "cgroup " + c.name();
        };
    }
}
