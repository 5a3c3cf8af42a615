package bpflife.explore;

import bpflife.protocol.Choice;
import java.util.ArrayList;
import java.util.List;

/** Wraps a scheduler and keeps every choice it made, named stably: the run's schedule. */
public final class RecordingScheduler implements Scheduler {
    private final Scheduler inner;
    private final List<Choice> choices = new ArrayList<>();
    private int preemptions;

    public RecordingScheduler(Scheduler inner) {
        this.inner = inner;
    }

    @Override
    public int pick(List<Channel> enabled) {
        int i = inner.pick(enabled);
        Channel ch = enabled.get(i);
        choices.add(new Choice(ch.receiver, ch.sender, ch.headSeq()));
        if (i != 0) {
            preemptions++;
        }
        return i;
    }

    /**
     * A step where {@code only} was the one channel enabled, already taken (a prefix that every
     * run shares, run once): the inner scheduler is shown it as if it were choosing now (so that
     * it draws its random numbers as it would have), and {@code choice} is what it chose then.
     */
    public void taken(Channel only, Choice choice) {
        inner.pick(List.of(only));
        choices.add(choice);
    }

    /** Choices that were not the oldest enabled channel: where the schedule departs from the default. */
    public int preemptions() {
        return preemptions;
    }

    public List<Choice> choices() {
        return List.copyOf(choices);
    }

    @Override
    public String describe() {
        return inner.describe();
    }
}
