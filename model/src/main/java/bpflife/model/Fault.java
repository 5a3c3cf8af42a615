package bpflife.model;

import bpflife.protocol.ActorId;

/** A broken invariant noticed by a step itself (the kernel code it models misbehaved). */
public record Fault(Invariant invariant, ActorId object, String detail) {}
