package bpflife.explore;

import bpflife.model.Coverage;
import bpflife.model.Kernel;
import bpflife.protocol.Msg;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** A stepper that notes each (kind, state, message) triple it steps, safe to share between threads. */
final class CoverageTracker implements Stepper {
    private record Key(String kind, String state, Class<? extends Msg> message) {}

    private final Set<Key> seen = ConcurrentHashMap.newKeySet();

    @Override
    public bpflife.model.Decision step(bpflife.model.Env env, bpflife.model.ObjectState state,
                                        bpflife.protocol.ActorId sender, Msg message) {
        seen.add(new Key(Coverage.kind(state).name(), Coverage.state(state), message.getClass()));
        return Kernel.step(env, state, sender, message);
    }

    /** The triples reached, as {@code kind/STATE/Message}. */
    TreeSet<String> reached() {
        TreeSet<String> out = new TreeSet<>();
        for (Key k : seen) {
            out.add(k.kind() + "/" + k.state() + "/" + k.message().getSimpleName());
        }
        return out;
    }
}
