package bpflife.explore;

import bpflife.model.Invariant;
import bpflife.protocol.ActorId;
import bpflife.protocol.StepRecord;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A broken invariant: which, on what object, at which step, what exactly, and the steps that led
 * there (the object's recent history, oldest first).
 */
public record Violation(Invariant invariant, ActorId object, long step, String detail, List<String> chain) {

    /** How many steps of history a violation shows. */
    static final int CHAIN = 12;

    public String headline() {
        return invariant.title() + " on " + object + " at step " + step + ": " + detail;
    }

    /** The object's recent history in {@code records}: steps it took, and steps that sent it a message or made it. */
    static List<String> chain(List<StepRecord> records, ActorId object) {
        ArrayDeque<String> lines = new ArrayDeque<>();
        for (int i = records.size() - 1; i >= 0 && lines.size() < CHAIN; i--) {
            StepRecord r = records.get(i);
            boolean involved = r.receiver().equals(object)
                    || r.sent().stream().anyMatch(e -> e.to().equals(object))
                    || r.spawned().stream().anyMatch(sp -> sp.id().equals(object));
            if (involved) {
                lines.addFirst(Format.step(r));
            }
        }
        return List.copyOf(lines);
    }
}
