package bpflife.explore;

import bpflife.model.Env;
import bpflife.protocol.Choice;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Swarm verification (Holzmann, Joshi, Groce: "Swarm verification techniques", as Spin's swarm
 * does it): for state spaces beyond one exhaustive search, many bounded compact searches, each
 * diversified (its own seed orders the deliveries it tries, so each dives into a different part
 * first), each stopping at its own state bound, on every core. A violation found by any of them is
 * a concrete schedule and replays like any other; the one reported is the lowest-numbered
 * search's, so the answer does not depend on thread timing (unless --time cuts the swarm short).
 *
 * <p>How much it covered: every search adds its fingerprints to one shared set, and counts those
 * already there (recaptures); the size of the reduced state space is estimated by Schnabel's
 * capture-recapture estimate N = sum(C_t M_t) / sum(R_t) (search t saw C_t states, of which R_t
 * were already among the M_t seen before it), and the coverage is what was seen over N. It is an
 * estimate: searches are not random samples of the state space (a depth-first search from the
 * start meets the early states every time), which biases N low and the coverage high (on the seed
 * race with three readers, six searches of 200,000 states saw 624,512 of 2,590,074 states and
 * estimated 690,516). If one
 * search ends below its bound, it was a complete exhaustive search, and the answer is complete.
 */
public final class Swarm {

    /** What the swarm did: searches run, distinct states seen, the estimate, and whether one search completed. */
    public record Result(long searches, long seen, long transitions, double estimate, boolean complete,
                         List<Choice> violating, long violatingSearch) {
        /** Seen over the estimated size, at most 1. */
        public double coverage() {
            return estimate <= 0 ? 0 : Math.min(1, seen / estimate);
        }
    }

    private final Env env;
    private final Stepper stepper;
    private final long searches;
    private final long perSearch;
    private final int workers;
    private final long seed;
    private final long deadline;

    /**
     * @param searches  at most this many searches
     * @param perSearch each search stops after this many distinct states
     * @param workers   searches run at once (each a one-worker compact search)
     * @param millis    stop starting searches after this much time, and stop the running ones (0: none)
     */
    public Swarm(Env env, Stepper stepper, long searches, long perSearch, int workers, long seed, long millis) {
        this.env = env;
        this.stepper = stepper;
        this.searches = searches;
        this.perSearch = perSearch;
        this.workers = workers;
        this.seed = seed;
        this.deadline = millis > 0 ? System.nanoTime() + millis * 1_000_000 : Long.MAX_VALUE;
    }

    public Result run() {
        FingerprintSet union = new FingerprintSet();
        AtomicLong next = new AtomicLong();
        AtomicLong limit = new AtomicLong(searches);
        AtomicLong done = new AtomicLong();
        AtomicLong transitions = new AtomicLong();
        // Schnabel's sums, and whether some search finished below its bound
        double[] sums = new double[2];
        boolean[] complete = new boolean[1];
        ConcurrentSkipListMap<Long, List<Choice>> found = new ConcurrentSkipListMap<>();
        Runnable worker = () -> {
            long i;
            while ((i = next.getAndIncrement()) < limit.get() && System.nanoTime() < deadline) {
                long remaining = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                ExhaustiveSearch s = new ExhaustiveSearch(env, stepper, ExhaustiveSearch.Options.compact(true, 1,
                        perSearch, deadline == Long.MAX_VALUE ? 0 : remaining, false), null);
                s.shuffle = mix(seed + (i + 1) * 0x9E3779B97F4A7C15L) | 1;
                s.union = union;
                long before = union.size();
                ExhaustiveSearch.Outcome o = s.run();
                ExhaustiveSearch.Stats st = o.stats();
                transitions.addAndGet(st.transitions());
                synchronized (sums) {
                    sums[0] += (double) st.states() * before;
                    sums[1] += s.recaptured.get();
                    complete[0] |= st.complete();
                }
                done.incrementAndGet();
                if (o.violating() != null) {
                    found.put(i, o.violating());
                    limit.accumulateAndGet(i + 1, Math::min);
                } else if (st.complete()) {
                    limit.accumulateAndGet(i + 1, Math::min); // the whole space was searched: enough
                }
            }
        };
        Workers.run(workers, "swarm", worker);
        double estimate = sums[1] == 0 ? Double.NaN : sums[0] / sums[1];
        Long first = found.isEmpty() ? null : found.firstKey();
        return new Result(done.get(), union.size(), transitions.get(), estimate, complete[0] && found.isEmpty(),
                first == null ? null : found.get(first), first == null ? -1 : first + 1);
    }

    private static long mix(long z) {
        return StructuralHash.mix(z);
    }
}
