package bpflife.protocol;

/** bpf_cgroup_iter_order; 0 (unspec) is refused at attach with EINVAL. */
public enum CgroupOrder {
    SELF_ONLY("self_only"), DESCENDANTS_PRE("descendants_pre"),
    DESCENDANTS_POST("descendants_post"), ANCESTORS_UP("ancestors_up");

    private final String text;

    CgroupOrder(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static CgroupOrder byText(String s) {
        for (CgroupOrder o : values()) {
            if (o.text.equals(s)) {
                return o;
            }
        }
        return null;
    }
}
