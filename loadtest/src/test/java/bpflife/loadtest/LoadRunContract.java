package bpflife.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.loadtest.report.Check;
import bpflife.loadtest.report.LoadSummary;
import bpflife.loadtest.report.OpStats;
import bpflife.model.Semantics;
import bpflife.persistence.Store;
import com.typesafe.config.Config;
import java.io.IOException;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A short load run on a journal: it balances and its counts add up. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LoadRunContract {
    Store store;

    /** The journal's configuration. */
    abstract Config journal();

    /** A world name not used before on this journal. */
    abstract String world(String name);

    /**
     * Why this database cannot be reached here, or null. Each test then reports as skipped with
     * this reason (an abort in {@code @BeforeAll} would report the class as zero tests).
     */
    String unavailable() {
        return null;
    }

    @BeforeAll
    void open() {
        if (unavailable() == null) {
            store = Store.open(journal());
        }
    }

    @BeforeEach
    void reachable() {
        Assumptions.assumeTrue(unavailable() == null, this::unavailable);
    }

    @AfterAll
    void close() throws IOException {
        if (store != null) {
            store.close();
        }
    }

    /** 40 sessions of 10-object dumps (the first 10 held open), 10 at once, on 2 pins updated, removed and polled every few ms. */
    static LoadSettings settings(String world, Semantics semantics, long seed) {
        return new LoadSettings(40, 10, 2, null, 0, 48, Duration.ofMillis(10), Duration.ofMillis(30),
                Duration.ofMillis(30), 10, 10, world, seed, semantics, Duration.ofSeconds(30), Duration.ofSeconds(60),
                1_000_000);
    }

    static String checks(LoadSummary r) {
        return r.checks().stream().map(c -> (c.passed() ? "  ok   " : "  FAIL ") + c.name() + ": " + c.detail())
                .collect(Collectors.joining("\n"));
    }

    @Test
    void aShortRunBalancesAndItsCountsAddUp() {
        java.util.Map<String, Long> perSecond = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.List<String> phases = new java.util.concurrent.CopyOnWriteArrayList<>();
        LoadSummary r = LoadRun.run(store, settings(world("load-linux"), Semantics.LINUX, 7), new LoadRun.Watcher() {
            @Override
            public void second(LoadRun.Progress p) {
            }

            @Override
            public void phase(String what) {
                phases.add(what);
            }

            @Override
            public void latencies(int second, String op, org.HdrHistogram.Histogram latency) {
                perSecond.merge(op, latency.getTotalCount(), Long::sum);
            }
        });
        assertTrue(r.balanced(), "seed 7:\n" + checks(r));
        // issue 15 F17: every phase after the work says that it started (they take seconds on a big world)
        assertEquals(java.util.List.of("waiting for the calls in flight to finish", "reading every object's final state",
                "counting the world's entries in the journal", "replaying the first " + r.checks().stream()
                        .filter(c -> c.name().startsWith("replay of the first")).findFirst().orElseThrow().name()
                        .replaceAll("\\D+", " ").trim().split(" ")[0] + " steps through the deterministic runtime",
                "recording the world's end"), phases);
        assertEquals(r.sessionsOpened(), r.sessionsClosed() + r.sessionsAlive(), "opens = closes + alive");
        assertEquals(0, r.sessionsAlive(), "sessions left open after every reader exited");
        assertTrue(r.sessionsOpened() > 0, "no session opened");
        OpStats dump = r.ops().stream().filter(o -> o.op().equals("dump")).findFirst().orElseThrow();
        assertTrue(dump.count() > 0 && dump.latency().getTotalCount() == dump.count(), "dumps timed: " + dump);
        for (OpStats op : r.ops()) {
            assertEquals(op.latency().getTotalCount(), perSecond.getOrDefault(op.op(), 0L),
                    op.op() + ": the seconds' latencies add up to the run's");
        }
        Check journal = r.checks().stream().filter(c -> c.name().startsWith("events in the journal")).findFirst()
                .orElseThrow();
        assertTrue(journal.passed(), journal.detail());
        assertTrue(r.checks().stream().anyMatch(c -> c.name().startsWith("replay of the first") && c.passed()
                && c.detail().contains("at quiescence")), checks(r));
    }
}
