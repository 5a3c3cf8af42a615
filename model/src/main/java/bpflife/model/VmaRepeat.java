package bpflife.model;

import bpflife.protocol.ActorId;
import bpflife.protocol.Attach;
import bpflife.protocol.Event;
import bpflife.protocol.Event.SessionEvent;
import bpflife.protocol.IterTarget;
import bpflife.protocol.Msg.ReadReturned;
import bpflife.protocol.SessionTemplate;
import bpflife.protocol.TidVmaWalk;

/**
 * D6 (docs/ITERATION-REFS.md): a task_vma session with a tid walks again after its END call, from
 * prev_vm_end, on every read while the task has its mm. {@link SeqSession} asks here whether a read
 * after END walks, and for that read's bytes.
 */
final class VmaRepeat {
    private VmaRepeat() {}

    /**
     * A task_vma walk with a tid, the kernel's BPF_TASK_ITER_TID: of a named task ({@code tid NAME},
     * its {@code Mm}) or of the creator's own process ({@code tid self}, fixed vmas); not
     * {@code pid} (BPF_TASK_ITER_TGID).
     */
    static boolean tidWalk(SessionTemplate t) {
        Attach a = t.attach();
        return t.target() == IterTarget.TASK_VMA && (a.task() != null || a.own() && a.tid() != 0);
    }

    /**
     * Whether a read after the END call walks again (D6). kernel/bpf/task_iter.c
     * task_vma_seq_get_next(): a TID walk that runs out of vmas goes to {@code next_task}, which for
     * BPF_TASK_ITER_TID jumps to {@code finish} without {@code info->tid++}; bpf_seq_read() calls
     * start() on every read (done_stop only silences the END call). So the next read finds the same
     * task (task_seq_get_next(): {@code *tid == common->pid}), takes {@code op =
     * task_vma_iter_find_vma} (saved_tid == info->tid) and looks up {@code find_vma(mm,
     * info->prev_vm_end - 1)}: the vma the last read that stopped at an object fetched and did not
     * show (task_vma_seq_stop() set prev_vm_start = ~0UL, so it is not skipped). With no such read
     * (the whole dump in one read), prev_vm_end is 0 and find_vma(mm, ~0UL) finds nothing: end of file.
     * The model's vma i spans [i, i + 1), so prev_vm_end - 1 is the vma's index.
     */
    static boolean again(SeqSession.State s) {
        return tidWalk(s.template()) && s.prevVmEnd() > 0;
    }

    /**
     * D6: a read after the END call over a task whose mm now has {@code objects} vmas (0 once it
     * exited): the vmas from {@code prevVmEnd - 1} on, no END call (done_stop), seq_num going on
     * from where it is (start() does not count the first vma); a read that stops at a vma moves
     * {@code prevVmEnd} to its end. A walk that finds nothing returns end of file.
     */
    static SessionEvent read(SeqSession.State s, int count, ActorId requester, int objects, Out out) {
        String prog = s.prog().name();
        int pad = s.prog().pad();
        StringBuilder buf = new StringBuilder();
        int i = s.prevVmEnd() - 1;
        long seq = s.seqNum();
        int prevVmEnd = s.prevVmEnd();
        int lines = 0;
        if (i < objects) {
            buf.append(DumpFormat.objectLine(prog, s.sessionId(), seq, s.template().target(), i, pad));
            lines++;
            while (i + 1 < objects) { // next() returning NULL: stop(NULL), no END, prev_vm_end kept
                i++;
                seq++;
                String line = DumpFormat.objectLine(prog, s.sessionId(), seq, s.template().target(), i, pad);
                if (buf.length() >= count || buf.length() + line.length() > DumpFormat.SEQ_BUFFER) {
                    prevVmEnd = i + 1; // stop() with a vma fetched and not shown
                    break;
                }
                buf.append(line);
                lines++;
            }
        }
        int n = Math.min(count, buf.length());
        String returned = buf.substring(0, n);
        SessionEvent e = new Event.SessionRead(returned, s.next(), seq, buf.substring(n), true, -1, s.hiddenPassed(),
                TidVmaWalk.of(prevVmEnd, s.repeated() + lines));
        out.event(e).send(requester, ReadReturned.of(returned, seen(s.repeated() + lines, returned,
                buf.substring(n))));
        return e;
    }

    /**
     * What a reader sees in the stream: this read's bytes end a line, and object lines have come back
     * after the END line ({@code repeated} shown there, those still in {@code rest} not yet read).
     */
    static boolean seen(int repeated, String returned, String rest) {
        return repeated > 0 && returned.endsWith("\n")
                && repeated - rest.chars().filter(ch -> ch == '\n').count() > 0;
    }
}
