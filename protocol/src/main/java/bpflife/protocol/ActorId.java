package bpflife.protocol;

/**
 * The identity of one modelled kernel object (one actor). Typed, so that a message meant for a
 * link cannot be addressed to a prog by mistake.
 *
 * <p>Objects made at run time are named by their creator and the creator's own counter
 * ({@code link:setup.1} is the first link that task {@code setup} created). That name depends only
 * on the creator's own sequence of steps, so it is the same in the deterministic and the live
 * runtime, whatever the interleaving of the other actors. Kernel ids (the numbers that
 * {@code bpftool} prints) are something else: they come from the id allocators.
 */
public sealed interface ActorId extends Comparable<ActorId> {

    /** The object kind, also the first part of {@link #key()}. */
    Kind kind();

    /** A stable, human-readable name such as {@code link:setup.1}; unique in a world. */
    String key();

    /** The name part of the key: the owner (or task, cgroup name, service), without building a string. */
    String name();

    /** The number part of the key (the creator's counter), or 0. */
    default int number() {
        return 0;
    }

    /** The order of {@link #key()}, without building the keys (it is on the exhaustive search's hot path). */
    @Override
    default int compareTo(ActorId o) {
        int c = kind().compareTo(o.kind());
        if (c != 0) {
            return c;
        }
        c = name().compareTo(o.name());
        return c != 0 ? c : Integer.compare(number(), o.number());
    }

    enum Kind { TASK, PROG, LINK, MAP, FILE, SESSION, INODE, CGROUP, MM, FILES, SERVICE }

    /** A user-space process with its fd table; named by the scenario. */
    record TaskId(String name) implements ActorId {
        public Kind kind() { return Kind.TASK; }
        public String key() { return "task:" + name; }
        @Override public String toString() { return key(); }
    }

    record ProgId(String owner, int n) implements ActorId {
        public String name() { return owner; }
        public int number() { return n; }
        public Kind kind() { return Kind.PROG; }
        public String key() { return "prog:" + owner + "." + n; }
        @Override public String toString() { return key(); }
    }

    record LinkId(String owner, int n) implements ActorId {
        public String name() { return owner; }
        public int number() { return n; }
        public Kind kind() { return Kind.LINK; }
        public String key() { return "link:" + owner + "." + n; }
        @Override public String toString() { return key(); }
    }

    record MapId(String owner, int n) implements ActorId {
        public String name() { return owner; }
        public int number() { return n; }
        public Kind kind() { return Kind.MAP; }
        public String key() { return "map:" + owner + "." + n; }
        @Override public String toString() { return key(); }
    }

    /** A struct file: what an fd points to (prog, link, map, cgroup dir or an iterator session). */
    record FileId(String owner, int n) implements ActorId {
        public String name() { return owner; }
        public int number() { return n; }
        public Kind kind() { return Kind.FILE; }
        public String key() { return "file:" + owner + "." + n; }
        @Override public String toString() { return key(); }
    }

    /** The seq_file of one iterator session (bpf_iter_priv_data). */
    record SessionId(String owner, int n) implements ActorId {
        public String name() { return owner; }
        public int number() { return n; }
        public Kind kind() { return Kind.SESSION; }
        public String key() { return "session:" + owner + "." + n; }
        @Override public String toString() { return key(); }
    }

    /** A bpffs inode: what a pin name points to. */
    record InodeId(int n) implements ActorId {
        public String name() { return ""; }
        public int number() { return n; }
        public Kind kind() { return Kind.INODE; }
        public String key() { return "inode:" + n; }
        @Override public String toString() { return key(); }
    }

    /** A cgroup (cgroup v2 directory), named by its path below /sys/fs/cgroup. */
    record CgroupId(String name) implements ActorId {
        public Kind kind() { return Kind.CGROUP; }
        public String key() { return "cgroup:" + name; }
        @Override public String toString() { return key(); }
    }

    /**
     * A task's address space (mm_struct), named by its task: modelled only for tasks a task_vma
     * iterator names (docs/ITERATION-REFS.md).
     */
    record MmId(String task) implements ActorId {
        public String name() { return task; }
        public Kind kind() { return Kind.MM; }
        public String key() { return "mm:" + task; }
        @Override public String toString() { return key(); }
    }

    /**
     * A task's files table (files_struct: fd to struct file), named by its task: modelled only for
     * tasks a {@code tid NAME} link names in a scenario with a task_file program (docs/ITERATION-REFS.md).
     */
    record FilesId(String task) implements ActorId {
        public String name() { return task; }
        public Kind kind() { return Kind.FILES; }
        public String key() { return "files:" + task; }
        @Override public String toString() { return key(); }
    }

    /** The kernel's singletons: id allocators, the session counter, the file systems. */
    record ServiceId(Service service) implements ActorId {
        public String name() { return service.key; }
        public Kind kind() { return Kind.SERVICE; }
        public String key() { return service.key; }
        @Override public String toString() { return key(); }
    }

    enum Service {
        PROG_IDR("idr:prog"), LINK_IDR("idr:link"), MAP_IDR("idr:map"),
        SESSION_COUNTER("session-counter"), BPFFS("bpffs"), CGROUPFS("cgroupfs"),
        /** User-space signalling between scenario tasks (not a kernel object). */
        SYNC("sync"),
        /** Who starts the setup task: the world itself. */
        WORLD("world");

        final String key;

        Service(String key) {
            this.key = key;
        }
    }

    /** The inverse of {@link #key()}: {@code link:setup.1} back to a LinkId. */
    static ActorId parse(String key) {
        for (Service sv : Service.values()) {
            if (sv.key.equals(key)) {
                return new ServiceId(sv);
            }
        }
        int colon = key.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("not an object key: " + key);
        }
        String kind = key.substring(0, colon);
        String rest = key.substring(colon + 1);
        switch (kind) {
            case "task": return new TaskId(rest);
            case "cgroup": return new CgroupId(rest);
            case "mm": return new MmId(rest);
            case "files": return new FilesId(rest);
            case "inode": return new InodeId(Integer.parseInt(rest));
            default: break;
        }
        int dot = rest.lastIndexOf('.');
        if (dot < 0) {
            throw new IllegalArgumentException("not an object key: " + key);
        }
        String owner = rest.substring(0, dot);
        int n = Integer.parseInt(rest.substring(dot + 1));
        return switch (kind) {
            case "prog" -> new ProgId(owner, n);
            case "link" -> new LinkId(owner, n);
            case "map" -> new MapId(owner, n);
            case "file" -> new FileId(owner, n);
            case "session" -> new SessionId(owner, n);
            default -> throw new IllegalArgumentException("not an object key: " + key);
        };
    }

    ServiceId PROG_IDR = new ServiceId(Service.PROG_IDR);
    ServiceId LINK_IDR = new ServiceId(Service.LINK_IDR);
    ServiceId MAP_IDR = new ServiceId(Service.MAP_IDR);
    ServiceId SESSION_COUNTER = new ServiceId(Service.SESSION_COUNTER);
    ServiceId BPFFS = new ServiceId(Service.BPFFS);
    ServiceId CGROUPFS = new ServiceId(Service.CGROUPFS);
    ServiceId SYNC = new ServiceId(Service.SYNC);
    ServiceId WORLD = new ServiceId(Service.WORLD);
}
