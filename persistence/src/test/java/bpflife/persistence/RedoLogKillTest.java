package bpflife.persistence;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed (SIGKILL) while the journal writes loses no step it acknowledged: the batches H2
 * had not stored yet (its period is an hour here) are in the redo log, and the next open puts them
 * back. The moment of the kill is drawn from a seed ({@code -Dbpflife.test.seed=N} repeats a run).
 */
@DisplayName("H2 journal: redo log after a killed process")
class RedoLogKillTest {
    private static final Path SCENARIO = Path.of("..", "scenarios", "load-cats-rm-update.scn");

    @TempDir
    Path dir;

    @Test
    @DisplayName("every step a killed process had acknowledged is in the journal when it is opened again")
    void killedProcessLosesNothingAcknowledged() throws Exception {
        long seed = Long.getLong("bpflife.test.seed", System.nanoTime());
        Random rnd = new Random(seed);
        for (int round = 0; round < 2; round++) {
            Path data = dir.resolve("round-" + round);
            int killAfter = 1 + rnd.nextInt(250);
            String world = "kill-" + round;
            List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-cp", System.getProperty("java.class.path"), "-Dbpflife.store=h2", "-Dbpflife.data-dir=" + data,
                    "-Dbpflife.h2.housekeeping=1h", CrashingRun.class.getName(), world, SCENARIO.toString(), "0", "log"));
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Set<String> acknowledged = new HashSet<>();
            boolean ended = false;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while (acknowledged.size() < killAfter && (line = in.readLine()) != null) {
                    if (line.equals("ended")) {
                        ended = true;
                        break;
                    }
                    acknowledged.add(line);
                }
                p.destroyForcibly(); // SIGKILL: nothing flushed, nothing shut down
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "seed " + seed + ": the child did not die");
            }
            String what = "seed " + seed + ", round " + round + ": killed after " + acknowledged.size()
                    + " acknowledged steps (wanted " + killAfter + (ended ? ", the world had ended" : "") + ")";
            assertTrue(!acknowledged.isEmpty(), what + ": the child acknowledged nothing");
            Config cfg = ConfigFactory.empty()
                    .withValue("bpflife.store", ConfigValueFactory.fromAnyRef("h2"))
                    .withValue("bpflife.data-dir", ConfigValueFactory.fromAnyRef(data.toString()));
            Set<String> journaled = new HashSet<>();
            try (Store store = Store.open(cfg); WorldStream ws = WorldStream.open(store, world)) {
                while (ws.hasNext()) {
                    if (ws.next() instanceof WorldStream.Step s) {
                        journaled.add(CrashingRun.key(s.record()));
                    }
                }
            }
            Set<String> lost = new HashSet<>(acknowledged);
            lost.removeAll(journaled);
            assertTrue(lost.isEmpty(), what + ": lost " + lost.size() + " of them, such as " + lost.stream().limit(3).toList());
            assertTrue(RedoReplay.files(data.toAbsolutePath().normalize()).size() == 1,
                    what + ": the old logs were not deleted on open");
        }
    }
}
