package bpflife.loadtest;

import bpflife.explore.Violation;
import bpflife.loadtest.report.Check;
import bpflife.model.Env;
import bpflife.persistence.JournalException;
import bpflife.persistence.Replayer;
import bpflife.persistence.Store;
import bpflife.persistence.WorldStream;
import java.util.List;

/**
 * The first steps of the run's world, read back from the journal in its global order and replayed
 * through the deterministic runtime: every step must do what was recorded, and every invariant
 * must hold after every step (and at quiescence, when the sample is the whole world and it ended).
 */
final class Sample {
    private Sample() {}

    static Check replay(Store store, String world, Env env, long maxSteps, long persisted) {
        long sample = Math.min(maxSteps, persisted);
        String name = "replay of the first " + sample + " of " + persisted + " steps matched";
        if (sample == 0) {
            return new Check(name, true, "no replay asked for");
        }
        Replayer.Outcome o;
        try (WorldStream ws = WorldStream.open(store, world)) {
            o = Replayer.replay(env, ws.stepRecords(), false, sample);
        } catch (JournalException e) {
            return new Check(name, false, "the journal can't be read back: " + e.getMessage());
        }
        if (!o.identical()) {
            Replayer.Divergence d = o.divergence();
            return new Check(name, false, "step " + d.step() + ": " + d.reason() + "; recorded: " + d.expected()
                    + "; replayed: " + d.actual());
        }
        // the replay stops at the sample's size (a bound, not a violation): what it found before counts
        List<Violation> found = o.result().violations();
        if (!found.isEmpty()) {
            return new Check(name, false, "the deterministic runtime found " + found.getFirst().headline());
        }
        return new Check(name, true, o.steps() + " steps replayed identically through the deterministic runtime, "
                + "every invariant held after every step" + (o.result().quiescent() ? " and at quiescence" : ""));
    }
}
