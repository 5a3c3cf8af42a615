package bpflife.explore;

import java.util.List;

/**
 * Another scheduler, except that at one step it delivers the oldest enabled channel: a preemption
 * taken out. The choice the inner scheduler would have made there is not consumed, so a replayed
 * schedule delivers that message at its next chance.
 */
final class FirstAtStrategy implements Scheduler {
    private final Scheduler inner;
    private final long at;
    private long step;

    /** @param at the step (from 1) that takes the first enabled channel */
    FirstAtStrategy(Scheduler inner, long at) {
        this.inner = inner;
        this.at = at;
    }

    @Override
    public int pick(List<Channel> enabled) {
        return ++step == at ? 0 : inner.pick(enabled);
    }

    @Override
    public String describe() {
        return inner.describe() + " first at " + at;
    }
}
