package bpflife.explore;

import bpflife.model.Invariant;
import bpflife.protocol.ActorId;
import java.util.List;

/**
 * A broken invariant: which, on what object, at which step, what exactly, and the steps that led
 * there (the object's recent history, oldest first).
 */
public record Violation(Invariant invariant, ActorId object, long step, String detail, List<String> chain) {

    public String headline() {
        return invariant.title() + " on " + object + " at step " + step + ": " + detail;
    }
}
