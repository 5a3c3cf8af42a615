package bpflife.explore;

import bpflife.protocol.Choice;
import java.util.List;

/**
 * Delivers exactly the given choices, in order. Fails loudly, naming the step, when a choice does
 * not apply (its channel has no message with that number at its head): the scenario, the
 * semantics or bpflife changed since the schedule was written.
 */
public final class ReplayStrategy implements Scheduler {
    private final List<Choice> choices;
    private int next;

    public ReplayStrategy(List<Choice> choices) {
        this.choices = List.copyOf(choices);
    }

    /** Thrown when the schedule no longer applies. */
    public static final class Mismatch extends RuntimeException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        private final long step;

        Mismatch(long step, String message) {
            super(message);
            this.step = step;
        }

        public long step() {
            return step;
        }
    }

    @Override
    public int pick(List<Channel> enabled) {
        if (next >= choices.size()) {
            throw new Mismatch(next + 1, "step " + (next + 1) + ": the schedule has only " + choices.size()
                    + " deliveries but the run goes on (enabled: " + StepMatch.describe(enabled) + ")");
        }
        Choice c = choices.get(next);
        int i = StepMatch.indexOf(enabled, c);
        if (i < 0) {
            throw new Mismatch(next + 1, "step " + (next + 1) + ": the schedule delivers " + c
                    + ", which is not enabled here (enabled: " + StepMatch.describe(enabled) + ")");
        }
        next++;
        return i;
    }

    public int size() {
        return choices.size();
    }

    @Override
    public String describe() {
        return "replay(" + choices.size() + " deliveries)";
    }
}
