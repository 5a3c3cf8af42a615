package bpflife.kernel;

/**
 * The kernel check cannot run here: not root, no kernel BTF, no bpffs, a missing tool, a scenario
 * statement no real kernel can do, or a program type the kernel refuses. Not a disagreement.
 */
public final class SkippedException extends RuntimeException {
    @java.io.Serial
    private static final long serialVersionUID = 1L;

    public SkippedException(String reason) {
        super(reason);
    }

    /** The reason, for {@code skipped: <reason>}. */
    public String reason() {
        return getMessage();
    }
}
