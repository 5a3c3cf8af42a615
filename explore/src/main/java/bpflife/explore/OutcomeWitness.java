package bpflife.explore;

import bpflife.model.Env;
import bpflife.model.ObjectState;
import bpflife.protocol.ActorId;
import bpflife.protocol.Choice;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A schedule that ends in a terminal state with a property (an expectation that fails there), so
 * that an expectation violated on some schedule is reported like a broken invariant: with a
 * schedule to replay. The exhaustive search keeps the terminal states but not the paths to them,
 * so this is a second depth-first search, without reduction, that stops at the first such state.
 *
 * <p>Assumptions and guarantees: worlds already expanded are skipped by a 64-bit fingerprint of
 * their canonical key ({@link WorldKey}); a fingerprint collision can only make it miss a witness,
 * never give a wrong one (the schedule returned reaches a state that has the property, by
 * construction). Bounded by {@code stateLimit} distinct worlds: null when none was found within it.
 */
public final class OutcomeWitness {
    private OutcomeWitness() {}

    /** The first schedule (depth-first, first-enabled order) ending quietly in a world that {@code bad} accepts. */
    public static List<Choice> find(Env env, Predicate<Map<ActorId, ObjectState>> bad, long stateLimit) {
        DeterministicRuntime rt = new DeterministicRuntime(env, new FirstEnabledStrategy(), Stepper.KERNEL,
                new DeterministicRuntime.Options(Long.MAX_VALUE, false, null));
        rt.recordUndo();
        rt.start();
        Search s = new Search(rt, bad, stateLimit);
        return s.dfs() ? List.copyOf(s.path) : null;
    }

    private static final class Search {
        final DeterministicRuntime rt;
        final Predicate<Map<ActorId, ObjectState>> bad;
        final long limit;
        final Set<Long> seen = new HashSet<>();
        final List<Choice> path = new ArrayList<>();

        Search(DeterministicRuntime rt, Predicate<Map<ActorId, ObjectState>> bad, long limit) {
            this.rt = rt;
            this.bad = bad;
            this.limit = limit;
        }

        boolean dfs() {
            WorldKey key = rt.stateKey();
            if (rt.finished()) {
                return rt.violations().isEmpty() && bad.test(key.objects());
            }
            long print = ((long) key.objects().hashCode() << 32) ^ (key.inFlight().hashCode() & 0xffffffffL);
            if (!seen.add(print) || seen.size() > limit) {
                return false;
            }
            long mark = rt.mark();
            for (Channel ch : List.copyOf(rt.enabled())) {
                path.add(new Choice(ch.receiver(), ch.sender(), ch.headSeq()));
                rt.deliver(ch);
                if (dfs()) {
                    return true;
                }
                rt.undoTo(mark);
                path.remove(path.size() - 1);
            }
            return false;
        }
    }
}
