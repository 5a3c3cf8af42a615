package bpflife.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.explore.ScheduleFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15's failure paths in the CLI: a test per row (F7, F9, F10, F11, F14, F15). */
@DisplayName("failure paths: bounds are incomplete, bad input is one clear line")
class FailurePathsTest {

    @TempDir
    Path tmp;


    /** A copy of a shipped scenario in the temp directory, and a schedule next to it made for it. */
    private Path schedule(List<bpflife.protocol.Choice> choices) throws IOException {
        Path scn = tmp.resolve("cats.scn");
        Files.copy(Path.of(Cli.scenario("rm-during-cats.scn")), scn);
        Path sched = tmp.resolve("cats.schedule");
        ScheduleFile.found(scn, "linux", "test", null, choices).write(sched);
        return sched;
    }

    // ---- F7: a bound reached is incomplete, exit 4, never a violation, no schedule

    @Test
    @DisplayName("F7 run: a run cut at --max-steps is incomplete (exit 4), not a violation")
    void runStepBound() {
        Cli r = Cli.run("run", "--max-steps", "5", Cli.scenario("rm-during-cats.scn"));
        assertEquals(4, r.code(), r::toString);
        assertTrue(r.out().contains("verdict: INCOMPLETE (step bound 5 reached)"), r::toString);
        assertFalse(r.out().contains("VIOLATED"), r::toString);
        assertFalse(r.out().contains("stuck"), r::toString);
    }

    @Test
    @DisplayName("F7 explore: schedules cut at --max-steps give incomplete (exit 4) and write no schedule")
    void exploreStepBound() throws IOException {
        Path out = tmp.resolve("out");
        Cli r = Cli.run("explore", "--max-steps", "5", "--schedules", "20", "--out", out.toString(),
                Cli.scenario("rm-during-cats.scn"));
        assertEquals(4, r.code(), r::toString);
        assertTrue(r.out().contains("verdict: INCOMPLETE (step bound 5 reached"), r::toString);
        assertFalse(r.out().contains("VIOLATED"), r::toString);
        assertFalse(Files.exists(out), r::toString);
    }

    @Test
    @DisplayName("F7 explore: the exhaustive search stopped by --states is incomplete (exit 4)")
    void exploreStateBound() {
        Cli r = Cli.run("explore", "--strategy", "exhaustive", "--states", "10", "--json",
                Cli.scenario("rm-during-cats.scn"));
        assertEquals(4, r.code(), r::toString);
        assertTrue(r.out().contains("\"verdict\" : \"incomplete\""), r::toString);
        assertTrue(r.out().contains("state bound 10 reached"), r::toString);
    }

    @Test
    @DisplayName("F7 explore: stopped by --time before --schedules is incomplete (exit 4)")
    void exploreTimeBound() {
        Cli r = Cli.run("explore", "--time", "0.001", "--schedules", "9223372036854775807",
                Cli.scenario("rm-during-cats.scn"));
        assertEquals(4, r.code(), r::toString);
        assertTrue(r.out().contains("verdict: INCOMPLETE (time bound reached"), r::toString);
    }

    // ---- F9: a limit names the option

    @Test
    @DisplayName("F9 load --sessions over the limit names the option and the limit")
    void loadSessionsLimit() {
        Cli r = Cli.bad("load", "--sessions", "100000");
        assertTrue(r.err().contains("--sessions"), r::toString);
        assertTrue(r.err().contains("1 to 10000"), r::toString);
        assertFalse(r.err().contains(".scn:"), r::toString);
    }

    // ---- F10: a schedule made for another scenario, or whose scenario is missing

    @Test
    @DisplayName("F10 a schedule whose scenario changed: made for a different scenario, and what to do")
    void scheduleForAnotherScenario() throws IOException {
        Path sched = schedule(List.of());
        Files.writeString(tmp.resolve("cats.scn"), "\n# changed\n", java.nio.file.StandardOpenOption.APPEND);
        for (String cmd : List.of("replay", "shrink")) {
            Cli r = Cli.bad(cmd, "--schedule", sched.toString());
            assertTrue(r.err().contains("was made for a different scenario"), r::toString);
            assertTrue(r.err().contains("bpflife explore"), r::toString);
        }
        Cli d = Cli.bad("diff", "--schedule", sched.toString(), "--against", "bug-B1");
        assertTrue(d.err().contains("was made for a different scenario"), d::toString);
    }

    @Test
    @DisplayName("F10 a schedule whose scenario is missing names the path it looked for")
    void scheduleScenarioMissing() throws IOException {
        Path sched = schedule(List.of());
        Files.delete(tmp.resolve("cats.scn"));
        Cli r = Cli.bad("replay", "--schedule", sched.toString());
        assertTrue(r.err().contains("looked for '"), r::toString);
        assertTrue(r.err().contains("cats.scn'"), r::toString);
    }

    // ---- F11: diff with a schedule that does not apply

    @Test
    @DisplayName("F11 diff with a schedule that applies under neither design: exit 2, at which step")
    void diffScheduleDoesNotApply() throws IOException {
        Path sched = schedule(List.of());
        Cli r = Cli.bad("diff", "--schedule", sched.toString(), "--against", "bug-B1");
        assertTrue(r.err().contains("does not apply"), r::toString);
        assertTrue(r.err().contains("step 1"), r::toString);
    }

    // ---- F14: messages

    @Test
    @DisplayName("F14 no command: the error lists every command")
    void noCommand() {
        Cli r = Cli.bad();
        for (String c : List.of("run", "explore", "shrink", "diff", "semantics", "replay", "audit", "link", "prog",
                "kernel", "load")) {
            assertTrue(r.err().contains(c), () -> c + " missing: " + r);
        }
    }

    @Test
    @DisplayName("F14 a message that already starts with 'Error: ' is printed once: no 'Error: Error:'")
    void errorOnce() {
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = Main.commandLine().setErr(new java.io.PrintWriter(err));
        int code = new Errors(() -> false).handleExecutionException(
                new BadInputException("Error: the journal is locked"), cl, null);
        assertEquals(2, code);
        assertEquals("Error: the journal is locked", err.toString().strip());
    }

    @Test
    @DisplayName("F14 an I/O failure no command caught is exit 2 with the file and the cause, no class name")
    void escapedIoFailure() {
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = Main.commandLine().setErr(new java.io.PrintWriter(err));
        int code = new Errors(() -> false).handleExecutionException(
                new java.nio.file.FileSystemException("/x/y", null, "Is a directory"), cl, null);
        assertEquals(2, code);
        assertEquals("Error: can't read or write '/x/y': Is a directory", err.toString().strip());
    }

    @Test
    @DisplayName("F14 a schedule that is missing, a directory, or not UTF-8: the thing and the cause")
    void scheduleMessages() throws IOException {
        Cli missing = Cli.bad("replay", "--schedule", tmp.resolve("x").toString());
        assertTrue(missing.err().contains("can't read schedule '" + tmp.resolve("x") + "': No such file or directory"),
                missing::toString);
        Cli dir = Cli.bad("shrink", "--schedule", tmp.toString());
        assertTrue(dir.err().contains("Is a directory"), dir::toString);
        Path binary = tmp.resolve("bin.schedule");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, '\n'});
        Cli bin = Cli.bad("diff", "--schedule", binary.toString(), "--against", "linux");
        assertTrue(bin.err().contains("not UTF-8 text"), bin::toString);
    }

    @Test
    @DisplayName("F14 a journal or kernel schedule that is a directory or not UTF-8: the thing and the cause")
    void journalAndKernelScheduleMessages() throws IOException {
        Cli dir = Cli.bad("replay", "--journal", tmp.toString(), "--scenario", Cli.scenario("rm-during-cats.scn"));
        assertTrue(dir.err().contains("can't read journal '" + tmp + "': Is a directory"), dir::toString);
        Path binary = tmp.resolve("bin.schedule");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, '\n'});
        Cli bin = Cli.bad("kernel", "--schedule", binary.toString(), Cli.scenario("rm-during-cats.scn"));
        assertTrue(bin.err().contains("can't read schedule '" + binary + "': not UTF-8 text"), bin::toString);
    }

    @Test
    @DisplayName("F14 a number too large for an option: the option and its range")
    void hugeNumber() {
        Cli r = Cli.bad("explore", "--seed", "99999999999999999999999", Cli.scenario("rm-during-cats.scn"));
        assertTrue(r.err().contains("--seed"), r::toString);
        assertTrue(r.err().contains("expected a whole number from "), r::toString);
        Cli s = Cli.bad("explore", "--schedules", "99999999999999999999999", Cli.scenario("rm-during-cats.scn"));
        assertTrue(s.err().contains("from 1 to 9223372036854775807"), s::toString);
    }

    // ---- F15: options validated the same way everywhere

    @Test
    @DisplayName("F15 --time 0, infinite or huge is refused with the range, the same words in explore and shrink")
    void timeRange() throws IOException {
        Path sched = schedule(List.of());
        Cli shrink = Cli.bad("shrink", "--schedule", sched.toString(), "--time", "99999999999999999999");
        assertTrue(shrink.err().contains("expected seconds from 0.001 to 1000000"), shrink::toString);
        Cli zero = Cli.bad("explore", "--time", "0", Cli.scenario("rm-during-cats.scn"));
        assertTrue(zero.err().contains("expected seconds from 0.001 to 1000000"), zero::toString);
        Cli inf = Cli.bad("explore", "--time", "1e400", Cli.scenario("rm-during-cats.scn"));
        assertTrue(inf.err().contains("expected seconds from 0.001 to 1000000"), inf::toString);
    }

    @Test
    @DisplayName("F15 --data-dir without --live is refused")
    void dataDirNeedsLive() {
        Cli r = Cli.bad("run", "--data-dir", tmp.toString(), Cli.scenario("rm-during-cats.scn"));
        assertTrue(r.err().contains("--data-dir needs --live"), r::toString);
    }

    @Test
    @DisplayName("F15 --seed with --schedule first is refused")
    void seedWithFirst() {
        Cli r = Cli.bad("run", "--seed", "5", "--schedule", "first", Cli.scenario("rm-during-cats.scn"));
        assertTrue(r.err().contains("--seed goes with --schedule random"), r::toString);
    }

    @Test
    @DisplayName("F15 explore refuses an option its strategy would ignore")
    void exploreIgnoredOptions() {
        Cli seed = Cli.bad("explore", "--strategy", "exhaustive", "--seed", "3", Cli.scenario("rm-during-cats.scn"));
        assertTrue(seed.err().contains("--seed goes with the sampling strategies"), seed::toString);
        Cli states = Cli.bad("explore", "--states", "5", Cli.scenario("rm-during-cats.scn"));
        assertTrue(states.err().contains("--states goes with --strategy exhaustive"), states::toString);
    }
}
