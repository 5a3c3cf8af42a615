package bpflife.model.calls;

/** The rules of the semantics under run that the calls read (the model's {@code Semantics}). */
public interface Rules {

    /** bpf_link_prime() allocates the id before the file (Linux); else the file first (bug B1). */
    boolean primeIdFirst();

    /** A session's prog reference goes into a link of its own (the RFC design). */
    boolean linkPerSession();

    /** A bpf_map_elem session holds its map. */
    boolean sessionHoldsMap();

    /** A cgroup session holds its cgroup. */
    boolean sessionHoldsCgroup();
}
