package bpflife.kernel;

import bpflife.explore.Channel;
import bpflife.explore.Scheduler;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.Msg;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the model one system call at a time, in a given order of tasks: what the kernel run does.
 * A task's next call (or its exit) starts when its {@code Continue} (or {@code Start}) is
 * delivered. Every other message is delivered first: the messages of the call in the kernel, so
 * that it completes before any other call begins, and pending kernel work (deferred frees,
 * wake-ups), which on the kernel runs long before the next serialized call. Then the next task
 * in {@code order} that can start a call does. A call parked in {@code wait} has no message to
 * deliver and so does not hold the others back. Calls beyond the order (a run that went another
 * way) start in channel order.
 */
final class SerialScheduler implements Scheduler {
    private final List<String> order;

    /** @param order the task of each call (and exit) in the order they are to run */
    SerialScheduler(List<String> order) {
        this.order = new ArrayList<>(order);
    }

    @Override
    public int pick(List<Channel> enabled) {
        for (int i = 0; i < enabled.size(); i++) {
            if (!callStart(enabled.get(i))) {
                return i; // the call in the kernel, or pending kernel work
            }
        }
        for (int k = 0; k < order.size(); k++) {
            for (int i = 0; i < enabled.size(); i++) {
                if (((TaskId) enabled.get(i).receiver()).name().equals(order.get(k))) {
                    order.remove(k);
                    return i;
                }
            }
        }
        return 0;
    }

    private static boolean callStart(Channel ch) {
        return ch.receiver() instanceof TaskId && (ch.head() instanceof Msg.Continue || ch.head() instanceof Msg.Start);
    }

    @Override
    public String describe() {
        return "serial";
    }
}
