package bpflife.persistence.bench;

import bpflife.actors.Birth;
import bpflife.actors.LiveRun;
import bpflife.actors.LocalRegistry;
import bpflife.actors.World;
import bpflife.actors.WorldCreated;
import bpflife.explore.DeterministicRuntime;
import bpflife.explore.RandomStrategy;
import bpflife.explore.Stepper;
import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.ScenarioParser;
import bpflife.persistence.LiveWorlds;
import bpflife.persistence.Replayer;
import bpflife.persistence.Store;
import bpflife.persistence.WorldStream;
import bpflife.protocol.ActorId;
import bpflife.protocol.Event;
import bpflife.protocol.StepRecord;
import com.typesafe.config.ConfigFactory;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;

/**
 * The journal benchmarks (bench/run calls this; the journal is chosen as for bpflife: bpflife.journal,
 * bpflife.data-dir, BPFLIFE_PG_* ...):
 * <ul>
 *   <li>{@code write-world NAME FILE.scn}: stores the deterministic run (seed 1) of a scenario as
 *       world NAME, rows exactly as the live runtime writes them (Pekko's serializer, the world's
 *       tag), inserted in batches: how a million-step world is made in a minute instead of an hour;</li>
 *   <li>{@code replay NAME}: reads the world back through the query stream and replays it through
 *       the deterministic runtime, streamed; prints the time and the heap used;</li>
 *   <li>{@code live-rate FILE.scn SECONDS AT_ONCE}: live runs of the scenario, AT_ONCE worlds at a
 *       time, for SECONDS: steps persisted per second.</li>
 * </ul>
 */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "write-world" -> writeWorld(args[1], Path.of(args[2]));
            case "replay" -> replay(args[1]);
            case "read" -> read(args[1]);
            case "parse" -> parse(Path.of(args[1]));
            case "live-rate" -> liveRate(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException("write-world | replay | live-rate");
        }
        System.exit(0);
    }

    // ---- write-world ----

    private static void writeWorld(String name, Path file) throws Exception {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Scenario sc = ScenarioParser.parse(file.toString(), text);
        long t0 = System.nanoTime();
        try (Store store = Store.open(); Writer w = new Writer(store, name)) {
            w.put(ActorId.WORLD, LiveWorlds.meta(name, sc, text, Semantics.LINUX));
            for (ActorId.TaskId t : LiveRun.bootTasks(sc)) {
                w.put(t, new Birth(new Event.TaskCreated(t, false)));
            }
            new DeterministicRuntime(new Env(sc, Semantics.LINUX), new RandomStrategy(1), Stepper.KERNEL,
                    new DeterministicRuntime.Options(Long.MAX_VALUE, false, r -> {
                        w.put(r.receiver(), new StepRecord(0, r.receiver(), r.sender(), r.channelSeq(), r.message(),
                                r.events(), r.spawned(), r.sent(), r.reply()));
                        for (StepRecord.Spawn sp : r.spawned()) {
                            w.put(sp.id(), new Birth(sp.born()));
                        }
                    })).run();
            w.flush();
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("wrote world %s: %d steps, %d rows in %.1f s (%s)%n", name, w.steps, w.rows, s,
                    store.settings().describe());
        }
    }

    /** Rows as pekko-persistence-jdbc writes them, in batches, with their tag. */
    private static final class Writer implements AutoCloseable {
        final Serialization ser;
        final Connection c;
        final PreparedStatement events;
        final PreparedStatement tags;
        final String world;
        final String tag;
        final String writer = UUID.randomUUID().toString();
        final Map<ActorId, Long> seq = new HashMap<>();
        final List<String> batchPids = new ArrayList<>();
        long rows;
        long steps;

        Writer(Store store, String world) throws Exception {
            this.ser = SerializationExtension.get(store.system());
            Store.Settings s = store.settings();
            this.c = DriverManager.getConnection(s.url(), s.user(), s.password());
            c.setAutoCommit(false);
            this.events = c.prepareStatement("INSERT INTO \"event_journal\" (\"deleted\", \"persistence_id\", "
                    + "\"sequence_number\", \"writer\", \"write_timestamp\", \"adapter_manifest\", \"event_payload\", "
                    + "\"event_ser_id\", \"event_ser_manifest\") VALUES (false, ?, ?, ?, ?, '', ?, ?, ?)",
                    new String[] {"ordering"});
            this.tags = c.prepareStatement("INSERT INTO \"event_tag\" (\"event_id\", \"tag\") VALUES (?, ?)");
            this.world = world;
            this.tag = World.tag(world);
        }

        void put(ActorId id, Object event) {
            try {
                if (event instanceof StepRecord) {
                    steps++;
                }
                Serializer s = ser.findSerializerFor(event);
                long n = seq.merge(id, 1L, Long::sum);
                events.setString(1, world + "|" + id.key());
                events.setLong(2, n);
                events.setString(3, writer);
                events.setLong(4, System.currentTimeMillis());
                events.setBytes(5, s.toBinary(event));
                events.setInt(6, s.identifier());
                events.setString(7, Serializers.manifestFor(s, event));
                events.addBatch();
                rows++;
                if (rows % 2000 == 0) {
                    flush();
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }

        void flush() throws Exception {
            events.executeBatch();
            try (ResultSet keys = events.getGeneratedKeys()) {
                while (keys.next()) {
                    tags.setLong(1, keys.getLong(1));
                    tags.setString(2, tag);
                    tags.addBatch();
                }
            }
            tags.executeBatch();
            c.commit();
        }

        @Override
        public void close() throws Exception {
            c.close();
        }
    }

    // ---- replay ----

    private static void replay(String name) throws Exception {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        try (Store store = Store.open()) {
            System.gc();
            long before = mem.getHeapMemoryUsage().getUsed();
            AtomicLong peak = new AtomicLong();
            Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            long t0 = System.nanoTime();
            Replayer.Outcome o;
            try (WorldStream ws = WorldStream.open(store, name)) {
                Env env = LiveWorlds.env(ws.meta(), null);
                Iterator<StepRecord> steps = ws.stepRecords();
                o = Replayer.replay(env, steps, false, Long.MAX_VALUE);
            }
            double s = (System.nanoTime() - t0) / 1e9;
            sampler.interrupt();
            if (!o.identical()) {
                System.out.println("DIVERGED: " + o.divergence());
            }
            System.gc();
            long after = mem.getHeapMemoryUsage().getUsed();
            System.out.printf("replayed world %s: %d steps in %.2f s (%.0f steps/s), identical=%s, violations=%d; "
                    + "heap used %d MB before, %d MB after (GC), peak sampled %d MB, max heap %d MB (%s)%n",
                    name, o.steps(), s, o.steps() / s, o.identical(), o.result().violations().size(),
                    before >> 20, after >> 20, peak.get() >> 20, Runtime.getRuntime().maxMemory() >> 20,
                    store.settings().describe());
        }
    }

    /** Only the query stream: how long reading the world back takes, without the model. */
    private static void read(String name) throws Exception {
        try (Store store = Store.open()) {
            long t0 = System.nanoTime();
            long n = 0;
            try (WorldStream ws = WorldStream.open(store, name)) {
                while (ws.hasNext()) {
                    ws.next();
                    n++;
                }
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("read world %s: %d entries in %.2f s (%.0f entries/s)%n", name, n, s, n / s);
        }
    }

    /** Jackson alone: parses a journal file's lines over and over. */
    private static void parse(Path jsonl) throws Exception {
        List<String> lines = Files.readAllLines(jsonl);
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            long n = 0;
            while (n < 1_000_000) {
                for (String l : lines) {
                    bpflife.explore.JournalJson.parse(l);
                    n++;
                }
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("parsed %d records in %.2f s (%.0f/s)%n", n, s, n / s);
        }
    }

    // ---- live-rate ----

    /**
     * Live worlds of one scenario, {@code atOnce} at a time, for {@code seconds} after one warm-up
     * world: journal entries persisted per second (steps, births and each world's creation), per
     * second of the run and over the whole window, and the count the database holds afterwards.
     */
    private static void liveRate(Path file, int seconds, int atOnce) throws Exception {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Scenario sc = ScenarioParser.parse(file.toString(), text);
        Env env = new Env(sc, Semantics.LINUX);
        String prefix = "rate" + Long.toString(System.currentTimeMillis(), 36);
        Counts counts = new Counts();
        AtomicLong worlds = new AtomicLong();
        try (Store store = Store.open(ConfigFactory.empty())) {
            Duration timeout = Duration.ofSeconds(300);
            runOne(store, prefix + "-warm", sc, text, env, timeout, new Counts());
            long rowsBefore = rows(store);
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            double load0 = os.getSystemLoadAverage();
            long t0 = System.nanoTime();
            long end = t0 + TimeUnit.SECONDS.toNanos(seconds);
            List<Long> perSecond = new ArrayList<>();
            Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                long last = 0;
                long next = t0;
                while (!Thread.currentThread().isInterrupted()) {
                    next += TimeUnit.SECONDS.toNanos(1);
                    try {
                        TimeUnit.NANOSECONDS.sleep(next - System.nanoTime());
                    } catch (InterruptedException e) {
                        return;
                    }
                    long now = counts.entries();
                    synchronized (perSecond) {
                        perSecond.add(now - last);
                    }
                    System.out.printf("  %3d s: %,7d entries/s, %,d tasks in live worlds%n", perSecond.size(),
                            now - last, counts.inFlight.get());
                    last = now;
                }
            });
            java.util.concurrent.ExecutorService lanesPool = java.util.concurrent.Executors.newFixedThreadPool(atOnce);
            List<CompletableFuture<Void>> lanes = new ArrayList<>();
            for (int lane = 0; lane < atOnce; lane++) {
                int l = lane;
                lanes.add(CompletableFuture.runAsync(() -> {
                    int i = 0;
                    while (System.nanoTime() < end) {
                        runOne(store, prefix + "-" + l + "-" + (i++), sc, text, env, timeout, counts);
                        worlds.incrementAndGet();
                    }
                }, lanesPool));
            }
            CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new)).get();
            double s = (System.nanoTime() - t0) / 1e9;
            long cpu = os.getProcessCpuTime() - cpu0;
            sampler.interrupt();
            lanesPool.shutdown();
            long stored = rows(store) - rowsBefore;
            List<Long> sorted;
            synchronized (perSecond) {
                // the last second is cut short by the end of the window: leave it out
                sorted = new ArrayList<>(perSecond.subList(0, Math.max(0, perSecond.size() - 1)));
            }
            sorted.sort(null);
            long median = sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
            long min = sorted.isEmpty() ? 0 : sorted.get(0);
            System.out.printf("live write rate: %,d journal entries (%,d steps) persisted by %d worlds of %s "
                    + "(%d at a time, up to %d tasks each) in %.1f s: %,.0f entries/s (%,.0f steps/s); per second: "
                    + "median %,d, min %,d; rows in the journal: %,d (%s) (%s); heap max %d MB%n",
                    counts.entries(), counts.steps.get(), worlds.get(), sc.name(), atOnce,
                    LiveRun.bootTasks(sc).size(), s, counts.entries() / s, counts.steps.get() / s, median, min, stored,
                    stored == counts.entries() ? "equal" : "DIFFERENT", store.settings().describe(),
                    Runtime.getRuntime().maxMemory() >> 20);
            // the machine is shared: the CPU this process spent per entry is steadier than the wall rate
            System.out.printf("CPU: %.1f s of this process in %.1f s on %d cores (%.0f%% of them), %.0f us per entry: "
                    + "%,.0f entries/s if it had the cores to itself; load average %.2f before, %.2f after%n",
                    cpu / 1e9, s, os.getAvailableProcessors(), 100.0 * cpu / 1e9 / s / os.getAvailableProcessors(),
                    cpu / 1e3 / counts.entries(), os.getAvailableProcessors() * 1e9 * counts.entries() / cpu,
                    load0, os.getSystemLoadAverage());
        }
    }

    /** What the live worlds persisted: steps, births (boot tasks and spawned objects), world records. */
    private static final class Counts {
        final AtomicLong steps = new AtomicLong();
        final AtomicLong others = new AtomicLong();
        final AtomicLong inFlight = new AtomicLong();

        long entries() {
            return steps.get() + others.get();
        }
    }

    private static long rows(Store store) throws Exception {
        Store.Settings s = store.settings();
        try (Connection c = DriverManager.getConnection(s.url(), s.user(), s.password());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM \"event_journal\"")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void runOne(Store store, String name, Scenario sc, String text, Env env, Duration timeout,
                               Counts counts) {
        try {
            WorldCreated meta = LiveWorlds.meta(name, sc, text, Semantics.LINUX);
            LiveRun.create(store.system(), meta, timeout).toCompletableFuture().get();
            counts.others.incrementAndGet();
            World w = new World(name, env, LocalRegistry.on(store.system()));
            w.listener((who, r) -> {
                counts.steps.incrementAndGet();
                if (!r.spawned().isEmpty()) {
                    counts.others.addAndGet(r.spawned().size());
                }
            });
            int tasks = LiveRun.bootTasks(sc).size();
            counts.inFlight.addAndGet(tasks);
            counts.others.addAndGet(tasks);
            try {
                LiveRun.run(store.system(), w, timeout).toCompletableFuture().get();
            } finally {
                counts.inFlight.addAndGet(-tasks);
            }
            w.closing();
            w.registry().stopAll();
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
