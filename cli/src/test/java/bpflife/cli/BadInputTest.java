package bpflife.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("bad input: exit 2, one Error: line on stderr, nothing on stdout")
class BadInputTest {

    @TempDir
    Path tmp;


    @Test
    @DisplayName("a malformed scenario names file:line:col")
    void malformedScenario() throws IOException {
        Path scn = tmp.resolve("bad.scn");
        Files.writeString(scn, "scenario bad\n\ntask a:\n    f = opne /sys/fs/bpf/x\n");
        Cli r = Cli.bad("run", scn.toString());
        assertTrue(r.err().contains(scn + ":4:9: "), r::toString);
    }

    @Test
    @DisplayName("a scenario failing a check before running (unknown variable) names file:line:col")
    void uncheckedScenario() throws IOException {
        Path scn = tmp.resolve("unbound.scn");
        Files.writeString(scn, "task a:\n    close f\n");
        Cli r = Cli.bad("run", scn.toString());
        assertTrue(r.err().contains(scn + ":2:"), r::toString);
    }

    @Test
    @DisplayName("a missing scenario file")
    void missingFile() {
        Cli r = Cli.bad("run", tmp.resolve("nope.scn").toString());
        assertTrue(r.err().contains("No such file or directory"), r::toString);
    }

    @Test
    @DisplayName("a directory instead of a scenario file")
    void directory() {
        Cli r = Cli.bad("run", tmp.toString());
        assertTrue(r.err().contains("Is a directory"), r::toString);
    }

    @Test
    @DisplayName("an unknown option")
    void unknownOption() {
        Cli r = Cli.bad("run", "--bogus", Cli.scenario("rm-during-cats.scn"));
        assertTrue(r.err().contains("--bogus"), r::toString);
    }

    @Test
    @DisplayName("an unknown semantics lists the known ones")
    void unknownSemantics() {
        Cli r = Cli.bad("run", "--semantics", "bsd", Cli.scenario("rm-during-cats.scn"));
        assertTrue(r.err().contains("unknown semantics 'bsd'"), r::toString);
        assertTrue(r.err().contains("linux"), r::toString);
    }

    @Test
    @DisplayName("a seed that is not a number")
    void badSeed() {
        Cli r = Cli.bad("run", "--seed", "x1", Cli.scenario("rm-during-cats.scn"));
        assertTrue(r.err().contains("'x1'"), r::toString);
    }

    @Test
    @DisplayName("an unknown schedule")
    void badSchedule() {
        Cli r = Cli.bad("run", "--schedule", "dfs", Cli.scenario("rm-during-cats.scn"));
        assertTrue(r.err().contains("expected random or first"), r::toString);
    }

    @Test
    @DisplayName("a missing FILE argument")
    void missingArgument() {
        Cli.bad("run");
    }

    @Test
    @DisplayName("a journal that cannot be written")
    void unwritableJournal() {
        Cli r = Cli.bad("run", "--journal", tmp.resolve("no/such/dir/j.jsonl").toString(), Cli.scenario("rm-during-cats.scn"));
        assertTrue(r.err().contains("can't write journal"), r::toString);
    }

    @Test
    @DisplayName("an unknown command, and no command at all")
    void unknownCommand() {
        assertTrue(Cli.bad("frobnicate").err().contains("unknown command 'frobnicate'"));
        Cli.bad();
    }

    @Test
    @DisplayName("--verbose adds the stack trace after the Error: line")
    void verboseStackTrace() {
        Cli r = Cli.run("--verbose", "run", tmp.resolve("nope.scn").toString());
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().startsWith("Error: "), r::toString);
        assertTrue(r.err().contains("BadInputException"), r::toString);
    }
}
