package bpflife.model;

import java.util.List;

/**
 * A named variant of the kernel's rules. {@code linux} is the kernel as merged (6.18 as
 * measured); each other variant changes one rule, the minimal change that reintroduces a bug or
 * models a design argued on the list. The state machines consult these flags at the few places
 * where the variants differ; everything else is shared.
 *
 * @param incNotZero        GET_FD_BY_ID uses *_inc_not_zero under the IDR lock
 * @param progRefUnderLock  open/ITER_CREATE take the session's prog ref under link_mutex
 * @param sessionHoldsMap   bpf_map_elem sessions take their own map uref (fix of B2)
 * @param sessionHoldsCgroup cgroup sessions pin the start css (fix of B5)
 * @param primeIdFirst      bpf_link_prime allocates the id before the file (fix of B1)
 * @param sessionHoldsLink  a session holds the link and runs its current prog (the RFC design)
 * @param linkPerSession    each open makes an anonymous link of its own, listed, that the session holds
 * @param vmaWalkHoldsMm    task_vma takes the mm with get_task_mm() while it walks (fix of B6)
 * @param fileWalkGetRcu    task_file takes each file it finds with an increment that fails at zero
 *                          (get_file_rcu(), fix of B8), not a plain get_file()
 */
public record Semantics(String name, String summary, boolean incNotZero, boolean progRefUnderLock,
                        boolean sessionHoldsMap, boolean sessionHoldsCgroup, boolean primeIdFirst,
                        boolean sessionHoldsLink, boolean linkPerSession, boolean vmaWalkHoldsMm,
                        boolean fileWalkGetRcu)
        implements bpflife.model.calls.Rules {

    public static final Semantics LINUX = new Semantics("linux", "the kernel as merged (6.18 as measured)",
            true, true, true, true, true, false, false, true, true);

    public static List<Semantics> all() {
        return List.of(LINUX,
                LINUX.with("bug-inc-not-zero", "GET_FD_BY_ID increments without checking for zero",
                        false, true, true, true, true),
                LINUX.with("bug-prog-ref-outside-lock", "open reads link->prog under link_mutex, takes the ref later",
                        true, false, true, true, true),
                LINUX.with("bug-B1", "bpf_link_prime makes the file before the id (5.8 before 138c67677ff5)",
                        true, true, true, true, false),
                LINUX.with("bug-B2", "map element sessions rely on the link's map reference (before 6.0)",
                        true, true, false, true, true),
                LINUX.with("bug-B5", "cgroup sessions rely on the link's cgroup reference (before 6.2)",
                        true, true, true, false, true),
                new Semantics("bug-B6", "task_vma walks task->mm without a reference of its own (before 7ff94f276f8e, 6.2)",
                        true, true, true, true, true, false, false, false, true),
                new Semantics("bug-B8", "task_file takes the file it found with get_file(), reviving one a close put to zero (before cf28f3bbfca0, 5.9)",
                        true, true, true, true, true, false, false, true, false),
                new Semantics("rfc-seqfile-holds-link",
                        "RFC design: a session holds the link and runs whatever prog the link has at each read",
                        true, true, true, true, true, true, false, true, true),
                new Semantics("rfc-link-per-session",
                        "RFC design: each open makes its own anonymous link (listed in link show) held by the session",
                        true, true, true, true, true, false, true, true, true));
    }

    public static Semantics byName(String name) {
        return all().stream().filter(s -> s.name.equals(name)).findFirst().orElse(null);
    }

    private Semantics with(String n, String s, boolean a, boolean b, boolean c, boolean d, boolean e) {
        return new Semantics(n, s, a, b, c, d, e, sessionHoldsLink, linkPerSession, vmaWalkHoldsMm, fileWalkGetRcu);
    }
}
