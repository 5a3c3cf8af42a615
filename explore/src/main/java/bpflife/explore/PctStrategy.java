package bpflife.explore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS 2010),
 * with channels in the place of threads: every channel gets a random priority when it first has
 * a message, the enabled channel with the highest priority is delivered, and at d - 1 steps chosen
 * at random in [1, k] the channel just chosen drops to a priority below every initial one. A bug
 * of depth d is then found with probability at least 1 / (n k^(d-1)).
 */
public final class PctStrategy implements Scheduler {
    private final long seed;
    private final int depth;
    private final SplittableRandom random;
    private final Map<Channel, Integer> priority = new HashMap<>();
    private final List<Long> changePoints = new ArrayList<>();
    private long step;
    private int lowered;

    /** @param k the expected number of steps of a run (change points fall in [1, k]) */
    public PctStrategy(long seed, int depth, long k) {
        this.seed = seed;
        this.depth = depth;
        this.random = new SplittableRandom(seed);
        for (int i = 0; i < depth - 1; i++) {
            changePoints.add(1 + random.nextLong(Math.max(1, k)));
        }
    }

    @Override
    public int pick(List<Channel> enabled) {
        step++;
        int best = -1;
        int bestPriority = Integer.MIN_VALUE;
        for (int i = 0; i < enabled.size(); i++) {
            Channel ch = enabled.get(i);
            // initial priorities are >= depth, so lowered ones (depth - 1 ... 1) sit below all of them
            int p = priority.computeIfAbsent(ch, c -> depth + random.nextInt(1 << 20));
            if (p > bestPriority) {
                bestPriority = p;
                best = i;
            }
        }
        if (changePoints.contains(step)) {
            lowered++;
            priority.put(enabled.get(best), depth - lowered);
        }
        return best;
    }

    @Override
    public String describe() {
        return "pct(seed=" + seed + ", depth=" + depth + ")";
    }
}
