package bpflife.loadtest;

import bpflife.loadtest.report.Check;
import bpflife.model.ObjectState;
import bpflife.protocol.ActorId;
import java.util.List;
import java.util.SequencedMap;
import java.util.SortedMap;

/** The load's balance checks (package-private {@link Balance}) for the cluster module's tests. */
public final class BalanceOf {
    private BalanceOf() {}

    public static List<Check> of(SequencedMap<ActorId, ObjectState> states, SortedMap<String, Long> counted) {
        return Balance.of(states, counted);
    }
}
