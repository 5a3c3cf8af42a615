package bpflife.explore;

import bpflife.model.Env;
import bpflife.protocol.ActorId;
import bpflife.protocol.Choice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Depth-first search over the schedules of a scenario, with exact state caching
 * ({@link StateInterner}), sleep sets, and persistent sets for tasks under a visibility proviso:
 * a violation is reported if and only if some reachable world breaks an invariant (see
 * docs/ARCHITECTURE.md, "Exhaustive search", for why the reductions keep that). The runtime is
 * taken back by its undo log, not by copies. Stops at the first violation and gives its schedule.
 */
public final class ExhaustiveSearch {

    /** What the search did. */
    public record Stats(long states, long transitions, long ends, long revisits, boolean complete) {}

    /**
     * The outcome: statistics, the schedule of the first violation found (or null), and with
     * {@code keepFinal} the final states and the violations met.
     *
     * @param violations with {@code keepFinal}: every violation met, as "INVARIANT object" (the
     *                   search then goes on past them instead of stopping at the first)
     */
    public record Outcome(Stats stats, List<Choice> violating, Set<WorldKey> finalStates, Set<String> violations) {}

    private final Env env;
    private final Stepper stepper;
    private final boolean reduce;
    private final long stateLimit;
    private final boolean keepFinal;
    private final Consumer<Stats> progress;
    /** The visited set: every world seen, numbered. */
    private StateInterner worlds;
    private StepMemo memo;
    /** Per world number: the number of the sleep set it was last expanded with (0: the empty set). */
    private int[] sleepOf = new int[1024];
    /** The sleep sets: sorted channel slots, numbered from 1. */
    private final IntTuples sleepSets = new IntTuples();
    private final Set<WorldKey> finals = new HashSet<>();
    private final Set<String> violations = new HashSet<>();
    private final List<Choice> path = new ArrayList<>();
    private long transitions;
    private long ends;
    private long revisits;
    private List<Choice> violating;
    private boolean truncated;

    /**
     * @param reduce     use sleep sets (false: plain DFS with state caching, to check the reduction)
     * @param stateLimit stop after this many distinct states (the answer is then incomplete)
     * @param keepFinal  collect the canonical final states and every violation, going on past
     *                   violations (for soundness checks)
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
        rt.recordUndo();
        memo = rt.memoizeSteps();
        worlds = new StateInterner(rt);
        rt.start();
        dfs(rt, NONE);
        return new Outcome(stats(), violating, keepFinal ? Set.copyOf(finals) : Set.of(), Set.copyOf(violations));
    }

    private static final int[] NONE = new int[0];

    private Stats stats() {
        return new Stats(Math.min(worlds.size(), stateLimit), transitions, ends, revisits, violating == null && !truncated);
    }

    /** Explores from the runtime's current world, with {@code sleep} (sorted channel slots) asleep; leaves it there. */
    private void dfs(DeterministicRuntime rt, int[] sleep) {
        if (violating != null || truncated) {
            return;
        }
        if (rt.finished()) {
            ends++;
            if (!rt.violations().isEmpty()) {
                Violation v = rt.violations().get(0);
                if (keepFinal) {
                    violations.add(v.invariant() + " " + v.object());
                } else {
                    violating = List.copyOf(path);
                }
            } else if (keepFinal) {
                finals.add(rt.stateKey());
            }
            return;
        }
        int world = worlds.intern();
        if (worlds.added() && worlds.size() > stateLimit) {
            truncated = true; // this world is one too many: not counted, not expanded
            return;
        }
        int[] explore = null; // null: all that are awake
        if (!worlds.added()) {
            revisits++;
            int[] before = sleepSet(sleepOf[world]);
            if (Slots.containsAll(sleep, before)) {
                return;
            }
            // only what was asleep then and is awake now is new
            explore = Slots.minus(before, sleep);
            sleepOf[world] = sleepNumber(Slots.intersect(before, sleep));
        } else {
            if (world >= sleepOf.length) {
                sleepOf = Arrays.copyOf(sleepOf, sleepOf.length * 2);
            }
            sleepOf[world] = sleepNumber(sleep);
            if (progress != null && worlds.size() % 10_000 == 0) {
                progress.accept(stats());
            }
        }
        List<Channel> enabled = List.copyOf(rt.enabled());
        List<Channel> candidates = reduce ? persistent(rt, enabled) : enabled;
        long mark = rt.mark();
        if (candidates.size() < enabled.size() && !invisible(rt, candidates)) {
            candidates = enabled;
        }
        List<Channel> todo = awake(candidates, sleep, explore);
        int[] done = new int[todo.size()];
        for (int k = 0; k < todo.size() && violating == null && !truncated; k++) {
            Channel ch = todo.get(k);
            int slot = worlds.slot(ch);
            int[] childSleep = reduce ? independent(worlds.receiver(slot), sleep, done, k) : NONE;
            path.add(new Choice(ch.receiver(), ch.sender(), ch.headSeq()));
            rt.deliver(ch);
            transitions++;
            dfs(rt, childSleep);
            rt.undoTo(mark);
            path.remove(path.size() - 1);
            done[k] = slot;
        }
    }

    /**
     * Whether each of these deliveries only moves references (see
     * {@link StepMemo#movesReferencesOnly}): then deferring the other deliveries past
     * it cannot hide a world where an invariant fails; see {@link #persistent}.
     */
    private boolean invisible(DeterministicRuntime rt, List<Channel> deliveries) {
        for (Channel ch : deliveries) {
            if (!memo.movesReferencesOnly(rt.state(ch.receiver()), ch.sender(), ch.head())) {
                return false;
            }
        }
        return true;
    }

    /** The channels of {@code from} not asleep, and (on a revisit) among those to explore again. */
    private List<Channel> awake(List<Channel> from, int[] sleep, int[] explore) {
        List<Channel> out = new ArrayList<>(from.size());
        for (Channel c : from) {
            int slot = worlds.slot(c);
            if (!Slots.contains(sleep, slot) && (explore == null || Slots.contains(explore, slot))) {
                out.add(c);
            }
        }
        return out;
    }

    /** What stays asleep after a delivery to {@code receiver}: the sleepers and the done that go elsewhere. */
    private int[] independent(int receiver, int[] sleep, int[] done, int doneCount) {
        int[] out = new int[sleep.length + doneCount];
        int n = 0;
        for (int s : sleep) {
            if (worlds.receiver(s) != receiver) {
                out[n++] = s;
            }
        }
        for (int i = 0; i < doneCount; i++) {
            if (worlds.receiver(done[i]) != receiver) {
                out[n++] = done[i];
            }
        }
        out = Arrays.copyOf(out, n);
        Arrays.sort(out);
        return out;
    }

    private int[] sleepSet(int number) {
        return number == 0 ? NONE : sleepSets.get(number - 1);
    }

    private int sleepNumber(int[] sleep) {
        return sleep.length == 0 ? 0 : sleepSets.add(sleep, sleep.length) + 1;
    }

    /**
     * A persistent set: the deliveries to one task whose every awaited message has arrived. No
     * other transition can send that task anything before it acts (a task receives only what it
     * waits for), and deliveries to other objects are independent of it (disjoint state, disjoint
     * channels), so every execution from here is equivalent to one that starts with one of these.
     * Used only if each of them is invisible to the invariants ({@link #invisible}): then the
     * worlds skipped (others moved, the task not yet) give the same verdict as worlds that are
     * explored (the same, the task's step done); see docs/ARCHITECTURE.md, "Exhaustive search".
     * When no task qualifies: everything.
     */
    private static List<Channel> persistent(DeterministicRuntime rt, List<Channel> enabled) {
        for (int i = 0; i < enabled.size(); i++) {
            ActorId task = enabled.get(i).receiver();
            if (task instanceof ActorId.TaskId && !seenBefore(enabled, i, task)
                    && rt.state(task) instanceof bpflife.model.Task.State t && queued(enabled, task) >= t.expected()) {
                List<Channel> only = new ArrayList<>(2);
                for (Channel d : enabled) {
                    if (d.receiver().equals(task)) {
                        only.add(d);
                    }
                }
                return only;
            }
        }
        return enabled;
    }

    private static boolean seenBefore(List<Channel> enabled, int i, ActorId receiver) {
        for (int j = 0; j < i; j++) {
            if (enabled.get(j).receiver().equals(receiver)) {
                return true;
            }
        }
        return false;
    }

    private static int queued(List<Channel> enabled, ActorId receiver) {
        int n = 0;
        for (Channel ch : enabled) {
            if (ch.receiver().equals(receiver)) {
                n += ch.size();
            }
        }
        return n;
    }
}
