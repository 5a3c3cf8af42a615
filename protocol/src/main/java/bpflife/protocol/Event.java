package bpflife.protocol;

import bpflife.protocol.ActorId.CgroupId;
import bpflife.protocol.ActorId.FileId;
import bpflife.protocol.ActorId.InodeId;
import bpflife.protocol.ActorId.LinkId;
import bpflife.protocol.ActorId.MapId;
import bpflife.protocol.ActorId.ProgId;
import bpflife.protocol.ActorId.TaskId;
import java.util.List;

/**
 * Every lifecycle fact the model journals, named in the past tense. An object's state is the fold
 * of its events; a step decides events, it never writes state directly.
 *
 * <p>Counts in events ({@code refcnt}, {@code nlink}) are the values after the fact, so that a
 * journal reads on its own ("LinkRefDropped refcnt=0").
 *
 * <p>Each kind of object folds its own sealed subtype ({@link LinkEvent}, {@link TaskEvent} ...);
 * an event several kinds journal ({@link RefTaken}, {@link Freed}) implements each of their types.
 * Birth events ({@link BirthEvent}) are not folded: they make the state.
 */
public sealed interface Event
        permits Event.BirthEvent, Event.ProgEvent, Event.LinkEvent, Event.MapEvent, Event.CgroupEvent, Event.FileEvent,
        Event.SessionEvent, Event.InodeEvent, Event.BpffsEvent, Event.CgroupfsEvent, Event.IdrEvent,
        Event.SessionCounterEvent, Event.SyncEvent, Event.TaskEvent, Event.MmEvent, Event.FilesEvent {

    // ---- what each kind of object journals: its fold (apply) switches over exactly these ----

    /** The first event of an object a step made ({@link StepRecord.Spawn}): it makes the object's state. */
    sealed interface BirthEvent extends Event permits ProgLoaded, MapCreated, LinkPrimed, CgroupCreated, FileOpened,
            SessionOpened, InodeCreated, TaskCreated, TaskForked, MmCreated, FilesTableCreated {}

    /** What a prog (Prog) journals. */
    sealed interface ProgEvent extends Event permits IdAssigned, RefTaken, RefDropped, FreeingStarted, Freed,
            UsedMapsReleased, AckCounted {}

    /** What a link (Link) journals. */
    sealed interface LinkEvent extends Event permits IdAssigned, LinkSettled, RefTaken, RefDropped,
            LinkFreeDeferred, FreeingStarted, LinkUpdated, LinkReleased, AckCounted, Freed {}

    /** What a map (BpfMap) journals. */
    sealed interface MapEvent extends Event permits IdAssigned, RefTaken, RefDropped, FreeingStarted, Freed {}

    /** What a cgroup (Cgroup) journals. */
    sealed interface CgroupEvent extends Event permits RefTaken, RefDropped, CgroupWentOffline,
            CgroupDescendantsCounted, Freed {}

    /** What a struct file (OpenFile) journals. */
    sealed interface FileEvent extends Event permits RefTaken, RefDropped, FileReleasing, AckCounted, Freed {}

    /** What an iterator session (SeqSession) journals. */
    sealed interface SessionEvent extends Event permits SessionVisiting, SessionReadWaited, SessionReadResumed,
            SessionProgRead, SessionRead, SessionReadFailed, SessionReadOverflowed, SessionReleasing, AckCounted, Freed,
            SessionFilesPassed {}

    /** What a bpffs inode (Inode) journals. */
    sealed interface InodeEvent extends Event permits RefTaken, RefDropped, NameAdded, NameDropped,
            InodeDestroyed {}

    /** What the bpffs mount (Bpffs) journals. */
    sealed interface BpffsEvent extends Event permits DirMade, DirRemoved, PinCreated, PinUnlinked, PinRenamed,
            PinHardLinked {}

    /** What a task's address space (Mm) journals. */
    sealed interface MmEvent extends Event permits RefTaken, RefDropped, MmDetached, MmTornDown {}

    /** What a task's files table (FilesTable) journals. */
    sealed interface FilesEvent extends Event permits FilesFdPublished, FilesFdDropped, FilesDetached {}

    /** What the cgroup hierarchy (Cgroupfs) journals. */
    sealed interface CgroupfsEvent extends Event permits CgroupDirMade, CgroupDirRemoved, CgroupDirReleased {}

    /** What an id allocator (Idr) journals. */
    sealed interface IdrEvent extends Event permits IdAllocated, IdSettled, IdFreed {}

    /** What the session id counter (SessionCounter) journals. */
    sealed interface SessionCounterEvent extends Event permits SessionIdAllocated {}

    /** What the user-space signalling object (Sync) journals. */
    sealed interface SyncEvent extends Event permits Signalled, WaiterParked, WaitersWoken {}

    /** What a task journals. Its permitted records are those below that implement it. */
    sealed interface TaskEvent extends Event {}

    // ---- shared by the counted objects (prog, link, map, cgroup, file, inode) ----

    /** A reference was taken on behalf of {@code by}; refcnt is the new count. */
    record RefTaken(ActorId by, long refcnt)
            implements ProgEvent, LinkEvent, MapEvent, CgroupEvent, FileEvent, InodeEvent, MmEvent {}

    record RefDropped(PutMode mode, long refcnt)
            implements ProgEvent, LinkEvent, MapEvent, CgroupEvent, FileEvent, InodeEvent, MmEvent {}

    /** The object's kernel id was allocated (link: reserved, still invisible). */
    record IdAssigned(int id) implements ProgEvent, LinkEvent, MapEvent {}

    /** The last reference went; whoever dropped it synchronously is told once the free is done. */
    record FreeingStarted(ActorId ackTo) implements ProgEvent, LinkEvent, MapEvent {}

    /** One awaited acknowledgement arrived; {@code left} are still awaited. */
    record AckCounted(int left) implements LinkEvent, FileEvent, SessionEvent, ProgEvent {}

    /**
     * bpf_prog_free_deferred() -> bpf_free_used_maps(): after the RCU grace period that follows
     * the prog's id removal, the prog puts each map it used; {@code awaiting} puts are in flight.
     */
    record UsedMapsReleased(int awaiting) implements ProgEvent {}

    /** The object's memory is gone: any later message to it is a use after free. */
    record Freed() implements ProgEvent, LinkEvent, MapEvent, CgroupEvent, FileEvent, SessionEvent {}

    // ---- births: the first event of each object ----

    record ProgLoaded(ProgId prog, String name, IterTarget target, int pad, boolean sleepable, int ret,
                      List<MapId> maps) implements BirthEvent {
        public ProgLoaded {
            maps = maps == null ? List.of() : List.copyOf(maps); // rows written before maps were modelled
        }

        /** A prog that uses no map of the scenario's (its own .rodata is not modelled). */
        public ProgLoaded(ProgId prog, String name, IterTarget target, int pad, boolean sleepable, int ret) {
            this(prog, name, target, pad, sleepable, ret, List.of());
        }

        /** A prog that returns 0 (every prog before issue 14 item 5's {@code ret}). */
        public ProgLoaded(ProgId prog, String name, IterTarget target, int pad, boolean sleepable) {
            this(prog, name, target, pad, sleepable, 0);
        }
    }

    record MapCreated(MapId map, MapType type, int entries) implements BirthEvent {}

    /** bpf_link_init + prime: refcnt 1 (the file's), the prog reference of LINK_CREATE, id not yet settled. */
    record LinkPrimed(LinkId link, ProgId prog, Info.ProgInfo progInfo, IterTarget target, Attach attach)
            implements BirthEvent {}

    record CgroupCreated(CgroupId cgroup, String name) implements BirthEvent {}

    /** A task's address space, with its one user (the task) and {@code vmas} mappings. */
    record MmCreated(ActorId.MmId mm, int vmas) implements BirthEvent {}

    /** A task's files table (files_struct), empty: the task's fds are published in it as they are installed. */
    record FilesTableCreated(ActorId.FilesId files) implements BirthEvent {}

    /** fd_install(): {@code file} is visible at {@code fd} to a walk of the table. */
    record FilesFdPublished(int fd, ActorId.FileId file) implements FilesEvent {}

    /** close_fd()/exit_files(): the slot was cleared; the fd's file is being put. */
    record FilesFdDropped(int fd) implements FilesEvent {}

    /** exit_files(): task->files was set to NULL; a walk finds no file from now on. */
    record FilesDetached() implements FilesEvent {}

    /** A task_file walk moved its cursor (info->fd) to {@code fromFd}: the next read starts there. */
    record SessionFilesPassed(int fromFd) implements SessionEvent {}

    /** exit_mm(): the task's mm pointer is cleared (task_lock); get_task_mm() finds none from now on. */
    record MmDetached() implements MmEvent {}

    /** The last mmput(): __mmput() and exit_mmap() free the mappings; walking them now is a use after free. */
    record MmTornDown() implements MmEvent {}

    /** A struct file with f_count 1 holding {@code object} (and, for a named session, the pin's inode). */
    record FileOpened(FileId file, FileKind kind, ActorId object, InodeId inode, FileMode mode) implements BirthEvent {
        /** A file opened with its kind's usual mode ({@link FileMode#of(FileKind)}). */
        public FileOpened(FileId file, FileKind kind, ActorId object, InodeId inode) {
            this(file, kind, object, inode, FileMode.of(kind));
        }
    }

    /**
     * prepare_seq_file done: the session holds {@code template.prog()} and {@code targetRefs}.
     * {@code fixedObjects} is what a fixed-list target shows (-1 for targets visited per read).
     */
    record SessionOpened(ActorId.SessionId session, SessionTemplate template, long sessionId, List<ActorId> targetRefs,
                         int fixedObjects) implements BirthEvent {}

    record InodeCreated(InodeId inode, ActorId object, FileKind kind) implements BirthEvent {}

    // ---- links ----

    /** bpf_link_settle: link->id written, GET_FD_BY_ID may now hand it out. */
    record LinkSettled() implements LinkEvent {}

    /** BPF_LINK_UPDATE: link->prog exchanged under link_mutex. */
    record LinkUpdated(ProgId oldProg, ProgId newProg, Info.ProgInfo newInfo) implements LinkEvent {}

    /** The id is gone; ops->release and dealloc have dropped the attach-time objects and the prog. */
    record LinkReleased(int awaiting) implements LinkEvent {}

    /** The last reference went through bpf_link_put: bpf_link_free waits for a work item. */
    record LinkFreeDeferred() implements LinkEvent {}

    // ---- cgroups ----

    record CgroupWentOffline() implements CgroupEvent {}

    /** How many live cgroups are below this one now. */
    record CgroupDescendantsCounted(int descendants) implements CgroupEvent {}

    // ---- files and sessions ----

    /** The last fput: the file's release is running, {@code awaiting} puts not yet done. */
    record FileReleasing(ActorId ackTo, int awaiting) implements FileEvent {}

    /** A read that needs the target object (map, cgroup) is visiting it. */
    record SessionVisiting(int count, ActorId requester) implements SessionEvent {}

    /**
     * A read came while another read of this session was in progress: seq_read holds the
     * seq_file's mutex for the whole read, so it waits, in arrival order.
     */
    record SessionReadWaited(int count, ActorId requester) implements SessionEvent {}

    /** The read in progress finished: the first waiting read goes on. */
    record SessionReadResumed() implements SessionEvent {}

    /**
     * One read(2): {@code returned} went to user space; the session continues at object
     * {@code nextObject} with meta seq_num {@code seqNum}, {@code buffered} bytes kept for the
     * next read, {@code ended} once the END call's output is in; {@code objects} is how many
     * objects the target showed for this read; {@code hiddenPassed} how many of the objects before
     * {@code nextObject} were passed without being shown (dead cgroups, whose seq_num counts).
     * A task_vma walk with a tid also keeps {@code tidWalk} (D6; null while all of it is 0, and
     * in rows written before it, which read back the same). A read that walked a cgroup says in
     * {@code visitedAll} whether the walk ran off its end (cgroup_iter_seq_stop(seq, NULL) set
     * visited_all) or stopped at a cgroup (a later read's start() is EOPNOTSUPP); null for every
     * other read, and in rows written before it.
     */
    record SessionRead(String returned, int nextObject, long seqNum, String buffered, boolean ended, int objects,
                       int hiddenPassed, TidVmaWalk tidWalk, Boolean visitedAll) implements SessionEvent {
        public SessionRead(String returned, int nextObject, long seqNum, String buffered, boolean ended, int objects) {
            this(returned, nextObject, seqNum, buffered, ended, objects, 0, null, null);
        }

        public SessionRead(String returned, int nextObject, long seqNum, String buffered, boolean ended, int objects,
                           int hiddenPassed) {
            this(returned, nextObject, seqNum, buffered, ended, objects, hiddenPassed, null, null);
        }

        public SessionRead(String returned, int nextObject, long seqNum, String buffered, boolean ended, int objects,
                           int hiddenPassed, TidVmaWalk tidWalk) {
            this(returned, nextObject, seqNum, buffered, ended, objects, hiddenPassed, tidWalk, null);
        }

        public int prevVmEnd() {
            return tidWalk == null ? 0 : tidWalk.prevVmEnd();
        }

        public int repeated() {
            return tidWalk == null ? 0 : tidWalk.repeated();
        }
    }

    /** rfc-seqfile-holds-link: this read runs the link's current prog. */
    record SessionProgRead(Info.ProgInfo prog) implements SessionEvent {}

    /** A read failed (E2BIG, EOPNOTSUPP): nothing was returned, the session stays where it was. */
    record SessionReadFailed(Errno errno) implements SessionEvent {}

    /**
     * A read failed with E2BIG after its walk moved (kernel/bpf/bpf_iter.c bpf_seq_read(): a show
     * that overflows the still empty buffer, offs == 0, after next() passed hidden positions, or
     * the first show of a cgroup walk, whose start() moved *pos): nothing was returned; the
     * session goes on at object {@code nextObject} with seq_num {@code seqNum}, {@code hiddenPassed}
     * objects passed unshown before it, and its walk has started (a cgroup walk's next read is
     * EOPNOTSUPP).
     */
    record SessionReadOverflowed(int nextObject, long seqNum, int hiddenPassed) implements SessionEvent {}

    /** iter_release: the target references and the prog are being put. */
    record SessionReleasing(ActorId ackTo, int awaiting) implements SessionEvent {}

    // ---- bpffs ----

    record DirMade(String path) implements BpffsEvent {}

    record DirRemoved(String path) implements BpffsEvent {}

    /** A new name for a new inode: BPF_OBJ_PIN. */
    record PinCreated(String path, InodeId inode, ActorId object) implements BpffsEvent {}

    /** unlink(2) of a pin name; the inode's object ref goes only when its last name and opener are gone. */
    record PinUnlinked(String path, InodeId inode) implements BpffsEvent {}

    /** rename(2); a pin that was at {@code to} lost its name ({@code replaced}, or null). */
    record PinRenamed(String from, String to, InodeId inode, InodeId replaced) implements BpffsEvent {}

    /** link(2): a second name for the same inode. */
    record PinHardLinked(String from, String to, InodeId inode) implements BpffsEvent {}

    record NameAdded(int nlink) implements InodeEvent {}

    record NameDropped(int nlink) implements InodeEvent {}

    /** Final iput: the inode's reference on its object is put now. */
    record InodeDestroyed() implements InodeEvent {}

    // ---- cgroupfs ----

    record CgroupDirMade(String name, CgroupId cgroup) implements CgroupfsEvent {}

    record CgroupDirRemoved(String name) implements CgroupfsEvent {}

    /** A removed cgroup was released (its last reference dropped): walks no longer pass it. */
    record CgroupDirReleased(String name) implements CgroupfsEvent {}

    // ---- id allocators and the session counter ----

    record IdAllocated(int id, ActorId object, boolean settled) implements IdrEvent {}

    record IdSettled(int id) implements IdrEvent {}

    record IdFreed(int id) implements IdrEvent {}

    record SessionIdAllocated(long id) implements SessionCounterEvent {}

    // ---- user-space signalling ----

    record Signalled(String name) implements SyncEvent {}

    record WaiterParked(String name, TaskId task) implements SyncEvent {}

    record WaitersWoken(String name) implements SyncEvent {}

    // ---- tasks ----

    /** A scenario task exists (not yet started). */
    record TaskCreated(TaskId task, boolean forked) implements BirthEvent {}

    /** A forked child: a copy of its parent's fd table (each file's count already raised) and variables. */
    record TaskForked(TaskId task, TaskId parent, java.util.SortedMap<String, Integer> vars,
                      java.util.SortedMap<Integer, FileId> fds, java.util.SortedMap<String, ActorId> objects,
                      java.util.SortedMap<String, Integer> ids) implements BirthEvent {}

    /** The task runs; {@code setupIds} are the kernel ids the setup task's variables were bound to. */
    record TaskStarted(java.util.SortedMap<String, Integer> setupIds) implements TaskEvent {}

    /** The task's address space exists and the task holds it (mm_users); null: dropped by exit_mm(). */
    record TaskMmHeld(ActorId.MmId mm) implements TaskEvent {}

    /** The task's files table exists (it is modelled: a task_file link can walk it). */
    record TaskFilesHeld(ActorId.FilesId files) implements TaskEvent {}

    /** The task entered the call of its statement {@code pc}. */
    record SyscallEntered(int pc, Syscall call) implements TaskEvent {}

    /** The call moved on inside the kernel; {@code state} is what it holds and waits for now. */
    record SyscallMoved(CallState state) implements TaskEvent {}

    /** The task made a new object (prog, link, file, session ...) and named it. */
    record Spawned(ActorId object) implements TaskEvent {}

    /** fd_install; {@code kernelId} is the id of the object behind it, when it has one. */
    record FdInstalled(String var, int fd, FileId file, ActorId object, int kernelId) implements TaskEvent {}

    record FdClosed(int fd) implements TaskEvent {}

    record SyscallReturned(int pc, Syscall call, Result result) implements TaskEvent {}

    /** A call that binds a variable failed: the task ends, as cat does when open fails. */
    record TaskBailed(int pc) implements TaskEvent {}

    record TaskExited() implements TaskEvent {}

}
