package bpflife.model;

import bpflife.protocol.ActorId;
import java.util.List;

/**
 * The state of one modelled object. States are immutable; a step returns events and
 * {@link Kernel#apply} folds them in.
 */
public sealed interface ObjectState
        permits Listed, Cgroup.State, OpenFile.State, SeqSession.State,
        Inode.State, Bpffs.State, Cgroupfs.State, Idr.State, SessionCounter.State, Sync.State, Task.State, Mm.State,
        FilesTable.State {

    ActorId self();

    /** Memory gone: any message to it now is a use after free. */
    default boolean freed() {
        return false;
    }

    /** The counted references this object holds, one entry per reference. */
    default List<ActorId> holds() {
        return List.of();
    }

    /** The count of references on this object, or -1 for objects that are not counted. */
    default long refcount() {
        return -1;
    }
}
