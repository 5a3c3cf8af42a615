package bpflife.cli.history;

import bpflife.actors.WorldEnded;
import bpflife.model.Kernel;
import bpflife.model.ObjectState;
import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import bpflife.model.world.Boot;
import bpflife.model.world.Projection;
import bpflife.persistence.WorldStream;
import bpflife.protocol.ActorId;
import bpflife.protocol.StepRecord;
import bpflife.protocol.UserError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SequencedMap;

/**
 * The history of one run, whatever recorded it: a stored world ({@code --world}), a schedule file
 * ({@code --schedule}, from explore or shrink), a journal file ({@code --journal} with its
 * {@code --scenario}) or a deterministic run ({@code --scenario FILE --seed N}). It gives the run's
 * journal entries ({@link StepRecord}s) in their global order and the world right after any step
 * ({@link #view(long)}: the objects' states and the {@link Projection} fold).
 *
 * <p>Assumptions and guarantees: every walk ({@link #steps()}) starts at the run's first step and
 * yields the records in order, positions 1, 2, 3 ...; a walk that cannot read its source (a corrupt
 * journal row, a file gone) throws a {@link UserError} naming it. One walk at a time: a new walk
 * closes the previous one. A history is not thread-safe. Close it (it may hold the journal open).
 *
 * <p>Example (a command with {@code @Mixin HistoryOptions history}):
 * <pre>{@code
 * try (History h = history.open()) {
 *     History.View v = h.view(h.at());            // the world at --at (or at the end)
 *     Listings.show(v.states(), IdKind.LINK);
 *     for (Iterator<StepRecord> it = h.steps(); it.hasNext(); ) { ... }  // every entry, in order
 * }
 * }</pre>
 */
public final class History implements AutoCloseable {
    /** {@link #at()} when no step was asked for: the run's end. */
    public static final long END = Long.MAX_VALUE;

    /** Where the records come from; each {@link #walk()} starts again at the first step. */
    interface Source extends AutoCloseable {
        Walk walk();

        /**
         * A stored view at or before {@code step} and a walk on from it (a stored world with view
         * snapshots); null when there is none (then the fold starts at the boot).
         */
        default Resumed resume(long step) {
            return null;
        }

        /** Every how many steps a fold stores its view ({@link #save}); 0: never. */
        default long snapshotEvery() {
            return 0;
        }

        /** Stores the view right after a step, read up to {@code mark} (only asked when {@link #snapshotEvery} > 0). */
        default void save(View view, WorldStream.Mark mark) {}

        /** µs since the first step for each of a whole run's {@code records}, when the source kept a clock; else null. */
        default long[] micros(List<StepRecord> records) {
            return null;
        }

        @Override
        void close();
    }

    /** One pass over the records; {@link #read()} counts the steps it has yielded. */
    interface Walk extends Iterator<StepRecord>, AutoCloseable {
        long read();

        /** Where the read stands right after the step {@link #next} gave last (a stored world's); else null. */
        default WorldStream.Mark mark() {
            return null;
        }

        /** A stored world that ended early (stopped, interrupted, ...): how, once read to its end; else null. */
        default WorldEnded.Status cut() {
            return null;
        }

        @Override
        void close();
    }

    /**
     * A short command's fold that found a long stretch ahead ({@link #handOverLongFolds}): the
     * command ends with {@code exit} so that its launcher runs it again under the long commands'
     * JVM flags; the views it passed are stored by then, and the run again reads on from them.
     */
    public static final class Handover extends RuntimeException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        private final int exit;

        Handover(int exit, long at) {
            super("a long fold, handed over at step " + at, null, false, false);
            this.exit = exit;
        }

        /** The exit code the launcher waits for. */
        public int exit() {
            return exit;
        }
    }

    /**
     * Steps a fold goes through before a short command hands it over ({@link Handover}): C1's code,
     * which answers {@code --at} from a stored view in under a second, folded the first read of a
     * 1M-step world in 29-31 s against ~10 s with C2 (bin/jvm-flags; BENCHMARKS.md "Fast history").
     */
    static final long HANDOVER_STEPS = 50_000;

    /** The system property by which the launcher lets a short command hand a long fold over, naming the exit code. */
    static final String HANDOVER_PROPERTY = "bpflife.fold.handover";

    /** A stored view ({@code from}) and the walk that reads on right after its step. */
    record Resumed(View from, Walk walk) {}

    /**
     * Where the records come from, as replay and audit name it: {@code kind} ({@code world},
     * {@code journal}, {@code schedule}, {@code scenario}), {@code record} (the world's name and
     * database, or the file's path) and the rules the record was made under ({@code recorded}: a
     * world's and a schedule's, a seeded run's; null for a journal file, which does not say).
     */
    public record Origin(String kind, String record, String recorded) {}

    private final String name;
    private final Origin origin;
    private final Scenario scenario;
    private final Semantics semantics;
    private final long at;
    private final Source source;
    private final Phase phase;
    private Walk walk;
    private long resumedFrom;
    /** The exit code of a {@link Handover}, or 0: folds of any length go on in this JVM. */
    private int handover = Integer.getInteger(HANDOVER_PROPERTY, 0);
    private long handoverSteps = HANDOVER_STEPS;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(History.class);

    History(String name, Origin origin, Scenario scenario, Semantics semantics, long at, Source source, Phase phase) {
        this.name = name;
        this.origin = origin;
        this.scenario = scenario;
        this.semantics = semantics;
        this.at = at;
        this.source = source;
        this.phase = phase;
    }

    /**
     * A history of records already in memory (tests, a run just made): {@code name} as
     * {@link #name()} says it, {@code at} the step asked for or {@link #END}.
     */
    public static History of(String name, Scenario scenario, Semantics semantics, List<StepRecord> records, long at) {
        return new History(name, new Origin("scenario", name, semantics.name()), scenario, semantics, at,
                Sources.list(records), Phase.NONE);
    }

    /** Where the records come from (kind, record, the rules they were made under). */
    public Origin origin() {
        return origin;
    }

    /** How the stored world the current walk read ended, if it ended early and was read to its end; else null. */
    public WorldEnded.Status cut() {
        Walk w = walk;
        return w == null ? null : w.cut();
    }

    /** What the history is, for a heading or an error: {@code world w1}, {@code schedule found/seed-3.schedule}, ... */
    public String name() {
        return name;
    }

    public Scenario scenario() {
        return scenario;
    }

    /** The rules the run was made under (a world's and a schedule's recorded ones). */
    public Semantics semantics() {
        return semantics;
    }

    /** The step asked for ({@code --at}), or {@link #END}. */
    public long at() {
        return at;
    }

    /** A new walk over every record of the run, from its first step, in order (closing any earlier walk). */
    public Iterator<StepRecord> steps() {
        if (walk != null) {
            walk.close();
        }
        walk = source.walk();
        return walk;
    }

    /**
     * When each of {@code records} (the whole run, from step 1) happened, in µs since the first
     * step, for a source that kept a clock: a stored world (live runs, load runs), by its rows'
     * write times. Null for a deterministic run (a schedule, a journal file, a seed): it has no
     * clock, and its step numbers are its time.
     */
    public java.util.function.LongUnaryOperator clock(List<StepRecord> records) {
        long[] us = source.micros(records);
        return us == null ? null : position -> us[(int) Math.min(position, us.length) - 1];
    }

    /** Makes {@code w} the current walk (closing any earlier one). */
    private Walk use(Walk w) {
        if (walk != null) {
            walk.close();
        }
        walk = w;
        return w;
    }

    /**
     * The steps the current walk has read so far, for progress on a terminal (a walk resumed from a
     * stored view counts from there); 0 before any walk.
     */
    public long stepsRead() {
        Walk w = walk;
        return w == null ? 0 : w.read();
    }

    /** The run's entries up to and including step {@code upTo} ({@link #END}: all), in order. */
    public List<StepRecord> entries(long upTo) {
        List<StepRecord> out = new ArrayList<>();
        Iterator<StepRecord> it = steps();
        while (it.hasNext()) {
            StepRecord r = it.next();
            if (r.position() > upTo) {
                break;
            }
            out.add(r);
        }
        return out;
    }

    /**
     * The world right after step {@code step} (0: as booted, before the first step; {@link #END}:
     * at the run's end): every object's state, and the fold that names tasks' statements, kernel
     * ids and pins.
     *
     * @param step        the step the view is right after
     * @param states      each object's state, in the order the objects were made
     * @param projection  the {@link Projection} fold of steps 1..step
     * @param lastStep    the last step folded (the run's last step when {@code step} is at or past it)
     * @param born        the step that made each object made by a step (boot objects are not in it)
     */
    public record View(long step, SequencedMap<ActorId, ObjectState> states, Projection projection, long lastStep,
                       Map<ActorId, Long> born) {
        /** The step that made {@code object}, or 0 for an object of the boot (or one not made by then). */
        public long bornAt(ActorId object) {
            return born.getOrDefault(object, 0L);
        }
    }

    /** The world right after the step asked for ({@link #at()}). */
    public View view() {
        return view(at);
    }

    /**
     * The world right after {@code step}; a {@link UserError} when the run ended before it
     * ({@code step 90 is past the end of world w1: it has 42 steps}).
     */
    public View view(long step) {
        if (step < 0) {
            throw new UserError("--at must be 0 or more, not " + step);
        }
        return phase.during("reading " + name, this::stepsRead, () -> fold(step));
    }

    /**
     * Lets a fold that has gone {@code steps} steps with as many still ahead end with a
     * {@link Handover} of {@code exit} (0: never): by default {@code bpflife.fold.handover}'s code
     * after {@link #HANDOVER_STEPS} (tests: a smaller bound).
     */
    void handOverLongFolds(int exit, long steps) {
        handover = exit;
        handoverSteps = steps;
    }

    /** The stored view the last {@link #view} started from: its step, or 0 when it folded from the boot. */
    long resumedFrom() {
        return resumedFrom;
    }

    /**
     * The fold: from the latest stored view at or before {@code step} when the source has one,
     * else from the boot; then each step's events and births ({@link Projection#statesAt}'s rule,
     * which the check in HistorySnapshotTest holds this to), the projection and the births, up to
     * {@code step}. A source that stores views is given the view after every multiple of its K
     * passed on the way (the first read that folds past them builds them).
     */
    private View fold(long step) {
        long t0 = System.nanoTime();
        Resumed from = source.resume(step);
        resumedFrom = from == null ? 0 : from.from().step();
        SequencedMap<ActorId, ObjectState> states = new LinkedHashMap<>();
        Projection fold;
        Map<ActorId, Long> born;
        long last;
        Iterator<StepRecord> all;
        if (from != null) {
            View v = from.from();
            states.putAll(v.states());
            fold = new Projection(scenario, v.projection().statements(), v.projection().kernelIds(),
                    v.projection().inodes());
            born = new HashMap<>(v.born());
            last = v.step();
            all = use(from.walk());
        } else {
            for (ObjectState o : Boot.objects(scenario)) {
                states.put(o.self(), o);
            }
            fold = new Projection(scenario);
            born = new HashMap<>();
            last = 0;
            all = steps();
        }
        long every = source.snapshotEvery();
        long start = last;
        boolean ranOut = true;
        while (all.hasNext()) {
            StepRecord r = all.next();
            if (r.position() > step) {
                ranOut = false;
                break;
            }
            last = r.position();
            states.put(r.receiver(), Kernel.applyAll(states.get(r.receiver()), r.events()));
            for (StepRecord.Spawn sp : r.spawned()) {
                states.put(sp.id(), Kernel.born(sp.born()));
                born.put(sp.id(), last);
            }
            fold.see(r);
            boolean saved = false;
            if (every > 0 && last % every == 0 && last > start) {
                WorldStream.Mark mark = walk.mark(); // right after this step's row: nothing read past it yet
                if (mark != null) {
                    source.save(new View(last, states, fold, last, born), mark);
                    saved = true;
                }
            }
            // handed over right after a stored view, so the run again starts from it (without views: at the bound)
            if (handover != 0 && last - start >= handoverSteps && step - last >= handoverSteps
                    && (saved || every <= 0)) {
                LOG.debug("view of {} at {}: {} steps folded from {}, handed over to the long commands' flags", name,
                        step == END ? "its end" : step, last - start, start);
                throw new Handover(handover, last);
            }
        }
        if (ranOut && step != END && step > last) {
            throw new UserError("step " + step + " is past the end of " + name + ": it has " + last + " steps");
        }
        LOG.debug("view of {} at {}: from {} ({}), {} steps folded in {} ms", name, step == END ? "its end" : step,
                start, from == null ? "the boot" : "a stored view", last - start, (System.nanoTime() - t0) / 1_000_000);
        return new View(step, states, fold, last, born);
    }

    @Override
    public void close() {
        try {
            if (walk != null) {
                walk.close();
            }
        } finally {
            source.close();
        }
    }

    /** An empty walk's {@code next}. */
    static NoSuchElementException noMore() {
        return new NoSuchElementException("the run has no more steps");
    }
}
