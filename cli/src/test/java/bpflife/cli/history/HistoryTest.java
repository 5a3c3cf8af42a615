package bpflife.cli.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.explore.JournalFile;
import bpflife.explore.JournalJson;
import bpflife.explore.ScheduleFile;
import bpflife.model.Semantics;
import bpflife.model.world.Listings;
import bpflife.model.world.Projection;
import bpflife.protocol.Choice;
import bpflife.protocol.IdKind;
import bpflife.protocol.StepRecord;
import bpflife.protocol.UserError;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@DisplayName("History: the same run from --scenario --seed, --journal, --schedule; views at a step")
class HistoryTest {
    static final Path SCN = Path.of("..", "scenarios", "rm-during-cats.scn");

    @Command(name = "t")
    static final class Cmd {
        @Mixin
        HistoryOptions history = new HistoryOptions();
    }

    static HistoryOptions parse(String... args) {
        Cmd c = new Cmd();
        new CommandLine(c).parseArgs(args);
        return c.history;
    }

    static List<String> lines(List<StepRecord> rs) {
        return rs.stream().map(JournalJson::line).toList();
    }

    @Test
    @DisplayName("write times in ms become µs since the first step, strictly increasing: one ms's steps 1 µs apart")
    void writeTimesSpread() {
        assertEquals(List.of(0L, 1L, 2L, 2000L, 2001L, 5000L),
                java.util.Arrays.stream(WriteTimes.spread(new long[] {5, 5, 5, 7, 6, 10})).boxed().toList());
    }

    @Test
    @DisplayName("a seeded run, its journal file and its schedule give the same entries, in order from 1")
    void sameRunThreeSources(@TempDir Path dir) throws IOException {
        List<StepRecord> run;
        try (History h = parse("--scenario", SCN.toString(), "--seed", "7").open()) {
            run = h.entries(History.END);
            assertEquals("scenario " + SCN + " seed 7", h.name());
            assertEquals(Semantics.LINUX, h.semantics());
        }
        assertTrue(run.size() > 20, "steps: " + run.size());
        for (int i = 0; i < run.size(); i++) {
            assertEquals(i + 1, run.get(i).position());
        }
        Path jsonl = dir.resolve("run.jsonl");
        JournalFile.write(jsonl, run);
        try (History h = parse("--journal", jsonl.toString(), "--scenario", SCN.toString()).open()) {
            assertEquals(lines(run), lines(h.entries(History.END)));
            assertEquals(lines(run), lines(h.entries(History.END)), "a second walk starts again at step 1");
        }
        Path sched = dir.resolve("s.schedule");
        List<Choice> choices = run.stream().map(r -> new Choice(r.receiver(), r.sender(), r.channelSeq())).toList();
        ScheduleFile.found(SCN, "linux", "test", null, choices).write(sched);
        try (History h = parse("--schedule", sched.toString()).open()) {
            assertEquals(lines(run), lines(h.entries(History.END)));
        }
        // another seed is another run
        try (History h = parse("--scenario", SCN.toString(), "--seed", "8").open()) {
            assertTrue(!lines(run).equals(lines(h.entries(History.END))));
        }
    }

    @Test
    @DisplayName("--at STEP: the states and the fold right after that step, as Projection.statesAt gives them")
    void viewAtStep() {
        try (History all = parse("--scenario", SCN.toString(), "--seed", "3").open()) {
            List<StepRecord> run = all.entries(History.END);
            long mid = run.size() / 2;
            try (History h = parse("--scenario", SCN.toString(), "--seed", "3", "--at", Long.toString(mid)).open()) {
                assertEquals(mid, h.at());
                History.View v = h.view();
                assertEquals(mid, v.step());
                assertEquals(mid, v.lastStep());
                Projection.StatesAt expected = Projection.statesAt(h.scenario(), run.iterator(), mid);
                assertEquals(expected.states(), v.states());
                // the fold saw exactly the steps up to mid: the ids assigned by then, no later one
                Projection p = new Projection(h.scenario());
                run.subList(0, (int) mid).forEach(p::see);
                Listings.show(v.states(), IdKind.LINK).forEach(e ->
                        assertEquals(p.kernelId(e.object()), v.projection().kernelId(e.object())));
            }
            History.View start = all.view(0);
            assertEquals(0, start.lastStep());
            History.View end = all.view();
            assertEquals(run.size(), end.lastStep());
            UserError past = assertThrows(UserError.class, () -> all.view(run.size() + 1));
            assertEquals("step " + (run.size() + 1) + " is past the end of scenario " + SCN + " seed 3: it has "
                    + run.size() + " steps", past.getMessage());
            assertNotNull(all.view(run.size()));
        }
    }

    @Test
    @DisplayName("one source only; --journal needs its --scenario and takes no --seed; bad files are one sentence")
    void badCombinations(@TempDir Path dir) {
        assertThrows(CommandLine.MutuallyExclusiveArgsException.class,
                () -> parse("--world", "w", "--schedule", "x"));
        assertThrows(CommandLine.ParameterException.class, () -> parse("--journal", "x.jsonl"));
        assertThrows(CommandLine.ParameterException.class, () -> parse("--at", "3"));
        UserError seed = assertThrows(UserError.class,
                () -> parse("--journal", "x.jsonl", "--scenario", SCN.toString(), "--seed", "2").open());
        assertEquals("--journal is a recorded run: --seed goes with --scenario alone", seed.getMessage());
        UserError missing = assertThrows(UserError.class,
                () -> parse("--schedule", dir.resolve("none").toString()).open());
        assertTrue(missing.getMessage().endsWith("none': No such file or directory"), missing.getMessage());
        UserError at = assertThrows(UserError.class, () -> parse("--scenario", SCN.toString(), "--at", "-1").open());
        assertEquals("--at must be 0 or more, not -1", at.getMessage());
        UserError store = assertThrows(UserError.class,
                () -> parse("--scenario", SCN.toString(), "--data-dir", dir.toString()).open());
        assertEquals("--store and --data-dir go with --world", store.getMessage());
    }
}
