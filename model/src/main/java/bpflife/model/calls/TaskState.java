package bpflife.model.calls;

import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.FileId;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.Syscall;
import java.util.SortedMap;

/** What a call reads of its task (the model's {@code Task.State}). */
public interface TaskState {
    TaskId self();

    /** The statement the task is at. */
    int pc();

    /** The task is on its way out (a call that binds a variable failed): its next call is exit. */
    boolean exiting();

    /** The call in the kernel, or null. */
    Syscall call();

    /** The state the call waits in, or null. */
    Call at();

    SortedMap<String, Integer> vars();

    SortedMap<Integer, FileId> fds();

    SortedMap<String, ActorId> objects();

    SortedMap<String, Integer> ids();

    /** Objects this task has made so far (it names the next one). */
    int spawned();

    /** The task's address space while it holds it (a task_vma link names the task), else null. */
    ActorId.MmId mm();

    /** The task's files table (a task_file walk of it is possible), else null. */
    ActorId.FilesId files();
}
