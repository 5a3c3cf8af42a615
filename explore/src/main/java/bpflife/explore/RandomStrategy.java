package bpflife.explore;

import java.util.List;
import java.util.SplittableRandom;

/** A uniformly random enabled channel at every step, from one seeded generator. */
public final class RandomStrategy implements Scheduler {
    private final long seed;
    private final SplittableRandom random;

    public RandomStrategy(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public int pick(List<Channel> enabled) {
        return enabled.size() == 1 ? 0 : random.nextInt(enabled.size());
    }

    @Override
    public String describe() {
        return "random(seed=" + seed + ")";
    }
}
