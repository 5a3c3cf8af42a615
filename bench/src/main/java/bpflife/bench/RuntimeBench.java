package bpflife.bench;

import bpflife.explore.DeterministicRuntime;
import bpflife.explore.RandomStrategy;
import bpflife.explore.RunResult;
import bpflife.explore.Stepper;
import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.ScenarioParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * P3 (BENCHMARKS.md): deliveries per second per core of the {@link DeterministicRuntime}, without the
 * kept journal ({@code keepRecords=false}, as the explorer's sampling runs it), over one scenario
 * (default: the seed race) under {@link RandomStrategy} with a fresh seed per run.
 *
 * <p>One benchmark operation is one whole run (world boot, setup, the tasks, the quiescence
 * checks, the {@link RunResult}); the {@code deliveries} counter is the number of messages those
 * runs delivered, so JMH reports it as deliveries/s next to runs/s. Single-threaded: per core.
 * Run it with bench/p3-jmh.sh from the repository root (the scenario path is relative to it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RuntimeBench {

    /** The scenario file, relative to the working directory. */
    @Param("bench/seed-race.scn")
    public String scenario;

    /** The semantics variant ({@code bpflife semantics}). */
    @Param("linux")
    public String semantics;

    private Env env;
    private SplittableRandom seeds;

    /** Deliveries made by the measured runs: reported by JMH as a rate (deliveries/s). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Deliveries {
        public long deliveries;

        @Setup(Level.Iteration)
        public void reset() {
            deliveries = 0;
        }
    }

    @Setup(Level.Trial)
    public void load() throws IOException {
        Scenario sc = ScenarioParser.parseFile(Path.of(scenario));
        Semantics sem = Semantics.byName(semantics);
        if (sem == null) {
            throw new IllegalArgumentException("unknown semantics " + semantics);
        }
        env = new Env(sc, sem);
        seeds = new SplittableRandom(1);
    }

    @Benchmark
    public RunResult randomRun(Deliveries counter) {
        DeterministicRuntime rt = new DeterministicRuntime(env, new RandomStrategy(seeds.nextLong()), Stepper.KERNEL,
                new DeterministicRuntime.Options(1_000_000, false, null));
        RunResult r = rt.run();
        if (!r.clean()) {
            throw new IllegalStateException("a run broke an invariant: " + r.violations().get(0));
        }
        counter.deliveries += r.steps();
        return r;
    }
}
