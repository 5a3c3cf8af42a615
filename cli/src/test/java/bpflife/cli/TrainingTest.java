package bpflife.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's training run (bin/jvm-flags' make_archive) runs these commands to fill its
 * class-data archive: each must still work, or the archive is not made (the launcher then runs
 * without it, silently slower) and the history commands' classes are not in it.
 */
class TrainingTest {

    @Test
    @DisplayName("every command of the training run exits 0: a run, a live run into H2, link/prog show, replay, audit and worlds on its world")
    void everyCommandRuns(@TempDir Path dir) {
        List<Integer> codes = Training.run(Path.of(Cli.scenario("rm-during-cats.scn")), dir.resolve("data"));
        assertEquals(Collections.nCopies(Training.commands(Path.of("x.scn"), dir).size(), 0), codes,
                "exit codes of " + Training.commands(Path.of("x.scn"), dir).stream().map(c -> String.join(" ", c)).toList());
    }
}
