package bpflife.protocol;

/** Map types the model can create; only some can back a bpf_map_elem iterator. */
public enum MapType {
    HASH("hash", true), ARRAY("array", true), LRU_HASH("lru_hash", true),
    PERCPU_HASH("percpu_hash", true), PERCPU_ARRAY("percpu_array", true),
    RINGBUF("ringbuf", false);

    private final String kernelName;
    private final boolean elemIterable;

    MapType(String kernelName, boolean elemIterable) {
        this.kernelName = kernelName;
        this.elemIterable = elemIterable;
    }

    public String kernelName() {
        return kernelName;
    }

    /** Whether bpf_map_elem accepts it at attach (else EINVAL). */
    public boolean elemIterable() {
        return elemIterable;
    }

    public static MapType byKernelName(String name) {
        for (MapType t : values()) {
            if (t.kernelName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
