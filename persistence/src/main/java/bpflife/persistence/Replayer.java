package bpflife.persistence;

import bpflife.explore.Channel;
import bpflife.explore.DeterministicRuntime;
import bpflife.explore.Format;
import bpflife.explore.RunResult;
import bpflife.explore.Scheduler;
import bpflife.explore.StepMatch;
import bpflife.explore.Stepper;
import bpflife.model.Env;
import bpflife.protocol.Choice;
import bpflife.protocol.StepRecord;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import bpflife.actors.WorldEnded;

/**
 * Re-executes a recorded run through the deterministic runtime, delivery by delivery: each stored
 * record's (receiver, sender, channelSeq) is the next choice, and the step the model makes there
 * must produce the recorded events, spawned objects, sent messages and reply. Streams: the
 * records are pulled one at a time, and the runtime keeps none unless asked to.
 *
 * <p>Under another semantics the same schedule shows where the designs part: the first step
 * whose outcome differs, or the first delivery that is not possible any more.
 */
public final class Replayer {
    private Replayer() {}

    /** The first step where the run and the record part: what the record says, what the model did. */
    public record Divergence(long step, String reason, String expected, String actual) {}

    /**
     * @param steps      deliveries replayed (identical up to a divergence)
     * @param divergence the first difference, or null
     * @param result     the deterministic run (states, violations, records when kept)
     * @param leftOver   whether the record goes on after the run stopped on a violation or at maxSteps
     * @param cut        how the record's world ended before its run did (its steps are a prefix:
     *                   stopped, interrupted, failed, running), or null when the record is the whole run
     */
    public record Outcome(long steps, Divergence divergence, RunResult result, boolean leftOver, WorldEnded.Status cut) {
        public Outcome(long steps, Divergence divergence, RunResult result, boolean leftOver) {
            this(steps, divergence, result, leftOver, null);
        }

        public boolean identical() {
            return divergence == null;
        }

        /** Whether the record ended before the run and every recorded step was reproduced. */
        public boolean identicalPrefix() {
            return divergence == null && cut != null;
        }

        /**
         * The verdict in words: {@code IDENTICAL}, {@code IDENTICAL (prefix of N steps: the world was
         * interrupted at step N)}, {@code IDENTICAL up to a violation} or {@code DIVERGED at step N}.
         */
        public String verdict() {
            if (divergence != null) {
                return "DIVERGED at step " + divergence.step();
            }
            String v = result.violations().isEmpty() ? "IDENTICAL" : "IDENTICAL up to a violation";
            return cut == null ? v : v + " (" + prefix() + ")";
        }

        /** {@code prefix of N steps: the world was stopped at step N}, or null when the record is the whole run. */
        public String prefix() {
            if (cut == null) {
                return null;
            }
            String how = switch (cut) {
                case STOPPED -> "was stopped";
                case INTERRUPTED -> "was interrupted";
                case FAILED -> "failed (a journal write)";
                default -> "never ended (its process was killed, or it is still running)";
            };
            return "prefix of " + steps + " steps: the world " + how + " at step " + steps;
        }
    }

    /** Where the record of a world that ended early runs out: the replay stops there, as it should. */
    private static final class PrefixEnd extends RuntimeException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        final transient WorldEnded.Status cut;

        PrefixEnd(WorldEnded.Status cut) {
            super("prefix", null, false, false);
            this.cut = cut;
        }
    }

    private static final class Diverged extends RuntimeException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        final transient Divergence d; // thrown and caught within replay(), never serialized

        Diverged(Divergence d) {
            super(d.reason(), null, false, false);
            this.d = d;
        }
    }

    /** The scheduler: the next stored record's channel, which must be enabled with that number at its head. */
    private static final class Schedule implements Scheduler {
        private final Iterator<StepRecord> records;
        private final Supplier<WorldEnded.Status> cut;
        StepRecord current;
        long taken;

        Schedule(Iterator<StepRecord> records, Supplier<WorldEnded.Status> cut) {
            this.records = records;
            this.cut = cut;
        }

        @Override
        public int pick(List<Channel> enabled) {
            long step = taken + 1;
            if (!records.hasNext() && cut.get() != null) {
                throw new PrefixEnd(cut.get());
            }
            if (!records.hasNext()) {
                throw new Diverged(new Divergence(step, "the record ends after " + taken
                        + " steps, but the run goes on", "(no step " + step + ")", StepMatch.describe(enabled)));
            }
            current = records.next();
            taken++;
            Choice c = Choice.of(current);
            int i = StepMatch.indexOf(enabled, c);
            if (i < 0) {
                throw new Diverged(new Divergence(step, "the recorded delivery " + c + " is not possible here",
                        Format.step(current), "enabled: " + StepMatch.describe(enabled)));
            }
            return i;
        }

        @Override
        public String describe() {
            return "replay";
        }
    }

    /** Replays {@code records} (in order, positions from 1) under {@code env}: the whole run. */
    public static Outcome replay(Env env, Iterator<StepRecord> records, boolean keepRecords, long maxSteps) {
        return replay(env, records, keepRecords, maxSteps, () -> null);
    }

    /**
     * Replays a stored world: where its record ends, its status says whether that is the run's end
     * (complete, or a world recorded before worlds had a status) or a prefix's (stopped,
     * interrupted, failed, never ended), which replays IDENTICAL as a prefix.
     */
    public static Outcome replay(Env env, WorldStream world, boolean keepRecords, long maxSteps) {
        return replay(env, world.stepRecords(), keepRecords, maxSteps, () -> world.status().prefix()
                ? world.status() : null);
    }

    /**
     * Replays {@code records}; {@code cut} is read where they run out: null, the run must be over
     * there; else the record was cut short (so) and the replay stops there.
     */
    public static Outcome replay(Env env, Iterator<StepRecord> records, boolean keepRecords, long maxSteps,
                                 Supplier<WorldEnded.Status> cut) {
        Schedule schedule = new Schedule(records, cut);
        Consumer<StepRecord> check = actual -> {
            StepRecord expected = schedule.current;
            if (!StepMatch.same(expected, actual)) {
                String e = Format.step(expected) + reply(expected);
                String a = Format.step(actual) + reply(actual);
                if (e.equals(a)) { // they differ where the one-line form does not look (a task's frame)
                    e = expected.toString();
                    a = actual.toString();
                }
                throw new Diverged(new Divergence(actual.position(), "step " + actual.position()
                        + " does not produce what was recorded", e, a));
            }
        };
        DeterministicRuntime rt = new DeterministicRuntime(env, schedule, Stepper.KERNEL,
                new DeterministicRuntime.Options(maxSteps, keepRecords, check));
        Divergence divergence = null;
        WorldEnded.Status prefix = null;
        try {
            rt.run();
        } catch (Diverged d) {
            divergence = d.d;
        } catch (PrefixEnd p) {
            prefix = p.cut;
        }
        RunResult result = rt.result();
        boolean leftOver = false;
        if (divergence == null && records.hasNext()) {
            // the record goes on past the run's end: a divergence, unless the run stopped at a violation or at maxSteps
            if (result.violations().isEmpty() && schedule.taken < maxSteps) {
                StepRecord next = records.next();
                divergence = new Divergence(schedule.taken + 1, "the run is over after " + schedule.taken
                        + " steps, but the record goes on", Format.step(next), "(nothing left to deliver)");
            } else {
                leftOver = true;
            }
        }
        long steps = divergence == null ? schedule.taken : divergence.step() - 1;
        return new Outcome(steps, divergence, result, leftOver, prefix);
    }

    private static String reply(StepRecord r) {
        return r.reply() == null ? "" : " => returns " + r.reply();
    }
}
