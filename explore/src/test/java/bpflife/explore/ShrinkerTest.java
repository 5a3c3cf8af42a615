package bpflife.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.ScenarioParser;
import bpflife.model.scenario.TaskDef;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("shrinker")
class ShrinkerTest {
    private static final long SEED = 20261126;
    /** The benchmark's seed: it finds the zoo's races within a few schedules. */
    private static final long ZOO_SEED = 1;

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource({"bug-inc-not-zero, getfd-busy-host.scn"})
    @DisplayName("a bug found in a busy scenario of the zoo shrinks by a large factor, to a run that replays to the same violation")
    void zooBugShrinksByALargeFactor(String variant, String file) {
        Semantics sem = Semantics.byName(variant);
        Scenario sc = Runs.parse(ZooScenariosTest.ZOO.resolve(file));
        Explorer.Summary s = new Explorer(new Env(sc, sem), new Explorer.Options(Explorer.Strategy.PORTFOLIO, 10_000,
                100_000, 0, ZOO_SEED, 0), null).run();
        assertNotNull(s.found(), variant + " not found in " + file + " (seed " + ZOO_SEED + ")");
        Violation v = s.found().run().violations().get(0);

        Shrinker shrinker = new Shrinker(sem, v.invariant(), 60_000, 0);
        Shrinker.Failing start = shrinker.replay(sc, s.found().schedule());
        Shrinker.Failing small = shrinker.shrink(start);
        Violation w = small.violation();
        String why = file + " under " + variant + " (seed " + ZOO_SEED + "): " + start.size() + " -> " + small.size();
        assertEquals(v.invariant(), w.invariant(), why);
        assertEquals(v.object().kind(), w.object().kind(), "the same kind of object: " + why);
        assertTrue(start.size().deliveries() >= 5 * small.size().deliveries(), why);
        assertTrue(small.size().tasks() < start.size().tasks() && small.size().calls() < start.size().calls(), why);

        Scenario reread = ScenarioParser.parse("shrunk.scn", Shrinker.render(small.scenario()));
        RunResult again = new DeterministicRuntime(new Env(reread, sem), new ReplayStrategy(small.schedule()),
                Stepper.KERNEL, DeterministicRuntime.Options.DEFAULT).run();
        assertEquals(w.headline(), again.violations().get(0).headline(), "the shrunk schedule replays exactly: " + why);
    }

    @Test
    @DisplayName("shrinking is deterministic: the same failing run gives the same shrunk scenario and schedule")
    void sameInputSameResult() {
        Semantics sem = Semantics.byName("bug-B1");
        Scenario sc = Runs.parse(Runs.SCENARIOS.resolve("link-prime-failure.scn"));
        Explorer.Summary s = random(sem, sc, 1_000);
        assertNotNull(s.found());
        Shrinker.Failing a = shrink(sem, sc, s.found());
        Shrinker.Failing b = shrink(sem, sc, s.found());
        assertEquals(Shrinker.render(a.scenario()), Shrinker.render(b.scenario()));
        assertEquals(a.schedule(), b.schedule());
    }

    /** Random schedules from {@link #SEED}, at most {@code schedules} of them. */
    private static Explorer.Summary random(Semantics sem, Scenario sc, long schedules) {
        return new Explorer(new Env(sc, sem), new Explorer.Options(Explorer.Strategy.RANDOM, schedules, 100_000, 0,
                SEED, 0), null).run();
    }

    private static Shrinker.Failing shrink(Semantics sem, Scenario sc, Explorer.Found found) {
        Shrinker shrinker = new Shrinker(sem, null, 60_000, 0);
        return shrinker.shrink(shrinker.replay(sc, found.schedule()));
    }

    @Test
    @DisplayName("with no time left the shrinker returns the failing run it was given")
    void noTimeNoShrinking() {
        Semantics sem = Semantics.byName("bug-B2");
        Scenario sc = Runs.parse(Runs.SCENARIOS.resolve("map-elem-fds-closed.scn"));
        Explorer.Summary s = random(sem, sc, 100);
        Shrinker shrinker = new Shrinker(sem, null, 0, 0);
        Shrinker.Failing start = shrinker.replay(sc, s.found().schedule());
        Shrinker.Failing same = shrinker.shrink(start);
        assertEquals(start.size(), same.size());
        assertEquals(start.schedule(), same.schedule());
    }

    @Test
    @DisplayName("a schedule that breaks no invariant is not a failing run")
    void cleanScheduleIsNotFailing() {
        Scenario sc = Runs.inline(Runs.PIN_CAT_RM);
        RecordingScheduler rec = new RecordingScheduler(new RandomStrategy(SEED));
        DeterministicRuntime.run(new Env(sc, Semantics.LINUX), rec);
        assertNull(new Shrinker(Semantics.LINUX, null, 1_000, 0).replay(sc, rec.choices()));
    }

    @Test
    @DisplayName("ddmin finds the two items a failure needs among a hundred")
    void ddminFindsTheCulprits() {
        List<Integer> all = IntStream.rangeClosed(1, 100).boxed().toList();
        List<List<Integer>> tried = new ArrayList<>();
        List<Integer> min = Ddmin.minimize(all, cand -> {
            tried.add(cand);
            return cand.contains(17) && cand.contains(42) ? cand : null;
        }, () -> false);
        assertEquals(List.of(17, 42), min);
        assertTrue(tried.size() < 100, tried.size() + " tries");
    }

    @Test
    @DisplayName("cuts keep forks consistent: a parent takes its forked child along, and a task without calls goes")
    void cutsKeepForksConsistent() {
        Scenario sc = Runs.inline("""
                task parent:
                    fork kid
                    x = prog load dump_task target task
                task kid forked:
                    y = prog load dump_y target task
                task other:
                    z = prog load dump_z target task
                """);
        assertEquals(List.of("other"), names(ScenarioCuts.withoutTasks(sc, List.of("parent"))));
        Scenario noFork = ScenarioCuts.withBody(sc, "parent", List.of(sc.task("parent").body().get(1)));
        assertEquals(List.of("parent", "other"), names(noFork));
        assertEquals(List.of("other"), names(ScenarioCuts.withBody(noFork, "parent", List.of())));
        Scenario noKid = ScenarioCuts.withoutTasks(sc, List.of("kid"));
        assertEquals(1, noKid.task("parent").body().size(), "the fork of a task that went goes too");
        assertTrue(ScenarioCuts.parses(noKid) && ScenarioCuts.parses(noFork));
    }

    @Test
    @DisplayName("a wait for a signal that no task sends any more goes with the task that sent it")
    void cutsDropDanglingWaits() {
        Scenario sc = Runs.inline("""
                task sender:
                    signal go
                task waiter:
                    wait go
                    x = prog load dump_task target task
                """);
        Scenario cut = ScenarioCuts.withoutTasks(sc, List.of("sender"));
        assertEquals(1, cut.task("waiter").body().size());
        assertTrue(ScenarioCuts.parses(cut));
    }

    private static List<String> names(Scenario sc) {
        return sc.tasks().stream().map(TaskDef::name).toList();
    }
}
