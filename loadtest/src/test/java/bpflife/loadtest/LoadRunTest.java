package bpflife.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.loadtest.report.Check;
import bpflife.loadtest.report.LoadSummary;
import bpflife.loadtest.report.OpStats;
import bpflife.model.Semantics;
import bpflife.persistence.Store;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoadRunTest {
    private Path dir;
    private Store store;

    @BeforeAll
    void open() throws IOException {
        dir = Files.createTempDirectory("bpflife-load-");
        store = Store.open(ConfigFactory.empty()
                .withValue("bpflife.journal", ConfigValueFactory.fromAnyRef("h2"))
                .withValue("bpflife.data-dir", ConfigValueFactory.fromAnyRef(dir.toString())));
    }

    @AfterAll
    void close() throws IOException {
        store.close();
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static LoadSettings settings(String world, Semantics semantics, long seed) {
        return new LoadSettings(80, 20, 2, null, 0, 96, Duration.ofMillis(20), Duration.ofMillis(40),
                Duration.ofMillis(40), 20, world, seed, semantics, Duration.ofSeconds(30), Duration.ofSeconds(60),
                1_000_000);
    }

    private static String checks(LoadSummary r) {
        return r.checks().stream().map(c -> (c.passed() ? "  ok   " : "  FAIL ") + c.name() + ": " + c.detail())
                .collect(Collectors.joining("\n"));
    }

    @Test
    void aShortRunBalancesAndItsCountsAddUp() {
        LoadSummary r = LoadRun.run(store, settings("load-linux", Semantics.LINUX, 7), p -> { });
        System.err.println(checks(r) + "\n" + r.elapsed() + " events " + r.eventsPersisted() + " ops " + r.ops().stream().map(o -> o.op() + "=" + o.count() + "/p50=" + o.latency().getValueAtPercentile(50) / 1000 + "us").toList() + " timeline " + r.timeline());
        assertTrue(r.balanced(), "seed 7:\n" + checks(r));
        assertEquals(r.sessionsOpened(), r.sessionsClosed() + r.sessionsAlive(), "opens = closes + alive");
        assertEquals(0, r.sessionsAlive(), "sessions left open after every reader exited");
        assertTrue(r.sessionsOpened() >= 60, "sessions opened: " + r.sessionsOpened());
        OpStats dump = r.ops().stream().filter(o -> o.op().equals("dump")).findFirst().orElseThrow();
        assertTrue(dump.count() > 0 && dump.latency().getTotalCount() == dump.count(), "dumps timed: " + dump);
        Check journal = r.checks().stream().filter(c -> c.name().startsWith("events in the journal")).findFirst()
                .orElseThrow();
        assertTrue(journal.passed(), journal.detail());
        assertTrue(r.checks().stream().anyMatch(c -> c.name().startsWith("replay of the first") && c.passed()
                && c.detail().contains("at quiescence")), checks(r));
    }
}
