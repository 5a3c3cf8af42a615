package bpflife.protocol;

import java.util.List;

/**
 * What a system call returned to user space.
 *
 * @param errno   null on success
 * @param value   the return value on success: an fd, a byte count, an id, 0
 * @param data    the bytes a read returned (null otherwise)
 * @param object  the object a successful call bound (a prog it loaded, the link an fd names), or null
 * @param listing for link show / prog show: what bpftool printed, in id order
 * @param repeatSeen for a read, TRUE when its bytes end a line and object lines have come back
 *                after the dump's END line (D6: a task_vma dump over a live {@code tid} task repeats
 *                its tail), which a reader sees in the stream; it bounds {@code read ... until eof}.
 *                Else null, so that no other result's row grows ({@link #sawRepeat()})
 */
public record Result(Errno errno, long value, String data, ActorId object, List<Info> listing, Boolean repeatSeen) {
    public Result(Errno errno, long value, String data, ActorId object, List<Info> listing) {
        this(errno, value, data, object, listing, null);
    }

    /** {@link #repeatSeen()} as a plain boolean. */
    public boolean sawRepeat() {
        return Boolean.TRUE.equals(repeatSeen);
    }

    public static Result ok(long value) {
        return new Result(null, value, null, null, null);
    }

    public static Result fd(int fd, ActorId object) {
        return new Result(null, fd, null, object, null);
    }

    public static Result bytes(String data) {
        return new Result(null, data.length(), data, null, null);
    }

    /** A read's bytes; {@code repeatSeen} as {@link #repeatSeen()}. */
    public static Result bytes(String data, boolean repeatSeen) {
        return new Result(null, data.length(), data, null, null, repeatSeen ? Boolean.TRUE : null);
    }

    public static Result listing(List<Info> listing) {
        return new Result(null, 0, null, null, List.copyOf(listing));
    }

    public static Result error(Errno errno) {
        return new Result(errno, errno.asReturn(), null, null, null);
    }

    public boolean ok() {
        return errno == null;
    }

    /** "ok", "eof" (a read that returned 0) or the errno's name, as scenarios write outcomes. */
    public String word() {
        if (errno != null) {
            return errno.name();
        }
        return data != null && data.isEmpty() ? "eof" : "ok";
    }
}
