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
     * @param leftOver   whether the record goes on after the run stopped on a violation
     */
    public record Outcome(long steps, Divergence divergence, RunResult result, boolean leftOver) {
        public boolean identical() {
            return divergence == null;
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
        StepRecord current;
        long taken;

        Schedule(Iterator<StepRecord> records) {
            this.records = records;
        }

        @Override
        public int pick(List<Channel> enabled) {
            long step = taken + 1;
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

    /** Replays {@code records} (in order, positions from 1) under {@code env}. */
    public static Outcome replay(Env env, Iterator<StepRecord> records, boolean keepRecords, long maxSteps) {
        Schedule schedule = new Schedule(records);
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
        try {
            rt.run();
        } catch (Diverged d) {
            divergence = d.d;
        }
        RunResult result = rt.result();
        boolean leftOver = false;
        if (divergence == null && records.hasNext()) {
            if (result.violations().isEmpty()) {
                StepRecord next = records.next();
                divergence = new Divergence(schedule.taken + 1, "the run is over after " + schedule.taken
                        + " steps, but the record goes on", Format.step(next), "(nothing left to deliver)");
            } else {
                leftOver = true;
            }
        }
        long steps = divergence == null ? schedule.taken : divergence.step() - 1;
        return new Outcome(steps, divergence, result, leftOver);
    }

    private static String reply(StepRecord r) {
        return r.reply() == null ? "" : " => returns " + r.reply();
    }
}
