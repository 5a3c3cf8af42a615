package bpflife.model;

import bpflife.protocol.IdKind;
import bpflife.protocol.Info;

/**
 * An object the kernel numbers in an IDR and bpftool lists: a prog, a link, a map. Its id is 0
 * until the IDR assigned one; it is listed while its refcount is above zero and its id settled
 * (GET_FD_BY_ID refuses it otherwise).
 */
public sealed interface Listed extends ObjectState permits Prog.State, Link.State, BpfMap.State {

    IdKind idKind();

    /** The kernel id, or 0 before the IDR gave one. */
    int id();

    /** What bpftool prints for it. */
    Info info();

    /** The IDR hands it out: refcount above zero and id settled. */
    boolean listable();
}
