package bpflife.explore;

import bpflife.model.Env;
import bpflife.protocol.ActorId;
import bpflife.protocol.Choice;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Depth-first search over every schedule of a scenario, with two reductions that keep every
 * reachable state (so every invariant is checked in every state):
 * <ul>
 * <li>sleep sets (Godefroid): deliveries to different objects commute (they touch disjoint
 *     state and send on disjoint channels), so after exploring one order the other is not
 *     explored again;</li>
 * <li>state caching: a state seen before is not expanded again unless it is now reached with a
 *     smaller sleep set, in which case only the transitions slept before are explored.</li>
 * </ul>
 * Stops at the first violation and gives its schedule.
 */
public final class ExhaustiveSearch {

    /** What the search did. */
    public record Stats(long states, long transitions, long ends, long revisits, boolean complete) {}

    /** The outcome: statistics, and the schedule of the first violation found (or null). */
    public record Outcome(Stats stats, List<Choice> violating, Set<Object> finalStates) {}

    private record ChannelName(ActorId sender, ActorId receiver) {}

    private final Env env;
    private final Stepper stepper;
    private final boolean reduce;
    private final long stateLimit;
    private final boolean keepFinal;
    private final Consumer<Stats> progress;
    private final Map<Object, Set<ChannelName>> visited = new HashMap<>();
    private final Set<Object> finals = new HashSet<>();
    private final List<Choice> path = new ArrayList<>();
    private long transitions;
    private long ends;
    private long revisits;
    private List<Choice> violating;
    private boolean truncated;

    /**
     * @param reduce     use sleep sets (false: plain DFS with state caching, to check the reduction)
     * @param stateLimit stop after this many distinct states (the answer is then incomplete)
     * @param keepFinal  collect the canonical final states (for soundness checks)
     * @param progress   called now and then with the running statistics, or null
     */
    public ExhaustiveSearch(Env env, boolean reduce, long stateLimit, boolean keepFinal, Consumer<Stats> progress) {
        this(env, Stepper.KERNEL, reduce, stateLimit, keepFinal, progress);
    }

    public ExhaustiveSearch(Env env, Stepper stepper, boolean reduce, long stateLimit, boolean keepFinal,
                            Consumer<Stats> progress) {
        this.env = env;
        this.stepper = stepper;
        this.reduce = reduce;
        this.stateLimit = stateLimit;
        this.keepFinal = keepFinal;
        this.progress = progress;
    }

    public Outcome run() {
        DeterministicRuntime rt = new DeterministicRuntime(env, new FirstEnabledStrategy(), stepper,
                new DeterministicRuntime.Options(Long.MAX_VALUE, false, null));
        rt.start();
        dfs(rt, Set.of());
        return new Outcome(stats(), violating, keepFinal ? Set.copyOf(finals) : Set.of());
    }

    private Stats stats() {
        return new Stats(visited.size(), transitions, ends, revisits, violating == null && !truncated);
    }

    private void dfs(DeterministicRuntime rt, Set<ChannelName> sleep) {
        if (violating != null || truncated) {
            return;
        }
        if (rt.finished()) {
            ends++;
            if (!rt.violations().isEmpty()) {
                violating = List.copyOf(path);
            } else if (keepFinal) {
                finals.add(rt.stateKey());
            }
            return;
        }
        Object key = rt.stateKey();
        Set<ChannelName> before = visited.get(key);
        Set<ChannelName> explore = null; // null: all that are awake
        if (before != null) {
            revisits++;
            if (sleep.containsAll(before)) {
                return;
            }
            // only what was asleep then and is awake now is new
            explore = new HashSet<>(before);
            explore.removeAll(sleep);
            Set<ChannelName> both = new HashSet<>(before);
            both.retainAll(sleep);
            visited.put(key, both);
        } else {
            if (visited.size() >= stateLimit) {
                truncated = true;
                return;
            }
            visited.put(key, Set.copyOf(sleep));
            if (progress != null && visited.size() % 10_000 == 0) {
                progress.accept(stats());
            }
        }
        List<ChannelName> enabled = new ArrayList<>();
        for (Channel ch : rt.enabled()) {
            enabled.add(new ChannelName(ch.sender(), ch.receiver()));
        }
        List<ChannelName> candidates = reduce ? persistent(rt, enabled) : enabled;
        List<ChannelName> todo = new ArrayList<>();
        for (ChannelName c : candidates) {
            if (!sleep.contains(c) && (explore == null || explore.contains(c))) {
                todo.add(c);
            }
        }
        Object snapshot = todo.size() > 1 ? rt.snapshot() : null;
        List<ChannelName> done = new ArrayList<>();
        for (int k = 0; k < todo.size() && violating == null && !truncated; k++) {
            ChannelName c = todo.get(k);
            if (k > 0) {
                rt.restore(snapshot);
            }
            Set<ChannelName> childSleep = new HashSet<>();
            if (reduce) {
                for (ChannelName s : sleep) {
                    if (!s.receiver().equals(c.receiver())) {
                        childSleep.add(s);
                    }
                }
                for (ChannelName s : done) {
                    if (!s.receiver().equals(c.receiver())) {
                        childSleep.add(s);
                    }
                }
            }
            int index = rt.indexOf(c.sender(), c.receiver());
            Channel ch = rt.enabled().get(index);
            path.add(new Choice(ch.receiver(), ch.sender(), ch.headSeq()));
            rt.deliverAt(index);
            transitions++;
            dfs(rt, childSleep);
            path.remove(path.size() - 1);
            done.add(c);
        }
    }

    /**
     * A persistent set: the deliveries to one task whose every awaited message has arrived. No
     * other transition can send that task anything before it acts (a task receives only what it
     * waits for), and deliveries to other objects are independent of it, so exploring these
     * alone loses no state reachable through the others. When no task qualifies: everything.
     */
    private static List<ChannelName> persistent(DeterministicRuntime rt, List<ChannelName> enabled) {
        Map<ActorId, Integer> queued = new HashMap<>();
        for (Channel ch : rt.enabled()) {
            if (ch.receiver() instanceof ActorId.TaskId) {
                queued.merge(ch.receiver(), ch.size(), Integer::sum);
            }
        }
        for (ChannelName c : enabled) {
            Integer n = queued.get(c.receiver());
            if (n != null && rt.state(c.receiver()) instanceof bpflife.model.Task.State t && n >= t.expected()) {
                List<ChannelName> only = new ArrayList<>();
                for (ChannelName d : enabled) {
                    if (d.receiver().equals(c.receiver())) {
                        only.add(d);
                    }
                }
                return only;
            }
        }
        return enabled;
    }
}
