package bpflife.model;

import bpflife.protocol.ActorId;
import bpflife.protocol.Attach;
import bpflife.protocol.Errno;
import bpflife.protocol.Event;
import bpflife.protocol.Event.SessionEvent;
import bpflife.protocol.IterTarget;
import bpflife.protocol.Msg.ReadReturned;
import bpflife.protocol.SessionTemplate;
import bpflife.protocol.TidVmaWalk;
import java.util.List;

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
     * task_vma_seq_stop() with a vma fetched and not shown sets prev_vm_end to its end (vma i spans
     * [i, i + 1)); stop(NULL) leaves it. Only a tid walk comes back to it (D6), so only its sessions
     * keep it.
     */
    static int prevVmEnd(SeqSession.State s, SeqFill.Shown f) {
        return tidWalk(s.template()) && f.stoppedAtObject() ? f.next() + 1 : s.prevVmEnd();
    }

    /**
     * D6: a read after the END call over a task whose mm now has {@code objects} vmas (0 once it
     * exited): bpf_seq_read()'s loop from the vma at {@code prevVmEnd - 1}, with done_stop set (no
     * END call), seq_num going on from where it is (start() does not count the first vma); a read
     * that stops at a vma moves {@code prevVmEnd} to its end. A walk that finds nothing returns end
     * of file. The session's cursor ({@code next}) stays: the tid walk starts from prev_vm_end.
     */
    static SessionEvent read(SeqSession.State s, int count, ActorId requester, int objects, Out out) {
        int from = s.prevVmEnd() - 1;
        return switch (SeqFill.fill(s, from, objects, List.of(), count)) {
            // as on any walk; not reached in the model: the prog runs unchanged since the END read,
            // which showed a vma (the mm's vmas are fixed while it lives), so its lines fit (and it
            // returns 0, which is why this read does not check the return value as produce() does)
            case SeqFill.TooBig t -> SeqSession.fail(requester, Errno.E2BIG, out);
            case SeqFill.Shown f -> {
                int repeated = s.repeated() + f.next() - from; // the vmas this read showed
                SessionEvent e = new Event.SessionRead(f.returned(), s.next(), f.seqNum(), f.buffered(), f.ended(),
                        -1, s.hiddenPassed(), TidVmaWalk.of(prevVmEnd(s, f), repeated));
                out.event(e).send(requester, ReadReturned.of(f.returned(), seen(repeated, f.returned(), f.buffered())));
                yield e;
            }
        };
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
