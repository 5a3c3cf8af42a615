package bpflife.model.world;

import bpflife.model.Invariant;
import bpflife.protocol.ActorId;

/** A broken invariant of the {@link Invariants} catalogue: which, on what object, what exactly. */
public record Breach(Invariant invariant, ActorId object, String detail) {}
