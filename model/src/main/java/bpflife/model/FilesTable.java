package bpflife.model;

import bpflife.protocol.ActorId.FileId;
import bpflife.protocol.ActorId.FilesId;
import bpflife.protocol.Event;
import bpflife.protocol.Event.FilesEvent;
import bpflife.protocol.Msg;
import bpflife.protocol.Msg.ToFiles;
import bpflife.protocol.PutMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A task's files table (files_struct's fdtable, with the task's {@code task->files} pointer), as a
 * task_file iterator sees it. The task publishes every fd it installs (fd_install()) and clears
 * the slot before the fput of a close (close_fd(): file_lock, slot NULL, then filp_close/fput),
 * which the table makes on the task's behalf; exit_files() sets task->files to NULL, after which a
 * walk finds nothing. The task's fds hold the references (the table only mirrors the slots), so the
 * counting and the leak rule are unchanged.
 *
 * <p>The walk (kernel/bpf/task_iter.c task_file_seq_get_next(), fs/file.c fget_task_next()) looks
 * the next file up under task_lock and RCU and takes its reference with file_ref_get(), an
 * increment that fails at zero (get_file_rcu() since cf28f3bbfca0, bug B8). Under {@code linux}
 * the model makes the lookup and the get one step: the table asks the file for the walk's
 * reference, and since every put of a slot's reference leaves through this table after it, the
 * get cannot meet a zero count (a failed inc-not-zero in the kernel only retries the slot, which
 * the close already cleared: the same dump as a close before the lookup). Under {@code bug-B8} the
 * table only answers what the slot held, and the walk's plain get_file() is a step of its own, so
 * a close can put the file to zero in between: the get revives a file being released.
 *
 * <p>Only tasks that a {@code tid NAME} link names, in a scenario that loads a task_file program,
 * have one (docs/ITERATION-REFS.md). The walk's fputs are acknowledged to the table, which ignores
 * them (stop() does not wait for __fput).
 */
public final class FilesTable {
    private FilesTable() {}

    public enum Phase { ATTACHED, DETACHED }

    /**
     * @param slots    fd to file, as a walk sees the table
     * @param detached exit_files() ran: task->files is NULL
     */
    public record State(FilesId self, SortedMap<Integer, FileId> slots, boolean detached) implements ObjectState {
        public Phase phase() { return detached ? Phase.DETACHED : Phase.ATTACHED; }

        /** Not counted: the task's files_struct reference is the task's (one user, never shared here). */
        public long refcount() { return -1; }
    }

    static State born(Event.FilesTableCreated e) {
        return new State(e.files(), Collections.emptySortedMap(), false);
    }

    static void step(Env env, State s, ToFiles m, Out out) {
        switch (m) {
            case Msg.PublishFd p -> out.event(new Event.FilesFdPublished(p.fd(), p.file()));
            case Msg.DropFd d -> {
                if (d.exiting() && !s.detached) {
                    out.event(new Event.FilesDetached());
                }
                out.event(new Event.FilesFdDropped(d.fd()))
                        .send(d.file(), new Msg.Put(d.file(), PutMode.DIRECT, d.ackTo()));
            }
            case Msg.NextFile n -> next(env, s, n, out);
            case Msg.Acked a -> { } // a walk's fput is done: nobody waits for it
        }
    }

    /** fget_task_next(): the first file at or after the walk's fd, with the fds after it. */
    private static void next(Env env, State s, Msg.NextFile n, Out out) {
        SortedMap<Integer, FileId> rest = s.detached ? Collections.emptySortedMap() : s.slots.tailMap(n.fromFd());
        if (rest.isEmpty()) {
            out.send(n.session(), new Msg.Visited(0));
            return;
        }
        List<Integer> fds = new ArrayList<>(rest.keySet());
        FileId file = rest.get(fds.getFirst());
        if (env.semantics().fileWalkGetRcu()) {
            out.send(file, new Msg.WalkGet(n.session(), List.copyOf(fds)));
        } else {
            out.send(n.session(), new Msg.FileFound(file, List.copyOf(fds)));
        }
    }

    static State apply(State s, FilesEvent e) {
        return switch (e) {
            case Event.FilesFdPublished p -> {
                TreeMap<Integer, FileId> slots = new TreeMap<>(s.slots);
                slots.put(p.fd(), p.file());
                yield new State(s.self, Collections.unmodifiableSortedMap(slots), s.detached);
            }
            case Event.FilesFdDropped d -> {
                TreeMap<Integer, FileId> slots = new TreeMap<>(s.slots);
                slots.remove(d.fd());
                yield new State(s.self, Collections.unmodifiableSortedMap(slots), s.detached);
            }
            case Event.FilesDetached d -> new State(s.self, s.slots, true);
        };
    }
}
