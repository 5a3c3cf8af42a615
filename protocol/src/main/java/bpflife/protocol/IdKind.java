package bpflife.protocol;

/** The three IDR-backed id spaces user space can enumerate (GET_NEXT_ID / GET_FD_BY_ID). */
public enum IdKind {
    PROG, LINK, MAP;

    public ActorId.ServiceId idr() {
        return switch (this) {
            case PROG -> ActorId.PROG_IDR;
            case LINK -> ActorId.LINK_IDR;
            case MAP -> ActorId.MAP_IDR;
        };
    }

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
