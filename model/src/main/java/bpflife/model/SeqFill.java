package bpflife.model;

import java.util.List;

/**
 * The fill loop of kernel/bpf/bpf_iter.c bpf_seq_read(): which object lines, and whether the END
 * call's line, one read(2) of an iterator session carries, once no leftover bytes are buffered. It
 * is the model's one copy of that loop; {@link SeqSession} fills a read from where the last one
 * stopped, {@link VmaRepeat} a tid walk's read after its END call (D6) from prev_vm_end. The
 * callers keep what is theirs: where the walk starts, which positions are hidden, what the prog's
 * return value does, and what the read's event records.
 *
 * <p>The kernel's loop, in the model's terms (the walk passes objects {@code from} up to
 * {@code objects - 1}; object {@code i} shows the line of {@code i} at the current seq_num):
 * <ol>
 *   <li>start() finds the object at {@code from}, or NULL when there is none: straight to stop.</li>
 *   <li>show() of the first object.</li>
 *   <li>Then, per object: next(); NULL ends the walk. A valid object increments seq_num, then the
 *       read stops if the buffer already holds the requested count; else show().</li>
 *   <li>One rule for every show(), the first and those after next(): a line that would overflow
 *       the 32 KiB buffer is dropped (seq_file's overflow rolls the buffer back to {@code offs});
 *       if the buffer is empty ({@code offs == 0}: the first object, or only hidden positions
 *       passed so far) the read is E2BIG, with stop() called on that object and the walk left where
 *       next() moved it; else the read stops there, and the next read's start() finds that object
 *       again and shows it with the same seq_num.</li>
 *   <li>stop(NULL), when next() found nothing: the END call (the prog with in_stop), unless
 *       done_stop says the session had it already (bpf_iter_get_info() returns no prog then). An END
 *       line that overflows is dropped and done_stop stays false, so the next read calls it again;
 *       it is E2BIG only if the buffer was empty.</li>
 *   <li>copy_to_user() of at most the requested count; the rest stays in the seq buffer for the
 *       next read (which bpf_seq_read() returns before it walks again: the callers' part).</li>
 * </ol>
 * Not modelled: MAX_ITER_OBJECTS (a million objects a read; the model's walks are small), and the
 * prog's return value of 1, which the callers handle before the walk (the model's progs return
 * the same value on every object, so the first show() decides it).
 *
 * <p>An E2BIG after hidden positions (measured on 6.18: a cgroup walk from a dying cgroup with
 * 40000-byte lines, kernel-scenarios/seq-buffer-full.scn) leaves the walk moved: {@link TooBig}
 * says where, and the session journals it ({@code SessionReadOverflowed}).
 */
final class SeqFill {
    private SeqFill() {}

    /** What the fill loop left: the read's bytes, or E2BIG. */
    sealed interface Filled permits Shown, TooBig {}

    /**
     * A filled read.
     *
     * @param returned  the bytes copied to the reader (at most the requested count)
     * @param buffered  the bytes left in the seq buffer for the next read
     * @param next      where the next read's start() is: the object fetched and not shown if the read
     *                  stopped at one, else past the last object (or {@code from} if none was found)
     * @param seqNum    the seq_num the next shown object gets
     * @param exhausted next() (or start()) found no object: stop(NULL), the END call's place
     * @param ended     done_stop after this read: it was set, or the END line went into the buffer
     */
    record Shown(String returned, String buffered, int next, long seqNum, boolean exhausted, boolean ended)
            implements Filled {
        /** The read stopped with an object fetched and not shown (its stop() gets that object). */
        boolean stoppedAtObject() {
            return !exhausted;
        }
    }

    /**
     * E2BIG: a line did not fit the empty buffer.
     *
     * @param next      the object whose line did not fit, where next() left the walk ({@code from}
     *                  for the first object; past hidden positions for a later one)
     * @param seqNum    that object's seq_num
     * @param exhausted it was the END call's line (stop(NULL) ran; only after hidden positions or
     *                  none: the model's END line is short)
     */
    record TooBig(int next, long seqNum, boolean exhausted) implements Filled {
        /** next() passed hidden positions before the line that did not fit. */
        boolean moved(int from) {
            return next != from;
        }
    }

    /**
     * One read of {@code count} bytes over a walk that now passes {@code objects} objects, starting
     * at {@code from}; the objects at the positions {@code hidden} show nothing (a dead cgroup: its
     * show returns 0 without running the prog, so seq_num still counts it). The session's prog,
     * seq_num and done_stop ({@code ended}) come from {@code s}.
     */
    static Filled fill(SeqSession.State s, int from, int objects, List<Integer> hidden, int count) {
        StringBuilder buf = new StringBuilder();
        int i = from;
        long seq = s.seqNum();
        boolean exhausted = i >= objects;
        while (!exhausted) {
            String line = line(s, seq, i, hidden);
            if (!fits(buf.length(), line)) {
                if (buf.isEmpty()) {
                    return new TooBig(i, seq, false); // offs == 0
                }
                break;
            }
            buf.append(line);
            i++;
            if (i >= objects) {
                exhausted = true;
                break;
            }
            seq++;
            if (buf.length() >= count) {
                break;
            }
        }
        boolean ended = s.ended();
        if (exhausted && !ended) {
            String end = DumpFormat.endLine(s.prog().name(), s.sessionId(), seq);
            if (fits(buf.length(), end)) {
                buf.append(end);
                ended = true;
            } else if (buf.isEmpty()) {
                return new TooBig(i, seq, true);
            }
        }
        int n = Math.min(count, buf.length());
        return new Shown(buf.substring(0, n), buf.substring(n), i, seq, exhausted, ended);
    }

    /**
     * fs/seq_file.c seq_write(), under bpf_seq_write() and bpf_seq_printf(), takes bytes only while
     * {@code count + len < size}: the 32 KiB buffer holds at most 32767 bytes. A line written in
     * pieces fits exactly when its last piece does.
     */
    private static boolean fits(int used, String line) {
        return used + line.length() < DumpFormat.SEQ_BUFFER;
    }

    private static String line(SeqSession.State s, long seq, int i, List<Integer> hidden) {
        return hidden.contains(i) ? ""
                : DumpFormat.objectLine(s.prog().name(), s.sessionId(), seq, s.template().target(), i, s.prog().pad());
    }
}
