package bpflife.cli.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default K of the view snapshots (BENCHMARKS.md "Fast history"): a view every 5,000 steps, so
 * {@code --at} folds at most 4,999 steps after a stored view (at 10,000 the worst case, 9,999 steps,
 * took a 1M-step world's query past a second).
 */
class DefaultSnapshotEveryTest {

    @Test
    @DisplayName("with no setting, a read stores the view at step 5,000 and --at 5,001 starts from it")
    void everyFiveThousand(@TempDir Path dir) throws IOException {
        System.clearProperty(HistoryOptions.SNAPSHOT_EVERY);
        com.typesafe.config.ConfigFactory.invalidateCaches();
        // one cat reads a 600-object task dump 16 bytes at a time: some 7,000 steps
        Path scn = Files.writeString(dir.resolve("k.scn"), """
                scenario k
                objects task 600

                setup:
                    mkdir /sys/fs/bpf/tasks
                    p = prog load dump_task target task pad 24
                    l = link create p
                    pin l /sys/fs/bpf/tasks/foo
                    close l
                    close p

                task cat:
                    f = open /sys/fs/bpf/tasks/foo          => ok
                    read f 16 until eof
                    close f
                """);
        Path data = dir.resolve("data");
        String[] r = HistorySnapshotTest.cli("run", scn.toString(), "--live", "--world", "k", "--data-dir", data.toString());
        assertEquals("0", r[0], r[1] + r[2]);
        HistoryOptions o = HistoryTest.parse("--world", "k", "--store", "h2", "--data-dir", data.toString());
        try (History h = o.open()) {
            long last = h.view(History.END).lastStep();
            assertEquals(true, last > 5_001, "the world has " + last + " steps");
        }
        try (History h = o.open()) {
            h.view(5_001);
            assertEquals(5_000, h.resumedFrom(), "folded from the view the first read stored at 5,000");
        }
    }
}
