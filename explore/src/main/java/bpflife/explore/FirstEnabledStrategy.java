package bpflife.explore;

import java.util.List;

/** Always the oldest enabled channel: one fixed, unsurprising interleaving. */
public final class FirstEnabledStrategy implements Scheduler {
    @Override
    public int pick(List<Channel> enabled) {
        return 0;
    }

    @Override
    public String describe() {
        return "first-enabled";
    }
}
