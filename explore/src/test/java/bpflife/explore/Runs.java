package bpflife.explore;

import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.ScenarioParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Test helpers: parse scenarios, run them, describe a failing run so the seed can be replayed. */
final class Runs {
    private Runs() {}

    static final Path SCENARIOS = Path.of("..", "scenarios");

    /** The thread's race at its smallest: a pinned iterator, one cat, one rm. */
    static final String PIN_CAT_RM = """
            setup:
                p = prog load dump_task target task
                l = link create p
                pin l /sys/fs/bpf/it
                close l
                close p
            task cat:
                f = open /sys/fs/bpf/it
                read f 4096 until eof
                close f
            task rm:
                rm /sys/fs/bpf/it
            """;

    static List<Path> shipped() {
        try (Stream<Path> s = Files.list(SCENARIOS)) {
            return s.filter(p -> p.toString().endsWith(".scn")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Scenario parse(Path p) {
        try {
            return ScenarioParser.parseFile(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Scenario inline(String text) {
        return ScenarioParser.parse("inline.scn", text);
    }

    static RunResult run(Scenario sc, Semantics sem, long seed) {
        return DeterministicRuntime.run(new Env(sc, sem), new RandomStrategy(seed));
    }

    static RunResult run(Scenario sc, long seed, Stepper stepper) {
        return new DeterministicRuntime(new Env(sc, Semantics.LINUX), new RandomStrategy(seed), stepper,
                DeterministicRuntime.Options.DEFAULT).run();
    }

    /** Everything a person needs to reproduce a failed run. */
    static String why(RunResult r, long seed) {
        Report rep = Report.of(r);
        StringBuilder b = new StringBuilder(r.scenario().file() + " under " + r.semantics().name() + " failed at seed "
                + seed + " (replay: ./bpflife run " + r.scenario().file() + " --seed " + seed + ")\n");
        for (Violation v : r.violations()) {
            b.append(v.headline()).append('\n');
            v.chain().forEach(c -> b.append("  ").append(c).append('\n'));
        }
        Report.Check c = rep.firstFailure();
        if (c != null) {
            b.append(c.pos()).append(": ").append(c.text()).append(" -- ").append(c.detail()).append('\n');
        }
        if (!r.quiescent()) {
            b.append("the run did not reach quiescence\n");
        }
        return b.toString();
    }
}
