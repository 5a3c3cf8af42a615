package bpflife.explore;

import bpflife.model.ObjectState;
import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import bpflife.protocol.ActorId;
import bpflife.protocol.StepRecord;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;

/**
 * Everything one run produced.
 *
 * @param records   the journal, when the run kept it
 * @param states    every object's final state, in creation order
 * @param dumps     per session, the concatenation of the bytes its reads returned
 * @param eof       sessions a read returned 0 for
 * @param quiescent whether the run ended with no message in flight (not stopped by a violation or the step limit)
 */
public record RunResult(Scenario scenario, Semantics semantics, String scheduler, long steps,
                        List<StepRecord> records, SequencedMap<ActorId, ObjectState> states,
                        List<Violation> violations, Map<ActorId, String> dumps, Set<ActorId> eof, boolean quiescent) {

    public boolean clean() {
        return violations.isEmpty();
    }

    /**
     * Whether the run stopped before quiescence without a violation: its step bound was reached
     * (or, for a journal's replay, the journal ended). Incomplete, not a violation: nothing is known
     * about the steps it did not take.
     */
    public boolean boundReached() {
        return violations.isEmpty() && !quiescent;
    }
}
