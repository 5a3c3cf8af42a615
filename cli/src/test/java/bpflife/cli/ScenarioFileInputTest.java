package bpflife.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15, F12/F13/F16 through the command line: the parser's refusals end {@code run} with exit 2 and one line. */
@DisplayName("run of a scenario file that cannot run: exit 2, one printable Error: line")
class ScenarioFileInputTest {

    @TempDir
    Path tmp;

    /** {@link Cli#bad}, bounded (a file that never ends must not hang the suite), and no raw ESC. */
    private static Cli bad(String... args) {
        Cli r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Cli.bad(args));
        assertFalse(r.err().contains("\u001b"), r::toString);
        return r;
    }

    @Test
    @DisplayName("an empty scenario is 'no tasks' at file:1:1, not a PASS (F12)")
    void emptyFile() throws IOException {
        Path scn = Files.writeString(tmp.resolve("empty.scn"), "# nothing to run\n\n");
        Cli r = bad("run", scn.toString());
        assertTrue(r.err().contains(scn + ":1:1: no tasks"), r::toString);
    }

    @Test
    @DisplayName("an ESC in a scenario is shown escaped, never sent raw to the terminal (F13)")
    void escapeEscaped() throws IOException {
        Path scn = Files.writeString(tmp.resolve("esc.scn"), "task a:\n    rm /sys/fs/bpf/\u001b[2Jx\n");
        Cli r = bad("run", scn.toString());
        assertTrue(r.err().contains(scn + ":2:20: ") && r.err().contains("\\u001B"), r::toString);
    }

    @Test
    @DisplayName("run /dev/zero is refused at once instead of reading forever (F16)")
    void devZero() {
        if (!Files.exists(Path.of("/dev/zero"))) {
            return;
        }
        Cli r = bad("run", "/dev/zero");
        assertTrue(r.err().contains("'/dev/zero'") && r.err().contains("not a regular file"), r::toString);
    }
}
