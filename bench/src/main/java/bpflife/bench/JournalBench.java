package bpflife.bench;

import bpflife.actors.Birth;
import bpflife.actors.LiveRun;
import bpflife.actors.LocalRegistry;
import bpflife.actors.LiveWorld;
import bpflife.actors.WorldCreated;
import bpflife.explore.DeterministicRuntime;
import bpflife.explore.JournalFile;
import bpflife.explore.JournalJson;
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
 * The journal benchmarks (bench/journal.sh calls this; the journal is chosen as for bpflife: bpflife.store,
 * bpflife.data-dir, BPFLIFE_PG_* ...):
 * <ul>
 *   <li>{@code write-world NAME FILE.scn}: stores the deterministic run (seed 1) of a scenario as
 *       world NAME, rows exactly as the live runtime writes them (Pekko's serializer, the world's
 *       tag), inserted in batches: how a million-step world is made in a minute instead of an hour;</li>
 *   <li>{@code replay NAME}: reads the world back through the query stream and replays it through
 *       the deterministic runtime, streamed; prints the time and the heap used;</li>
 *   <li>{@code live-rate FILE.scn SECONDS AT_ONCE}: live runs of the scenario, AT_ONCE worlds at a
 *       time, for SECONDS: journal entries persisted per second;</li>
 *   <li>{@code idle-sessions N}: one live world in which N tasks each open the pinned iterator and
 *       wait: the heap after GC with the N sessions open, minus before, per session and per actor.</li>
 * </ul>
 */
public final class JournalBench {
    private JournalBench() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "write-world" -> writeWorld(args[1], Path.of(args[2]));
            case "replay" -> replay(args[1]);
            case "read" -> read(args[1]);
            case "parse" -> parse(Path.of(args[1]));
            case "live-rate" -> liveRate(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "idle-sessions" -> idleSessions(Integer.parseInt(args[1]));
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

    /**
     * Writes a batch of journal rows and their tag rows (one per row's generated ordering) and
     * commits: what Pekko's JDBC journal does per batch, shared by this benchmark and the raw ceiling.
     */
    static void commitBatch(Connection c, PreparedStatement events, PreparedStatement tags, String tag) throws Exception {
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
            this.tag = LiveWorld.tag(world);
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
            commitBatch(c, events, tags, tag);
        }

        @Override
        public void close() throws java.sql.SQLException {
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
        List<String> lines = JournalFile.readAll(jsonl).stream().map(JournalJson::line).toList();
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            long n = 0;
            while (n < 1_000_000) {
                for (String l : lines) {
                    JournalJson.parse(l);
                    n++;
                }
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("parsed %d records in %.2f s (%.0f/s)%n", n, s, n / s);
        }
    }

    // ---- idle-sessions ----

    /**
     * N tasks that open the pin and wait for a signal that comes only after one of them has gone on
     * (the parser checks that a signal is sent by some task, not when): the files and sessions stay open.
     */
    static String idleScenario(int n) {
        return """
                scenario idle-sessions
                objects task 3

                setup:
                    pA = prog load dump_a target task pad 16
                    l = link create pA
                    pin l /sys/fs/bpf/it
                    close l
                    close pA

                task cat[1..%d]:
                    f = open /sys/fs/bpf/it                 => ok
                    wait go
                    signal stop
                    close f

                task releaser:
                    wait stop
                    signal go
                """.formatted(n);
    }

    private static void idleSessions(int n) throws Exception {
        String text = idleScenario(n);
        Scenario sc = ScenarioParser.parse("idle-sessions.scn", text);
        Env env = new Env(sc, Semantics.LINUX);
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        String name = "idle" + Long.toString(System.currentTimeMillis(), 36);
        try (Store store = Store.open(ConfigFactory.empty())) {
            Duration timeout = Duration.ofSeconds(600);
            // warm-up: the actor system, the journal and the model's classes, as the measured world uses them
            String warmText = idleScenario(2).replace("    wait go\n", "");
            Scenario warm = ScenarioParser.parse("warm.scn", warmText);
            runOne(store, name + "-warm", warm, warmText, new Env(warm, Semantics.LINUX), timeout, new Counts());
            long before = usedAfterGc(mem);
            LiveRun.create(store.system(), LiveWorlds.meta(name, sc, text, Semantics.LINUX), timeout)
                    .toCompletableFuture().get();
            LiveWorld w = new LiveWorld(name, env, LocalRegistry.on(store.system()));
            AtomicLong steps = new AtomicLong();
            w.listener((who, r) -> steps.incrementAndGet());
            long t0 = System.nanoTime();
            LiveRun.run(store.system(), w, timeout);
            // every task is waiting once nothing is in flight and the steps stop
            long last = -1;
            long lastChange = t0;
            while (w.inFlight() != 0 || steps.get() != last) {
                if (w.quiet().isCompletedExceptionally()) {
                    w.quiet().join();
                }
                System.out.printf("  %,d steps, %,d messages in flight%n", steps.get(), w.inFlight());
                if (steps.get() != last) {
                    lastChange = System.nanoTime();
                }
                last = steps.get();
                Thread.sleep(5000);
            }
            double s = (lastChange - t0) / 1e9;
            List<ActorId> actors = w.registry().known();
            long sessions = actors.stream().filter(a -> a.key().startsWith("session:")).count();
            int objects = actors.size();
            long with = usedAfterGc(mem);
            // -Dbench.hold=SECONDS: keep the sessions open for a look with jcmd GC.class_histogram
            Thread.sleep(Long.getLong("bench.hold", 0L) * 1000);
            // then the world's actors stop: what they held is the difference (H2's page cache, which
            // grew with the journal meanwhile, stays and is not counted)
            w.closing();
            w.registry().stopAll();
            w = null;
            actors = null;
            Thread.sleep(3000);
            long without = usedAfterGc(mem);
            double per = (with - without) / (double) sessions;
            System.out.printf("idle sessions: %,d tasks opened the pin and wait: %,d sessions open, %,d actors alive "
                    + "in the world, %,d steps persisted in %.1f s (%,.0f steps/s); heap after GC: %,d MB before the "
                    + "world, %,d MB with its actors, %,d MB after they stopped: %,.0f bytes per open session (its "
                    + "task, file and session actors), %,.0f bytes per actor; max heap %d MB (%s)%n", n, sessions,
                    objects, steps.get(), s, steps.get() / s, before >> 20, with >> 20, without >> 20, per,
                    (with - without) / (double) objects, Runtime.getRuntime().maxMemory() >> 20,
                    store.settings().describe());
        }
    }

    private static long usedAfterGc(MemoryMXBean mem) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return mem.getHeapMemoryUsage().getUsed();
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
            LiveWorld w = new LiveWorld(name, env, LocalRegistry.on(store.system()));
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
