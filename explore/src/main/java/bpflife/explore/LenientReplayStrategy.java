package bpflife.explore;

import bpflife.protocol.Choice;
import java.util.List;

/**
 * Follows a list of choices as far as they apply, skipping those whose channel head does not
 * match, and takes the first enabled channel once they run out: how a shrunk scenario or a
 * shortened schedule is tried.
 */
public final class LenientReplayStrategy implements Scheduler {
    private final List<Choice> choices;
    private int next;

    public LenientReplayStrategy(List<Choice> choices) {
        this.choices = List.copyOf(choices);
    }

    @Override
    public int pick(List<Channel> enabled) {
        while (next < choices.size()) {
            int i = StepMatch.indexOf(enabled, choices.get(next++));
            if (i >= 0) {
                return i;
            }
        }
        return 0;
    }

    @Override
    public String describe() {
        return "lenient-replay(" + choices.size() + " deliveries)";
    }
}
