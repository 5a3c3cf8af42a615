package bpflife.cli.pictures;

import bpflife.explore.Violation;
import bpflife.protocol.ActorId;

/**
 * The step a picture points at (drawn in red, with the chain of deliveries that led to it): a
 * violation's step and object, or a step a user asked about.
 */
public record Focus(long step, ActorId object, String headline) {

    /** A violation's step, object and headline; null for null (a clean run has no focus). */
    public static Focus of(Violation v) {
        return v == null ? null : new Focus(v.step(), v.object(), v.headline());
    }
}
