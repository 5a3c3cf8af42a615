package bpflife.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import bpflife.protocol.ActorId;
import bpflife.protocol.Choice;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link StepMatch#indexOf}: a runtime's keyed lookup gives the answers the scan in list order gives. */
class StepMatchTest {

    static Stream<Path> scenarios() {
        return Runs.shipped().stream().limit(12);
    }

    /** The choices to ask about: each enabled head, and near misses (another number, the pair turned round). */
    private static List<Choice> probes(List<Channel> enabled, SplittableRandom r) {
        List<Choice> out = new ArrayList<>();
        for (Channel ch : enabled) {
            out.add(new Choice(ch.receiver, ch.sender, ch.headSeq()));
            out.add(new Choice(ch.receiver, ch.sender, ch.headSeq() + 1));
            out.add(new Choice(ch.receiver, ch.sender, ch.headSeq() - 1));
            out.add(new Choice(ch.sender, ch.receiver, ch.headSeq()));
            if (!enabled.isEmpty()) {
                Channel other = enabled.get(r.nextInt(enabled.size()));
                out.add(new Choice(ch.receiver, other.sender, other.headSeq()));
            }
        }
        out.add(new Choice(ActorId.WORLD, ActorId.WORLD, 1));
        return out;
    }

    private static void check(List<Channel> enabled, SplittableRandom r, String where) {
        List<Channel> copy = List.copyOf(enabled);
        for (int i = 0; i < enabled.size(); i++) {
            Channel ch = enabled.get(i);
            assertEquals(i, StepMatch.indexOf(enabled, new Choice(ch.receiver, ch.sender, ch.headSeq())), where);
        }
        for (Choice c : probes(enabled, r)) {
            int scanned = StepMatch.scan(copy, c);
            assertEquals(scanned, StepMatch.indexOf(enabled, c), where + ": " + c);
            assertEquals(scanned, StepMatch.indexOf(copy, c), where + ": " + c);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    @DisplayName("on a runtime's enabled channels the keyed lookup answers as the scan does, step by step and after undo")
    void keyedLookupMatchesTheScan(Path file) {
        Scenario sc = Runs.parse(file);
        for (long seed = 1; seed <= 4; seed++) {
            long s = seed;
            SplittableRandom probe = new SplittableRandom(seed * 31);
            try {
                DeterministicRuntime rt = new DeterministicRuntime(new Env(sc, Semantics.LINUX), new RandomStrategy(seed),
                        Stepper.KERNEL, new DeterministicRuntime.Options(5_000, false, null));
                rt.recordUndo();
                rt.start();
                SplittableRandom pick = new SplittableRandom(seed);
                List<Long> marks = new ArrayList<>();
                int steps = 0;
                while (!rt.finished() && steps < 400) {
                    check(rt.enabled(), probe, "step " + steps);
                    if (pick.nextInt(8) == 0) {
                        marks.add(rt.mark());
                    }
                    if (!marks.isEmpty() && pick.nextInt(16) == 0) { // go back, as a search does
                        rt.undoTo(marks.remove(marks.size() - 1));
                        check(rt.enabled(), probe, "after undo at step " + steps);
                    }
                    rt.deliverAt(pick.nextInt(rt.enabled().size()));
                    steps++;
                }
            } catch (AssertionError e) {
                throw new AssertionError("seed " + s + " on " + file.getFileName() + ": " + e.getMessage(), e);
            }
        }
    }

    @Test
    @DisplayName("in a list with several matching channels the first one wins; none matching gives -1")
    void firstOfSeveralWins() {
        ActorId a = ActorId.WORLD;
        Scenario sc = Runs.inline(Runs.PIN_CAT_RM);
        DeterministicRuntime rt = new DeterministicRuntime(new Env(sc, Semantics.LINUX), new RandomStrategy(1),
                Stepper.KERNEL, DeterministicRuntime.Options.DEFAULT);
        rt.start();
        Channel real = rt.enabled().get(0);
        Channel other = new Channel(a, a, 7);
        Channel twin = new Channel(real.sender, real.receiver, 9);
        twin.delivered = real.delivered;
        Choice c = new Choice(real.receiver, real.sender, real.headSeq());
        assertEquals(1, StepMatch.indexOf(List.of(other, real, twin), c));
        assertEquals(1, StepMatch.indexOf(List.of(other, twin, real), c));
        assertEquals(0, StepMatch.indexOf(List.of(twin, real), c));
        assertEquals(-1, StepMatch.indexOf(List.of(other), c));
        assertEquals(-1, StepMatch.indexOf(List.of(), c));
        assertEquals(-1, StepMatch.indexOf(rt.enabled(), new Choice(real.receiver, real.sender, real.headSeq() + 1)));
        assertEquals(0, StepMatch.indexOf(rt.enabled(), c));
        assertTrue(rt.enabled() instanceof Channels.Enabled, "a runtime's list is searched by key");
    }
}
