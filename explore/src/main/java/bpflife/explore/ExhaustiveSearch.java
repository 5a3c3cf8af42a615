package bpflife.explore;

import bpflife.model.Env;
import bpflife.protocol.Choice;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Depth-first search over the schedules of a scenario, with state caching, partial-order
 * reduction (sleep sets in exact mode; persistent sets for tasks under a visibility proviso) and,
 * in compact mode, symmetry reduction and several workers: a violation is reported if and only
 * if some reachable world breaks an invariant (see docs/ARCHITECTURE.md, "Exhaustive search", and
 * {@link SearchWorker} for why the reductions keep that). The runtime is taken back by its undo
 * log, not by copies; the depth-first search keeps its own stack, so a run thousands of steps
 * deep needs no deeper Java stack. Stops at the first violation and gives its schedule, which is
 * a concrete schedule of the scenario (the search delivers concrete messages; symmetry only
 * decides which worlds count as seen).
 *
 * <p>Two modes:
 * <ul>
 * <li><b>exact</b> ({@link Options#exact}): the visited set is {@link StateInterner}'s exact
 * numbering of worlds, with sleep sets; one worker, no symmetry. The state counts of the tests
 * and of docs/ARCHITECTURE.md are this mode's.</li>
 * <li><b>compact</b> (the default of {@code bpflife explore}): the visited set holds 64-bit
 * fingerprints ({@link Fingerprints}, {@link FingerprintSet}) of each world, or of its canonical
 * renaming under {@link Symmetry}; no sleep sets, and the persistent set is chosen by the world
 * alone (see {@link SearchWorker#persistentByRole}), so that the set of worlds stored does not depend on the
 * order they are met in, hence not on the number of workers.</li>
 * </ul>
 */
public final class ExhaustiveSearch {

    /**
     * What the search did.
     *
     * @param states         distinct worlds stored (after the reductions)
     * @param transitions    deliveries made
     * @param ends           runs that ended (quiescence or a violation)
     * @param revisits       deliveries that led to a world already stored
     * @param complete       every world was explored and none broke an invariant
     * @param limit          what stopped the search early ("state", "time", "heap"), or null
     * @param frontier       deliveries left unexplored when a limit stopped the search
     * @param symmetryMerges revisits where the world was stored as a renaming of another (compact mode)
     * @param porPruned      enabled deliveries not explored because a persistent set left them out
     * @param sleepPruned    enabled deliveries not explored because they were asleep (exact mode)
     * @param stateBytes     bytes the visited set holds
     */
    public record Stats(long states, long transitions, long ends, long revisits, boolean complete, String limit,
                        long frontier, long symmetryMerges, long porPruned, long sleepPruned, long stateBytes) {

        /** TLC's optimistic estimate of the probability that a state was missed (0 in exact mode). */
        public double omission(boolean exact) {
            return exact ? 0 : FingerprintSet.omissionBound(states, transitions);
        }
    }

    /**
     * The outcome: statistics, the schedule of the first violation found (or null), and with
     * {@code keepFinal} the final states and the violations met.
     *
     * @param violations with {@code keepFinal}: every violation met, as "INVARIANT object" (the
     *                   search then goes on past them instead of stopping at the first)
     */
    public record Outcome(Stats stats, List<Choice> violating, Set<WorldKey> finalStates, Set<String> violations) {}

    /**
     * @param reduce     partial-order reduction (false: plain DFS with state caching, to check the reduction)
     * @param exact      exact visited set with sleep sets, one worker, no symmetry (else compact)
     * @param symmetry   compact mode: merge worlds that differ by a permutation of a template's tasks
     * @param workers    compact mode: threads searching at once
     * @param stateLimit stop after this many distinct states (the answer is then incomplete)
     * @param millis     stop after this much time (0: no limit; the answer is then incomplete)
     * @param keepFinal  collect the final states and every violation, going on past violations
     * @param stubborn   compact mode: persistent sets for kernel objects too ({@link Knowledge})
     */
    public record Options(boolean reduce, boolean exact, boolean symmetry, int workers, long stateLimit, long millis,
                          boolean keepFinal, boolean stubborn) {
        public Options(boolean reduce, boolean exact, boolean symmetry, int workers, long stateLimit, long millis,
                       boolean keepFinal) {
            this(reduce, exact, symmetry, workers, stateLimit, millis, keepFinal, !exact);
        }

        public Options {
            if (workers < 1 || (exact && (workers != 1 || symmetry))) {
                throw new IllegalArgumentException("exact search runs one worker without symmetry, asked " + workers
                        + " workers" + (symmetry ? " with symmetry" : ""));
            }
        }

        public static Options exact(boolean reduce, long stateLimit, boolean keepFinal) {
            return new Options(reduce, true, false, 1, stateLimit, 0, keepFinal);
        }

        public static Options compact(boolean symmetry, int workers, long stateLimit, long millis, boolean keepFinal) {
            return new Options(true, false, symmetry, workers, stateLimit, millis, keepFinal);
        }
    }

    final Env env;
    final Stepper stepper;
    final Options options;
    final Symmetry symmetry;
    private final Consumer<Stats> progress;
    final FingerprintSet visited;
    final long deadline;
    final HeapGuard heap = new HeapGuard();
    /** Swarm: a seed to shuffle the order deliveries are tried in (0: channel order). */
    long shuffle;
    /** Swarm: the set every search of the swarm adds to, and how many of this search's states it held already. */
    FingerprintSet union;
    final AtomicLong recaptured = new AtomicLong();

    // shared between the workers
    final AtomicLong transitions = new AtomicLong();
    final AtomicLong ends = new AtomicLong();
    final AtomicLong revisits = new AtomicLong();
    final AtomicLong symmetryMerges = new AtomicLong();
    final AtomicLong porPruned = new AtomicLong();
    final AtomicLong sleepPruned = new AtomicLong();
    final AtomicLong knowledgePruned = new AtomicLong();
    /** Deliveries left out of a persistent set because they commute with a sibling into the same receiver. */
    final AtomicLong commutePruned = new AtomicLong();
    final AtomicLong frontier = new AtomicLong();
    /** Each worker's last published count of deliveries left on its stack (for the progress line). */
    final ConcurrentHashMap<Integer, Long> stacks = new ConcurrentHashMap<>();
    /** Work to share: schedules from the start to a world not yet explored. */
    final ConcurrentLinkedDeque<List<Choice>> work = new ConcurrentLinkedDeque<>();
    /** Items queued or being explored; 0 when the search is over. */
    final AtomicLong pending = new AtomicLong();
    final AtomicInteger idle = new AtomicInteger();
    final Set<WorldKey> finals = ConcurrentHashMap.newKeySet();
    final Set<String> violations = ConcurrentHashMap.newKeySet();
    private volatile List<Choice> violating;
    private volatile String limit;
    private volatile boolean done;
    /** The exact mode's one worker (its state count). */
    private SearchWorker exactWorker;

    /** Exact search (the tests' and the state counts' mode). */
    public ExhaustiveSearch(Env env, boolean reduce, long stateLimit, boolean keepFinal, Consumer<Stats> progress) {
        this(env, Stepper.KERNEL, reduce, stateLimit, keepFinal, progress);
    }

    /** Exact search with a given stepper. */
    public ExhaustiveSearch(Env env, Stepper stepper, boolean reduce, long stateLimit, boolean keepFinal,
                            Consumer<Stats> progress) {
        this(env, stepper, Options.exact(reduce, stateLimit, keepFinal), progress);
    }

    public ExhaustiveSearch(Env env, Stepper stepper, Options options, Consumer<Stats> progress) {
        this.env = env;
        this.stepper = stepper;
        this.options = options;
        this.symmetry = options.symmetry() ? Symmetry.of(env.scenario()) : Symmetry.NONE;
        this.progress = progress;
        this.visited = options.exact() ? null : new FingerprintSet();
        this.deadline = options.millis() > 0 ? System.nanoTime() + options.millis() * 1_000_000 : Long.MAX_VALUE;
    }

    public Outcome run() {
        pending.set(1);
        work.add(List.of());
        if (options.exact()) {
            exactWorker = new SearchWorker(this, 0);
            exactWorker.run();
        } else {
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int w = 1; w < options.workers(); w++) {
                int id = w;
                Thread t = new Thread(() -> {
                    try {
                        new SearchWorker(this, id).run();
                    } catch (Throwable e) {
                        failures.add(e);
                        stop("error");
                    }
                }, "explore-worker-" + w);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
            try {
                new SearchWorker(this, 0).run();
            } catch (RuntimeException | Error e) {
                failures.add(e);
                stop("error"); // the other workers stop too before this is thrown on
            }
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stop("interrupted");
                }
            }
            if (!failures.isEmpty()) {
                Throwable f = failures.get(0);
                if (f instanceof RuntimeException r) {
                    throw r;
                }
                if (f instanceof Error e) {
                    throw e;
                }
                throw new IllegalStateException("a search worker failed", f);
            }
        }
        frontier.addAndGet(work.size());
        done = true;
        return new Outcome(stats(), violating, options.keepFinal() ? Set.copyOf(finals) : Set.of(),
                Set.copyOf(violations));
    }

    /** The symmetric tasks, by group (empty without symmetry). */
    public List<List<String>> symmetricTasks() {
        List<List<String>> groups = new ArrayList<>();
        for (int m = 0; m < symmetry.size(); m++) {
            if (symmetry.first[m] == m) {
                groups.add(new ArrayList<>());
            }
            groups.get(groups.size() - 1).add(symmetry.names.get(m));
        }
        return groups.stream().map(List::copyOf).toList();
    }

    /** The distinct worlds stored so far. */
    long states() {
        return options.exact() ? exactWorker == null ? 0 : exactWorker.exactStates() : visited.size();
    }

    Stats stats() {
        long states = Math.min(states(), options.stateLimit());
        long bytes = options.exact() ? (exactWorker == null ? 0 : exactWorker.exactBytes()) : visited.bytes();
        long left = frontier.get();
        if (!done) {
            left += work.size();
            for (long l : stacks.values()) {
                left += l;
            }
        }
        return new Stats(states, transitions.get(), ends.get(), revisits.get(), violating == null && limit == null,
                limit, left, symmetryMerges.get(), porPruned.get(), sleepPruned.get(), bytes);
    }

    /** Whether the search should stop: a violation (when not collecting them all) or a limit. */
    boolean stopped() {
        return violating != null || limit != null;
    }

    /** Records the first violation's schedule and stops every worker. */
    synchronized void violated(List<Choice> path) {
        if (violating == null && limit == null) {
            violating = List.copyOf(path);
        }
    }

    /** Stops every worker because {@code what} ("state", "time", "heap") ran out. */
    synchronized void stop(String what) {
        if (limit == null && violating == null) {
            limit = what;
        }
    }

    void progress() {
        if (progress != null) {
            synchronized (progress) {
                progress.accept(stats());
            }
        }
    }
}
