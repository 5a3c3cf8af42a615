package bpflife.persistence;

/** No world of that name is in the journal. */
public final class UnknownWorldException extends RuntimeException {
    @java.io.Serial
    private static final long serialVersionUID = 1L;

    public UnknownWorldException(String world, String where) {
        super("no world '" + world + "' in the journal (" + where + ")");
    }
}
