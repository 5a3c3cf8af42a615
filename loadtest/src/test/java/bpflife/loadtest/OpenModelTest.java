package bpflife.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.loadtest.report.LoadSummary;
import bpflife.loadtest.report.OpStats;
import bpflife.loadtest.report.OpenModel;
import bpflife.model.Semantics;
import bpflife.persistence.Store;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The open workload model on the live actor system (H2), measured on a simulated clock: every
 * persisted step takes 1 ms of virtual time, and sessions are due every 5 ms, more than the
 * system can serve. So sessions queue, and the latencies reported must include the queueing
 * (coordinated omission corrected); nothing sleeps and the machine's speed does not matter.
 */
@DisplayName("load: the open model")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenModelTest {
    private static final long MS = 1_000_000;
    private static final long SEED = 11;
    private Path dir;
    private Store store;

    @BeforeAll
    void open() throws IOException {
        dir = Files.createTempDirectory("bpflife-open-");
        store = Store.open(ConfigFactory.empty()
                .withValue("bpflife.store", ConfigValueFactory.fromAnyRef("h2"))
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

    /** 200 sessions/s for 100 ms of virtual time (20 due), on one pin, no updaters, removers or pollers. */
    private static LoadSettings settings(String world, int cap) {
        return new LoadSettings(1, 1, 1, null, 0, 4096, Duration.ZERO, Duration.ZERO, Duration.ZERO, 10, 0, world,
                SEED, Semantics.LINUX, Duration.ofSeconds(30), Duration.ofSeconds(60), 1_000_000)
                .open(Arrivals.constant(200, Duration.ofMillis(100)), cap, Duration.ofMillis(1));
    }

    private static OpStats op(LoadSummary r, String name) {
        return r.ops().stream().filter(o -> o.op().equals(name)).findFirst().orElseThrow();
    }

    @Test
    @DisplayName("with one session at a time, sessions start late and their latency includes the wait")
    void cappedSessionsWaitAndTheWaitIsMeasured() {
        StepClock clock = new StepClock(MS);
        LoadSummary r = LoadRun.run(store, settings("open-capped", 1), p -> { }, clock);
        String where = "seed " + SEED + ": " + LoadRunContract.checks(r);
        assertTrue(r.balanced(), where);
        OpenModel o = r.open();
        assertEquals(20, o.scheduled(), where);
        // a session takes more than 5 steps (5 ms): the second is due before the first is done
        assertTrue(o.started() >= 2 && o.started() < 20, "started " + o.started() + "; " + where);
        assertEquals(o.started() - 1, o.late(), "every session after the first started late; " + where);
        assertEquals(o.scheduled() - o.started(), o.notStarted(), where);
        assertEquals(o.started(), o.completed(), where);
        long wait = o.startDelay().getMaxValue();
        // the last session waited for every earlier one to finish, each over 5 ms longer than the gap
        assertTrue(wait > (o.started() - 1) * 5 * MS, "start delay " + wait + " ns; " + where);
        OpStats dump = op(r, "dump");
        assertEquals(o.started(), dump.count(), where);
        // the dump of the session that waited longest took its wait plus its own steps
        assertTrue(dump.latency().getMaxValue() >= wait + 3 * MS,
                "dump max " + dump.latency().getMaxValue() + " ns, wait " + wait + " ns; " + where);
        // had latencies run from the actual start, every dump would take about the same; they grow
        assertTrue(dump.latency().getMaxValue() > 2 * dump.latency().getMinValue(), where);
        OpStats first = op(r, "open");
        assertTrue(first.latency().getMaxValue() >= wait, "the opening call's latency includes the wait; " + where);
        assertTrue(o.offeredPerSecond() > o.achievedPerSecond(r.elapsed()), where);
    }

    @Test
    @DisplayName("with no cap, every session starts on time and the queue inside the system is measured")
    void uncappedSessionsStartOnTime() {
        StepClock clock = new StepClock(MS);
        LoadSummary r = LoadRun.run(store, settings("open-free", 1000), p -> { }, clock);
        String where = "seed " + SEED + ": " + LoadRunContract.checks(r);
        assertTrue(r.balanced(), where);
        OpenModel o = r.open();
        assertEquals(20, o.scheduled(), where);
        assertEquals(20, o.started(), where);
        assertEquals(0, o.late(), "each session started at the first step past its due time; " + where);
        assertEquals(0, o.notStarted(), where);
        assertTrue(o.startDelay().getMaxValue() < MS, where);
        assertEquals(20, o.completed(), where);
        // one step at a time: the last dump ends near the end of all the work (after it, at most the
        // sessions' closes, under 10 steps each), and every session was due by 95 ms
        long end = r.elapsed().toNanos();
        assertTrue(end > 200 * MS, "20 sessions of more than 10 steps: " + end + " ns; " + where);
        OpStats dump = op(r, "dump");
        assertTrue(dump.latency().getMaxValue() >= end - 95 * MS - 20 * 10 * MS,
                "dump max " + dump.latency().getMaxValue() + " ns, elapsed " + end + " ns; " + where);
        assertTrue(o.offeredPerSecond() > o.achievedPerSecond(r.elapsed()), where);
    }
}
