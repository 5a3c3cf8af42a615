package bpflife.protocol;

import java.util.List;

/**
 * Where one system call is inside the kernel: the references it holds for the call and how many
 * replies it waits for. The model's call states implement it (a record per state of each call,
 * with named fields); the journal records them by a qualified name such as
 * {@code "LinkUpdate.Updating"}.
 *
 * <p>Assumptions and guarantees: {@link #held()} is in a canonical (sorted) order, so that two
 * worlds that differ only in the order replies came in are equal.
 */
public interface CallState {

    /** The counted references the call holds for itself (not the task's fds), sorted. */
    List<ActorId> held();

    /** How many replies the call waits for before it moves on (at least 1). */
    int awaiting();
}
