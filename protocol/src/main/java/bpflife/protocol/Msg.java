package bpflife.protocol;

import bpflife.protocol.ActorId.ProgId;
import bpflife.protocol.ActorId.TaskId;

/**
 * Every message one modelled object sends another. Commands are imperative ({@code Get},
 * {@code Put}, {@code Update}); replies say what happened ({@code Granted}, {@code Failed}).
 *
 * <p>Assumptions and guarantees: messages between one sender and one receiver arrive in the order
 * sent (a FIFO channel per pair, as Pekko guarantees); nothing else is ordered. A counted
 * reference in transit is carried by exactly one message ({@link #carries()}), so that at every
 * instant an object's refcount equals its holders plus the messages carrying a reference to it.
 *
 * <p>Each kind of object takes its own sealed subtype ({@link ToLink}, {@link ToTask} ...), whose
 * permitted records are the messages its step function handles; a record several kinds take
 * ({@link Get}, {@link Put}) implements each of their types. Everything travels as a {@code Msg}
 * (channels, journal rows).
 */
public sealed interface Msg
        permits Msg.ToProg, Msg.ToLink, Msg.ToMap, Msg.ToCgroup, Msg.ToFile, Msg.ToSession, Msg.ToInode,
        Msg.ToBpffs, Msg.ToCgroupfs, Msg.ToIdr, Msg.ToSessionCounter, Msg.ToSync, Msg.ToTask, Msg.ToMm, Msg.ToFiles {

    /** The counted reference this message transfers (a granted ref, a ref being dropped), or null. */
    default ActorId carries() {
        return null;
    }

    /**
     * The object whose count this message will raise on arrival although its holder already counts
     * it (a new bpffs name), or null.
     */
    default ActorId increments() {
        return null;
    }

    /**
     * A request a task's system call makes of a bpffs path or a link, naming the task: the journal's
     * readers (audit) say who pinned, removed, renamed or updated.
     */
    interface Asked {
        ActorId requester();
    }

    // ---- what each kind of object takes: its step function switches over exactly these ----

    /** What a prog (Prog) takes. */
    sealed interface ToProg extends Msg permits Get, GetIfLive, Put, QueryInfo, AssignId, IdRemoved,
            PrepareSession, Acked {}

    /** What a link (Link) takes. */
    sealed interface ToLink extends Msg permits Get, GetIfLive, Put, QueryInfo, Acked, OpenSession, Update,
            Discard, FreeWork, AssignId, IdRemoved, Visit {}

    /** What a map (BpfMap) takes. */
    sealed interface ToMap extends Msg permits Get, GetIfLive, Put, QueryInfo, AssignId, IdRemoved, Visit {}

    /** What a cgroup (Cgroup) takes. */
    sealed interface ToCgroup extends Msg permits Get, Put, QueryInfo, Visit, DescendantsChanged, Offline {}

    /** What a struct file (OpenFile) takes. */
    sealed interface ToFile extends Msg permits Get, Put, QueryInfo, Acked, Probe, FileRead, WalkGet {}

    /** What an iterator session (SeqSession) takes. */
    sealed interface ToSession extends Msg permits Acked, Running, Visited, MmVisited, MmChecked, ReadSession,
            Release, FileFound, FileGranted {}

    /** What a bpffs inode (Inode) takes. */
    sealed interface ToInode extends Msg permits Put, InodeOpen, InodeGetObj, AddName, DropName {}

    /** What the bpffs mount (Bpffs) takes: its directory operations. */
    sealed interface ToBpffs extends Msg permits Lookup, Mkobj, PathUnlink, PathRename, PathLink, PathMkdir,
            PathRmdir {}

    /** What a task's address space (Mm) takes: get_task_mm, mmput, and bug-B6's unpinned walk. */
    sealed interface ToMm extends Msg permits Get, Put, Visit, MmCheck {}

    /**
     * What a task's files table (FilesTable) takes: the task's fd installs and closes, exit_files,
     * a task_file walk's lookup, and the acks of the walk's fputs.
     */
    sealed interface ToFiles extends Msg permits PublishFd, DropFd, NextFile, Acked {}

    /** What the cgroup hierarchy (Cgroupfs) takes. */
    sealed interface ToCgroupfs extends Msg permits CgroupMkdir, CgroupRmdir, CgroupLookup, Visit, CgroupWalk,
            CgroupReleased {}

    /** What an id allocator (Idr) takes. */
    sealed interface ToIdr extends Msg permits IdAlloc, IdSettle, IdRemove, IdLookup, IdNext {}

    /** What the session id counter (SessionCounter) takes. */
    sealed interface ToSessionCounter extends Msg permits NextSessionId {}

    /** What the user-space signalling object (Sync) takes. */
    sealed interface ToSync extends Msg permits SyncSignal, SyncWait {}

    /** What a task takes: its start, its turn between two calls, and the replies to its system calls. */
    sealed interface ToTask extends Msg permits Granted, Acked, Failed, Refused, Informed, Ready, Probed,
            NextIdIs, SessionIdIs, ReadReturned, SessionProgGranted, SessionLinkGranted, ProgSnapshot, Woken,
            DirOpened, Start, Continue, IdRemoved {}

    // ---- reference counting, on progs, links, maps, cgroups, files and inodes ----

    /** A plain increment (bpf_link_inc, get_file): only a holder of a reference may ask for it. */
    record Get(ActorId requester) implements ToProg, ToLink, ToMap, ToCgroup, ToFile, ToMm {}

    /** *_inc_not_zero under the IDR lock (GET_FD_BY_ID): never revives an object at refcount 0. */
    record GetIfLive(ActorId requester) implements ToProg, ToLink, ToMap {}

    /** Drop one reference on {@code ref}; the one named ackTo is told when the put has completed. */
    record Put(ActorId ref, PutMode mode, ActorId ackTo)
            implements ToProg, ToLink, ToMap, ToCgroup, ToFile, ToInode, ToMm {
        public ActorId carries() { return ref; }
    }

    /** GET_INFO_BY_FD. */
    record QueryInfo(ActorId requester) implements ToProg, ToLink, ToMap, ToCgroup, ToFile {}

    // ---- replies ----

    /** A reference on {@code ref} now belongs to the receiver. */
    record Granted(ActorId ref, Info info) implements ToTask {
        public ActorId carries() { return ref; }
    }

    /** A put (or another synchronous call) has completed. */
    record Acked() implements ToLink, ToFile, ToSession, ToTask, ToFiles, ToProg {}

    record Failed(Errno errno) implements ToTask {}

    /** A request that transferred a reference failed; the reference comes back to its sender. */
    record Refused(Errno errno, ActorId ref) implements ToTask {
        public ActorId carries() { return ref; }
    }

    record Informed(Info info) implements ToTask {}

    /** The object now has its kernel id (prog and map loaded, link primed or settled). */
    record Ready(int id) implements ToTask {}

    /** What an fd is, for calls that take no reference (BPF_LINK_DETACH). */
    record Probed(FileKind kind, FileMode mode) implements ToTask {}

    record NextIdIs(int id) implements ToTask {}

    record SessionIdIs(long id) implements ToTask {}

    /**
     * What read(2) returned; empty means end of file. {@code repeatSeen}: the bytes end a line and
     * object lines have come back after the dump's END line (D6, what a reader sees in the stream;
     * docs/ITERATION-REFS.md), which bounds a {@code read ... until eof} loop.
     */
    record ReadReturned(String bytes, Boolean repeatSeen) implements ToTask {
        public ReadReturned(String bytes) {
            this(bytes, null);
        }

        /** TRUE, or null (not false) so that other reads' rows do not grow. */
        public static ReadReturned of(String bytes, boolean repeatSeen) {
            return new ReadReturned(bytes, repeatSeen ? Boolean.TRUE : null);
        }

        public boolean sawRepeat() {
            return Boolean.TRUE.equals(repeatSeen);
        }
    }

    /** prepare_seq_file's link part is done: the session's prog reference belongs to the receiver. */
    record SessionProgGranted(SessionTemplate template) implements ToTask {
        public ActorId carries() { return template.prog(); }
    }

    /** rfc-seqfile-holds-link: the session's reference is on the link itself. */
    record SessionLinkGranted(SessionTemplate template) implements ToTask {
        public ActorId carries() { return template.link(); }
    }

    /** rfc-seqfile-holds-link: the prog the link runs now, for one read of a session that holds the link. */
    record Running(Info.ProgInfo prog) implements ToSession {}

    /** The link's current prog, read without taking a reference (bug-prog-ref-outside-lock). */
    record ProgSnapshot(SessionTemplate template) implements ToTask {}

    record Woken(String name) implements ToTask {}

    /** open(2) of a bpffs directory succeeded (its file holds only the dentry). */
    record DirOpened() implements ToTask {}

    /** Starts a task: from the setup task when it is done, or from the parent at fork. */
    record Start(java.util.SortedMap<String, Integer> setupIds) implements ToTask {}

    /** A task goes on to its next statement (user space runs between two system calls). */
    record Continue() implements ToTask {}

    // ---- files ----

    /** fdget + the kind check of the call; forwards a Get to the object when it matches. */
    record Probe(Want want, ActorId requester) implements ToFile {}

    record FileRead(int count, ActorId requester) implements ToFile {}

    // ---- links ----

    /** prepare_seq_file, link part: under link_mutex, read link->prog and take a ref on it. */
    record OpenSession(ActorId requester) implements ToLink {}

    /** BPF_LINK_UPDATE under link_mutex; carries the new prog's reference. */
    record Update(ProgId newProg, Info.ProgInfo newInfo, ProgId expectedOld, ActorId requester) implements ToLink, Asked {
        public ActorId carries() { return newProg; }
    }

    /**
     * kfree of a link whose bpf_link_prime failed (the caller's error path), carrying the link's
     * initial reference, or null when the caller frees a link it no longer owns (bug B1).
     */
    record Discard(ActorId ref, ActorId ackTo) implements ToLink {
        public ActorId carries() { return ref; }
    }

    /** The work item that runs bpf_link_free after a deferred put (system workqueue). */
    record FreeWork() implements ToLink {}

    // ---- from the id allocators to their objects ----

    /**
     * From the IDR: take the id it allocated (settled=false: reserved, link->id still 0) or, for a
     * link, settle it (bpf_link_settle). Tell the requester once written.
     */
    record AssignId(int id, boolean settled, ActorId requester) implements ToProg, ToLink, ToMap {}

    /**
     * The reply to IdRemove: the id is gone from the IDR, so an object may now free its memory (a
     * task that removed the id of a link whose prime failed goes on).
     */
    record IdRemoved() implements ToProg, ToLink, ToMap, ToTask {}

    // ---- progs ----

    /** The link, under link_mutex, has the prog take the new session's reference. */
    record PrepareSession(SessionTemplate template, ActorId requester) implements ToProg {}

    // ---- maps and cgroups, visited by sessions ----

    /** A read walks the target object; for a cgroup, in the link's walk order (null for maps and links). */
    record Visit(ActorId session, CgroupOrder order) implements ToLink, ToMap, ToCgroup, ToCgroupfs, ToMm {}

    /** cgroupfs tells a cgroup that a live cgroup below it appeared (+1) or was removed (-1). */
    record DescendantsChanged(int delta) implements ToCgroup {}

    /**
     * What a visited map or cgroup walk has: {@code objects} in walk order (map entries, or the
     * cgroups the walk passes), of which those at the positions {@code hidden} (sorted) are passed
     * but not shown: a dead cgroup's css is still linked until it is released, so
     * css_next_descendant_pre() and friends return it and bpf_seq_read() counts it in seq_num, but
     * cgroup_iter's show skips it (kernel/bpf/cgroup_iter.c __cgroup_iter_seq_show()).
     */
    record Visited(int objects, java.util.List<Integer> hidden) implements ToSession {
        public Visited(int objects) {
            this(objects, java.util.List.of());
        }
    }

    /**
     * get_task_mm() granted: the mm's reference, taken for the session, travels with its vma count;
     * the session walks the vmas and puts it in the same step (mmput in stop()).
     */
    record MmVisited(ActorId mm, int vmas) implements ToSession {
        public ActorId carries() { return mm; }
    }

    // ---- a task's files table, walked by task_file (docs/ITERATION-REFS.md) ----

    /** fd_install() publishes {@code file} at {@code fd} in the task's table (the task holds the reference). */
    record PublishFd(int fd, ActorId.FileId file) implements ToFiles {}

    /**
     * close_fd()/exit_files(): the slot is cleared (under file_lock), then the table fputs the file
     * for the task, which is told when the put is done. The fd's reference travels with it. With
     * {@code exiting}, task->files is NULL from now on: a walk finds no file.
     */
    record DropFd(int fd, ActorId.FileId file, ActorId ackTo, boolean exiting) implements ToFiles {
        public ActorId carries() { return file; }
    }

    /** A task_file walk's lookup (fget_task_next()): the first file at or after {@code fromFd}. */
    record NextFile(ActorId session, int fromFd) implements ToFiles {}

    /**
     * The walk takes a reference on the file it found; {@code fds} are the fds of that file and of
     * the table's files after it, for the session's cursor (the rest of the read shows them).
     */
    record WalkGet(ActorId session, java.util.List<Integer> fds) implements ToFile {}

    /** The walk's reference on {@code file}, granted; the session shows it and fputs it in stop(). */
    record FileGranted(ActorId file, java.util.List<Integer> fds) implements ToSession {
        public ActorId carries() { return file; }
    }

    /**
     * bug-B8: what the lookup read from the table under RCU, with no reference: the session then
     * takes one with a plain get_file(), which revives a file a concurrent close put to zero.
     */
    record FileFound(ActorId file, java.util.List<Integer> fds) implements ToSession {}

    /** bug-B6: the walk reads task->mm (under the task's reference only): is there one? */
    record MmCheck(ActorId session) implements ToMm {}

    /** bug-B6: what task->mm was when read; the walk then uses it with no reference of its own. */
    record MmChecked(boolean present) implements ToSession {}

    /**
     * A cgroup hands a walk that passes other cgroups to cgroupfs, which knows the hierarchy: the
     * live directories and the removed cgroups not yet released ({@code start} "" is the root).
     */
    record CgroupWalk(String start, CgroupOrder order, ActorId session) implements ToCgroupfs {}

    /** A removed cgroup's last reference is gone: css_release unlinks it from its parent's children. */
    record CgroupReleased(String name) implements ToCgroupfs {}

    /** rmdir of the cgroup: it goes offline and its directory's reference is dropped. */
    record Offline(ActorId cgroup, ActorId ackTo) implements ToCgroup {
        public ActorId carries() { return cgroup; }
    }

    // ---- sessions ----

    /** read(2) of a session's file, forwarded by the file: run bpf_seq_read for the requester. */
    record ReadSession(int count, ActorId requester) implements ToSession {}

    /** iter_release: drop the target references and the prog. */
    record Release(ActorId session, ActorId ackTo) implements ToSession {
        public ActorId carries() { return session; }
    }

    // ---- bpffs inodes ----

    /** open(2) on the inode: the new file holds it; a link inode goes on to OpenSession. */
    record InodeOpen(ActorId requester) implements ToInode {}

    /** BPF_OBJ_GET: bpf_any_get on the inode's object. */
    record InodeGetObj(ActorId requester) implements ToInode {}

    /** link(2) made a second name: count it (the inode's count goes up when this arrives). */
    record AddName(ActorId inode, ActorId ackTo) implements ToInode {
        public ActorId increments() { return inode; }
    }

    /** Drop a name that went (unlink, rename over it): carries that name's hold on the inode. */
    record DropName(ActorId inode, ActorId ackTo) implements ToInode {
        public ActorId carries() { return inode; }
    }

    // ---- bpffs ----

    enum LookupFor { OPEN, OBJ_GET }

    record Lookup(String path, LookupFor purpose, ActorId requester) implements ToBpffs, Asked {}

    /**
     * BPF_OBJ_PIN's vfs_mkobj: carries the reference the new inode will hold; {@code kind} is the
     * pinned object's (prog, link or map), which decides how the inode opens.
     */
    record Mkobj(String path, ActorId obj, FileKind kind, ActorId requester) implements ToBpffs, Asked {
        public ActorId carries() { return obj; }
    }

    record PathUnlink(String path, ActorId requester) implements ToBpffs, Asked {}

    record PathRename(String from, String to, ActorId requester) implements ToBpffs, Asked {}

    record PathLink(String from, String to, ActorId requester) implements ToBpffs, Asked {}

    record PathMkdir(String path, ActorId requester) implements ToBpffs, Asked {}

    record PathRmdir(String path, ActorId requester) implements ToBpffs, Asked {}

    // ---- cgroupfs ----

    record CgroupMkdir(String name, ActorId requester) implements ToCgroupfs {}

    record CgroupRmdir(String name, ActorId requester) implements ToCgroupfs {}

    record CgroupLookup(String name, ActorId requester) implements ToCgroupfs {}

    // ---- id allocators (IDR) ----

    record IdAlloc(ActorId obj, boolean settled, ActorId requester) implements ToIdr {}

    record IdSettle(int id, ActorId requester) implements ToIdr {}

    record IdRemove(int id, ActorId ackTo) implements ToIdr {}

    /** GET_FD_BY_ID's lookup under the IDR lock. */
    record IdLookup(int id, ActorId requester) implements ToIdr {}

    record IdNext(int after, ActorId requester) implements ToIdr {}

    // ---- session counter ----

    record NextSessionId(ActorId requester) implements ToSessionCounter {}

    // ---- user-space signalling ----

    record SyncSignal(String name) implements ToSync {}

    record SyncWait(String name, TaskId requester) implements ToSync {}

}
