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
                    + " deliveries but the run goes on (enabled: " + describe(enabled) + ")");
        }
        Choice c = choices.get(next);
        int i = indexOf(enabled, c);
        if (i < 0) {
            throw new Mismatch(next + 1, "step " + (next + 1) + ": the schedule delivers " + c
                    + ", which is not enabled here (enabled: " + describe(enabled) + ")");
        }
        next++;
        return i;
    }

    /** Deliveries the run has used so far. */
    public int used() {
        return next;
    }

    public int size() {
        return choices.size();
    }

    static int indexOf(List<Channel> enabled, Choice c) {
        for (int i = 0; i < enabled.size(); i++) {
            Channel ch = enabled.get(i);
            if (ch.receiver.equals(c.receiver()) && ch.sender.equals(c.sender()) && ch.headSeq() == c.seq()) {
                return i;
            }
        }
        return -1;
    }

    static String describe(List<Channel> enabled) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < enabled.size() && i < 6; i++) {
            Channel ch = enabled.get(i);
            b.append(i == 0 ? "" : ", ").append(new Choice(ch.receiver, ch.sender, ch.headSeq()));
        }
        if (enabled.size() > 6) {
            b.append(", ... ").append(enabled.size() - 6).append(" more");
        }
        return b.toString();
    }

    @Override
    public String describe() {
        return "replay(" + choices.size() + " deliveries)";
    }
}
