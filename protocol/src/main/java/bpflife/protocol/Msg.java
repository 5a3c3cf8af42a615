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
 */
public sealed interface Msg {

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

    // ---- reference counting, on progs, links, maps, cgroups, files and inodes ----

    /** A plain increment (bpf_link_inc, get_file): only a holder of a reference may ask for it. */
    record Get(ActorId requester) implements Msg {}

    /** *_inc_not_zero under the IDR lock (GET_FD_BY_ID): never revives an object at refcount 0. */
    record GetIfLive(ActorId requester) implements Msg {}

    /** Drop one reference on {@code ref}; the one named ackTo is told when the put has completed. */
    record Put(ActorId ref, PutMode mode, ActorId ackTo) implements Msg {
        public ActorId carries() { return ref; }
    }

    /** GET_INFO_BY_FD. */
    record QueryInfo(ActorId requester) implements Msg {}

    // ---- replies ----

    /** A reference on {@code ref} now belongs to the receiver. */
    record Granted(ActorId ref, Info info) implements Msg {
        public ActorId carries() { return ref; }
    }

    /** A put (or another synchronous call) has completed. */
    record Acked() implements Msg {}

    record Failed(Errno errno) implements Msg {}

    /** A request that transferred a reference failed; the reference comes back to its sender. */
    record Refused(Errno errno, ActorId ref) implements Msg {
        public ActorId carries() { return ref; }
    }

    record Informed(Info info) implements Msg {}

    /** The object now has its kernel id (prog and map loaded, link primed or settled). */
    record Ready(int id) implements Msg {}

    /** What an fd is, for calls that take no reference (BPF_LINK_DETACH). */
    record Probed(FileKind kind) implements Msg {}

    record NextIdIs(int id) implements Msg {}

    record SessionIdIs(long id) implements Msg {}

    /** What read(2) returned; empty means end of file. */
    record ReadReturned(String bytes) implements Msg {}

    /** prepare_seq_file's link part is done: the session's prog reference belongs to the receiver. */
    record SessionProgGranted(SessionTemplate template) implements Msg {
        public ActorId carries() { return template.prog(); }
    }

    /** rfc-seqfile-holds-link: the session's reference is on the link itself. */
    record SessionLinkGranted(SessionTemplate template) implements Msg {
        public ActorId carries() { return template.link(); }
    }

    /** rfc-seqfile-holds-link: the prog the link runs now, for one read of a session that holds the link. */
    record Running(Info.ProgInfo prog) implements Msg {}

    /** The link's current prog, read without taking a reference (bug-prog-ref-outside-lock). */
    record ProgSnapshot(SessionTemplate template) implements Msg {}

    record Woken(String name) implements Msg {}

    /** open(2) of a bpffs directory succeeded (its file holds only the dentry). */
    record DirOpened() implements Msg {}

    /** Starts a task: from the setup task when it is done, or from the parent at fork. */
    record Start(java.util.SortedMap<String, Integer> setupIds) implements Msg {}

    /** A task goes on to its next statement (user space runs between two system calls). */
    record Continue() implements Msg {}

    // ---- files ----

    /** fdget + the kind check of the call; forwards a Get to the object when it matches. */
    record Probe(Want want, ActorId requester) implements Msg {}

    record FileRead(int count, ActorId requester) implements Msg {}

    // ---- links ----

    /** prepare_seq_file, link part: under link_mutex, read link->prog and take a ref on it. */
    record OpenSession(ActorId requester) implements Msg {}

    /** BPF_LINK_UPDATE under link_mutex; carries the new prog's reference. */
    record Update(ProgId newProg, Info.ProgInfo newInfo, ProgId expectedOld, ActorId requester) implements Msg {
        public ActorId carries() { return newProg; }
    }

    /**
     * kfree of a link whose bpf_link_prime failed (the caller's error path), carrying the link's
     * initial reference, or null when the caller frees a link it no longer owns (bug B1).
     */
    record Discard(ActorId ref, ActorId ackTo) implements Msg {
        public ActorId carries() { return ref; }
    }

    /** The work item that runs bpf_link_free after a deferred put (system workqueue). */
    record FreeWork() implements Msg {}

    // ---- from the id allocators to their objects ----

    /** The object's id was allocated (settled=false: reserved, link->id still 0) or settled. */
    record IdAssigned(int id, boolean settled, ActorId requester) implements Msg {}

    /** The object's id is gone from the IDR: its memory may now be freed. */
    record IdRemoved() implements Msg {}

    // ---- progs ----

    /** The link, under link_mutex, has the prog take the new session's reference. */
    record PrepareSession(SessionTemplate template, ActorId requester) implements Msg {}

    // ---- maps and cgroups, visited by sessions ----

    /** A read walks the target object; for a cgroup, in the link's walk order (null for maps and links). */
    record Visit(ActorId session, CgroupOrder order) implements Msg {}

    /** cgroupfs tells a cgroup that a live cgroup below it appeared (+1) or was removed (-1). */
    record DescendantsChanged(int delta) implements Msg {}

    /** The objects a visited map or cgroup shows: map entries, or the cgroups the walk visits (0 when dead). */
    record Visited(int objects) implements Msg {}

    /** rmdir of the cgroup: it goes offline and its directory's reference is dropped. */
    record Offline(ActorId cgroup, ActorId ackTo) implements Msg {
        public ActorId carries() { return cgroup; }
    }

    // ---- sessions ----

    record SessionRead(int count, ActorId requester) implements Msg {}

    /** iter_release: drop the target references and the prog. */
    record Release(ActorId session, ActorId ackTo) implements Msg {
        public ActorId carries() { return session; }
    }

    // ---- bpffs inodes ----

    /** open(2) on the inode: the new file holds it; a link inode goes on to OpenSession. */
    record InodeOpen(ActorId requester) implements Msg {}

    /** BPF_OBJ_GET: bpf_any_get on the inode's object. */
    record InodeGetObj(ActorId requester) implements Msg {}

    /** link(2) added a name: the inode's count goes up when this arrives. */
    record NameAdded(ActorId inode, ActorId ackTo) implements Msg {
        public ActorId increments() { return inode; }
    }

    /** A name went (unlink, rename over it): carries that name's hold on the inode. */
    record NameDropped(ActorId inode, ActorId ackTo) implements Msg {
        public ActorId carries() { return inode; }
    }

    // ---- bpffs ----

    enum LookupFor { OPEN, OBJ_GET }

    record Lookup(String path, LookupFor purpose, ActorId requester) implements Msg {}

    /** BPF_OBJ_PIN's vfs_mkobj: carries the reference the new inode will hold. */
    record Mkobj(String path, ActorId obj, FileKind kind, ActorId requester) implements Msg {
        public ActorId carries() { return obj; }
    }

    record PathUnlink(String path, ActorId requester) implements Msg {}

    record PathRename(String from, String to, ActorId requester) implements Msg {}

    record PathLink(String from, String to, ActorId requester) implements Msg {}

    record PathMkdir(String path, ActorId requester) implements Msg {}

    record PathRmdir(String path, ActorId requester) implements Msg {}

    // ---- cgroupfs ----

    record CgroupMkdir(String name, ActorId requester) implements Msg {}

    record CgroupRmdir(String name, ActorId requester) implements Msg {}

    record CgroupLookup(String name, ActorId requester) implements Msg {}

    // ---- id allocators (IDR) ----

    record IdAlloc(ActorId obj, boolean settled, ActorId requester) implements Msg {}

    record IdSettle(int id, ActorId requester) implements Msg {}

    record IdRemove(int id, ActorId ackTo) implements Msg {}

    /** GET_FD_BY_ID's lookup under the IDR lock. */
    record IdLookup(int id, ActorId requester) implements Msg {}

    record IdNext(int after, ActorId requester) implements Msg {}

    // ---- session counter ----

    record NextSessionId(ActorId requester) implements Msg {}

    // ---- user-space signalling ----

    record SyncSignal(String name) implements Msg {}

    record SyncWait(String name, TaskId requester) implements Msg {}

}
