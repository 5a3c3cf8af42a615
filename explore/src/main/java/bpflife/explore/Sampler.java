package bpflife.explore;

import bpflife.model.Env;
import bpflife.protocol.Choice;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs schedule after schedule of one scenario on one runtime (one per thread): the prefix that
 * every schedule shares (the steps where only one channel is enabled, typically the whole setup
 * task) is run once; each schedule then starts from there, and the runtime is taken back to it
 * by its undo log instead of being built again. The schedulers see the prefix as if they had
 * chosen it ({@link RecordingScheduler#taken}), so a schedule and its recorded choices are exactly
 * those of a fresh {@link DeterministicRuntime#run()}.
 */
final class Sampler {
    private final DeterministicRuntime rt;
    private final List<Channel> prefixChannels = new ArrayList<>();
    private final List<Choice> prefixChoices = new ArrayList<>();
    private final long mark;

    Sampler(Env env, Stepper stepper, long maxSteps) {
        rt = new DeterministicRuntime(env, new FirstEnabledStrategy(), stepper,
                new DeterministicRuntime.Options(maxSteps, false, null));
        rt.start();
        while (!rt.finished() && rt.enabled().size() == 1) {
            Channel ch = rt.enabled().get(0);
            prefixChannels.add(ch);
            prefixChoices.add(new Choice(ch.receiver(), ch.sender(), ch.headSeq()));
            rt.deliver(ch);
        }
        rt.recordUndo();
        mark = rt.mark();
    }

    /** One schedule, chosen by {@code scheduler}: its length, whether it broke an invariant or reached the bound. */
    Outcome run(RecordingScheduler scheduler) {
        rt.undoTo(mark);
        for (int i = 0; i < prefixChannels.size(); i++) {
            scheduler.taken(prefixChannels.get(i), prefixChoices.get(i));
        }
        while (!rt.finished()) {
            rt.deliverAt(scheduler.pick(rt.enabled()));
        }
        return new Outcome(rt.position(), rt.violations().isEmpty(), rt.boundReached());
    }

    /** @param bounded the schedule reached the step bound before quiescence (no answer for it) */
    record Outcome(long steps, boolean clean, boolean bounded) {}
}
