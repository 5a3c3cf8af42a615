package bpflife.bench;

import bpflife.explore.DeterministicRuntime;
import bpflife.explore.FirstEnabledStrategy;
import bpflife.explore.Stepper;
import bpflife.explore.WorldKey;
import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.Task;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.ScenarioParser;
import bpflife.protocol.ActorId;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The P1 cross-check (BENCHMARKS.md): every state of a scenario, with no reduction at all, counted
 * two ways. Plain depth-first search over every enabled delivery from every state, through
 * {@link DeterministicRuntime}'s undo log, deduplicated by {@link DeterministicRuntime#stateKey()}:
 * <ul>
 * <li>{@code states}: distinct state keys, final (quiescent) states included;</li>
 * <li>{@code states-held-as-set}: the same with each task's in-call references compared as a set, which is
 *     how bench/seed-race.pml stores them (now equal to {@code states}: call states keep them sorted);</li>
 * <li>{@code setup}: states before the setup task exited (bench/seed-race.pml starts after setup);</li>
 * <li>{@code finals}: distinct final states.</li>
 * </ul>
 * Usage: {@code java -cp ... bpflife.bench.StateCount FILE.scn [SEMANTICS]}. Meant for small scenarios:
 * it keeps every state and explores every interleaving (bench/seed-race.scn itself has millions).
 */
public final class StateCount {
    private final DeterministicRuntime rt;
    private final Set<WorldKey> seen = new HashSet<>();
    private final Set<WorldKey> seenSorted = new HashSet<>();
    private long setup;
    private long finals;

    private StateCount(DeterministicRuntime rt) {
        this.rt = rt;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: StateCount FILE.scn [SEMANTICS]");
            System.exit(2);
        }
        Scenario sc = ScenarioParser.parseFile(Path.of(args[0]));
        Semantics sem = Semantics.byName(args.length > 1 ? args[1] : "linux");
        DeterministicRuntime rt = new DeterministicRuntime(new Env(sc, sem), new FirstEnabledStrategy(), Stepper.KERNEL,
                new DeterministicRuntime.Options(Long.MAX_VALUE, false, null));
        rt.recordUndo();
        rt.start();
        StateCount c = new StateCount(rt);
        long t0 = System.nanoTime();
        c.dfs();
        System.out.printf("scenario %s: states %d, states-held-as-set %d, setup %d, finals %d (%.1f s)%n", args[0],
                c.seen.size(), c.seenSorted.size(), c.setup, c.finals, (System.nanoTime() - t0) / 1e9);
    }

    private void dfs() {
        WorldKey key = rt.stateKey();
        if (!seen.add(key)) {
            return;
        }
        seenSorted.add(heldAsSet(key));
        if (!((Task.State) rt.state(new ActorId.TaskId("setup"))).exited()) {
            setup++;
        }
        if (rt.finished()) {
            finals++;
            return;
        }
        int n = rt.enabled().size();
        long mark = rt.mark();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                rt.undoTo(mark);
            }
            rt.deliverAt(i);
            dfs();
        }
    }

    /**
     * The state key with every task's in-call references compared as a set: the key itself, since
     * a call's state keeps its references in a canonical (sorted) order.
     */
    private static WorldKey heldAsSet(WorldKey key) {
        return key;
    }
}
