package bpflife.protocol;

/**
 * What GET_INFO_BY_FD (and the object's own replies) tell about an object: what bpftool prints.
 */
public sealed interface Info {

    /** bpf_prog_info of an iterator program. */
    record ProgInfo(int id, String name, IterTarget target, boolean sleepable, int pad) implements Info {}

    /** bpf_link_info of an iterator link; mapId/cgroupName are the target fields bpftool prints. */
    record LinkInfo(int id, int progId, IterTarget target, int mapId, String cgroup, CgroupOrder order, int tid)
            implements Info {}

    record MapInfo(int id, MapType type, int entries) implements Info {}

    record CgroupInfo(String name) implements Info {}
}
