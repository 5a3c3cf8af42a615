package bpflife.protocol;

/**
 * What GET_INFO_BY_FD (and the object's own replies) tell about an object: what bpftool prints.
 */
public sealed interface Info {

    /** bpf_prog_info of an iterator program; {@code ret}: what it returns after each object (0, or 1). */
    record ProgInfo(int id, String name, IterTarget target, boolean sleepable, int pad, int ret) implements Info {
        public ProgInfo(int id, String name, IterTarget target, boolean sleepable, int pad) {
            this(id, name, target, sleepable, pad, 0);
        }
    }

    /** bpf_link_info of an iterator link; mapId/cgroupName are the target fields bpftool prints. */
    record LinkInfo(int id, int progId, IterTarget target, int mapId, String cgroup, CgroupOrder order, int tid,
                    int pid) implements Info {
        public LinkInfo(int id, int progId, IterTarget target, int mapId, String cgroup, CgroupOrder order, int tid) {
            this(id, progId, target, mapId, cgroup, order, tid, 0);
        }
    }

    record MapInfo(int id, MapType type, int entries) implements Info {}

    record CgroupInfo(String name) implements Info {}

    /**
     * The object's IDR id (a prog's, link's or map's), 0 for a cgroup (it has none in an IDR) or
     * no info. Static, not a record accessor: a method named id() on CgroupInfo would become a
     * property of its journal rows.
     */
    static int idOf(Info info) {
        return switch (info) {
            case ProgInfo p -> p.id();
            case LinkInfo l -> l.id();
            case MapInfo m -> m.id();
            case CgroupInfo c -> 0;
            case null -> 0;
        };
    }
}
