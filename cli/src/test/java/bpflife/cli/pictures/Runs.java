package bpflife.cli.pictures;

import bpflife.explore.DeterministicRuntime;
import bpflife.explore.RandomStrategy;
import bpflife.explore.RunResult;
import bpflife.explore.Stepper;
import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.scenario.ScenarioParser;
import java.nio.file.Path;

/** Deterministic runs the pictures' tests draw (paths from the cli module, where tests run). */
final class Runs {
    private Runs() {}

    /** bench/zoo/getfd-busy-host.scn under bug-inc-not-zero, seed 2: 1,396 steps, then a violation. */
    static RunResult violating() throws Exception {
        return run("../bench/zoo/getfd-busy-host.scn", "bug-inc-not-zero", 2);
    }

    /** scenarios/getfd-races-last-put.scn under linux, seed 1: clean, 166 steps. */
    static RunResult clean() throws Exception {
        return run("../scenarios/getfd-races-last-put.scn", "linux", 1);
    }

    static RunResult run(String scenario, String semantics, long seed) throws Exception {
        Env env = new Env(ScenarioParser.parseFile(Path.of(scenario)), Semantics.byName(semantics));
        return new DeterministicRuntime(env, new RandomStrategy(seed), Stepper.KERNEL,
                new DeterministicRuntime.Options(100_000, true, null)).run();
    }
}
