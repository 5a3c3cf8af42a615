package bpflife.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.actors.Command;
import bpflife.actors.LiveRun;
import bpflife.actors.LocalRegistry;
import bpflife.actors.LiveWorld;
import bpflife.explore.DeterministicRuntime;
import bpflife.explore.JournalJson;
import bpflife.explore.RandomStrategy;
import bpflife.explore.Report;
import bpflife.explore.RunResult;
import bpflife.model.Env;
import bpflife.model.ObjectState;
import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.ScenarioParser;
import bpflife.model.world.Listings;
import bpflife.protocol.ActorId;
import bpflife.protocol.Choice;
import bpflife.protocol.IdKind;
import bpflife.protocol.StepRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the durable journal must do, on every database: live runs of every shipped scenario that
 * replay exactly, recovery after the actor system stopped mid-run, the audit of the seed
 * scenario's link, and bad rows reported by name. Each database's test class says how to reach it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class JournalContract {
    static final Path SCENARIOS = Path.of("..", "scenarios");
    static final int LIVE_RUNS = 20;
    static final int AT_ONCE = 20;
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    Store store;
    /** LiveWorld names of this test run: the database may hold earlier runs' worlds. */
    final String run = "t" + Long.toString(System.currentTimeMillis(), 36);

    /** The journal's configuration (bpflife.store and where). */
    abstract Config journal();

    /** The configuration of a journal a test has to itself (H2: another data directory). */
    Config journalFor(String purpose) {
        return journal();
    }

    /** A plain JDBC connection to the same database, for writing bad rows (the store's own URL and user). */
    Connection jdbc() throws SQLException {
        Store.Settings s = Store.Settings.of(Store.config(journal()));
        return java.sql.DriverManager.getConnection(s.url(), s.user(), s.password());
    }

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
    void close() {
        if (store != null) {
            store.close();
        }
    }

    String world(String name) {
        return run + "-" + name;
    }

    static List<Path> scenarios() throws IOException {
        try (Stream<Path> s = Files.list(SCENARIOS)) {
            return s.filter(p -> p.toString().endsWith(".scn")).sorted().toList();
        }
    }

    static String text(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    LiveWorlds.Result live(String name, Path file) {
        return LiveWorlds.run(store, world(name), file.toString(), text(file), Semantics.LINUX);
    }

    // ---- every shipped scenario, live ----

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    @DisplayName("runs live 20 times on real threads; each stored journal replays exactly, with a clean verdict "
            + "and the deterministic runtime's final link show")
    void everyScenarioLive(Path file) throws Exception {
        Scenario sc = ScenarioParser.parseFile(file);
        RunResult det = DeterministicRuntime.run(new Env(sc, Semantics.LINUX), new RandomStrategy(1));
        String base = sc.name();
        ExecutorService pool = Executors.newFixedThreadPool(AT_ONCE);
        try {
            List<CompletableFuture<LiveWorlds.Result>> runs = new ArrayList<>();
            for (int i = 1; i <= LIVE_RUNS; i++) {
                String name = base + "-" + i;
                runs.add(CompletableFuture.supplyAsync(() -> live(name, file), pool));
            }
            for (CompletableFuture<LiveWorlds.Result> f : runs) {
                LiveWorlds.Result r = f.get(TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
                String w = r.world().name();
                assertTrue(r.replay().identical(), w + ": " + r.replay().divergence());
                assertEquals(r.live().steps(), r.replay().steps(), w);
                assertTrue(r.result().violations().isEmpty(), w + ": " + r.result().violations());
                Report rep = Report.of(r.result());
                assertTrue(rep.pass(), w + ": " + rep.firstFailure());
                assertTrue(r.listingsAgree(), w + ": live and replayed listings differ");
                assertEquals(Listings.show(det.states(), IdKind.LINK), Listings.show(r.live().states(), IdKind.LINK),
                        w + ": final link show, live vs deterministic");
                assertEquals(Listings.show(det.states(), IdKind.PROG), Listings.show(r.live().states(), IdKind.PROG),
                        w + ": final prog show, live vs deterministic");
            }
        } finally {
            pool.shutdown();
        }
    }

    @Order(2)
    @Test
    @DisplayName("live runs really interleave: schedules differ between runs of a scenario")
    void schedulesDiffer() throws Exception {
        // its own runs, so that it means the same whether it runs alone or after everyScenarioLive:
        // the two scenarios with the most tasks, LIVE_RUNS times each, at once
        Map<String, Integer> distinct = new java.util.TreeMap<>();
        for (String name : List.of("rm-during-cats", "getfd-races-last-put")) {
            Path file = SCENARIOS.resolve(name + ".scn");
            ExecutorService pool = Executors.newFixedThreadPool(AT_ONCE);
            try {
                List<CompletableFuture<LiveWorlds.Result>> runs = new ArrayList<>();
                for (int i = 1; i <= LIVE_RUNS; i++) {
                    String world = name + "-differ-" + i;
                    runs.add(CompletableFuture.supplyAsync(() -> live(world, file), pool));
                }
                Set<List<Choice>> schedules = new HashSet<>();
                for (CompletableFuture<LiveWorlds.Result> f : runs) {
                    schedules.add(f.get(TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS).result().records().stream()
                            .map(Choice::of).toList());
                }
                distinct.put(name, schedules.size());
            } finally {
                pool.shutdown();
            }
        }
        assertTrue(distinct.values().stream().mapToInt(Integer::intValue).sum() > distinct.size(),
                "distinct schedules per scenario in " + LIVE_RUNS + " live runs: " + distinct);
    }

    // ---- recovery ----

    @Order(3)
    @Test
    @DisplayName("stopped mid-run, every object recovers its state from the journal; the world then runs to its "
            + "end and replays exactly")
    void restartRecovers() throws Exception {
        restart("restart", 150);
    }

    void restart(String worldName, long stopAt) throws Exception {
        Path file = SCENARIOS.resolve("load-cats-rm-update.scn");
        Scenario sc = ScenarioParser.parseFile(file);
        Env env = new Env(sc, Semantics.LINUX);
        String name = world(worldName);

        // 1. a live run in its own JVM, which dies at that step (halt: nothing is shut down or flushed)
        Config cfg = journalFor("restart");
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path")));
        for (String key : List.of("bpflife.store", "bpflife.data-dir")) {
            if (cfg.hasPath(key)) {
                cmd.add("-D" + key + "=" + cfg.getString(key));
            }
        }
        cmd.addAll(List.of(CrashingRun.class.getName(), name, file.toString(), Long.toString(stopAt)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the crashing run did not end");
        assertEquals(42, p.exitValue(), "the crashing run died at step " + stopAt);

        try (Store restarted = Store.open(cfg)) {
            recoverAndResume(restarted, cfg, name, env, stopAt);
        }
    }

    private void recoverAndResume(Store store, Config cfg, String name, Env env, long stopAt) throws Exception {
        // 2. what the journal holds, replayed: the state every object must recover
        Set<ActorId> journaled = new LinkedHashSet<>();
        Replayer.Outcome prefix;
        try (WorldStream ws = WorldStream.open(store, name)) {
            List<StepRecord> steps = new ArrayList<>();
            while (ws.hasNext()) {
                switch (ws.next()) {
                    case WorldStream.Step s -> {
                        steps.add(s.record());
                        journaled.add(s.record().receiver());
                    }
                    case WorldStream.Born b -> journaled.add(b.id());
                    case WorldStream.Created c -> { }
                    case WorldStream.Ended e -> { }
                }
            }
            assertTrue(steps.size() >= stopAt, "stopped after " + steps.size() + " steps");
            prefix = Replayer.replay(env, steps.iterator(), false, Long.MAX_VALUE);
        }
        assertTrue(prefix.identical() || prefix.divergence().reason().startsWith("the record ends"),
                "the journal's steps replay: " + prefix.divergence());
        Map<ActorId, ObjectState> expected = prefix.result().states();

        // 3. a new actor system: each object, addressed, recovers exactly that state
        try (Store second = Store.open(cfg)) {
            LiveWorld w = new LiveWorld(name, env, LocalRegistry.on(second.system()));
            for (ActorId id : journaled) {
                Command.Current c = AskPattern.<Command, Command.Current>ask(w.registry().ref(id),
                        Command.GetState::new, TIMEOUT, second.system().scheduler()).toCompletableFuture().get();
                assertNotNull(c.state(), id + " recovered nothing");
                assertEquals(expected.get(id), c.state(), id + " recovered another state");
            }
            w.closing();
        }

        // 4. and the world goes on from there to its end, with the messages that were in flight
        Resume.Resumed resumed = Resume.start(store, name, TIMEOUT);
        assertTrue(resumed.pending().size() > 0, "something was in flight at step " + stopAt);
        LiveRun.Outcome out;
        try {
            out = resumed.outcome().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            StringBuilder b = new StringBuilder("resumed world stuck: in flight " + resumed.world().inFlight()
                    + ", steps " + resumed.world().steps() + ", pending was " + resumed.pending() + "\n");
            try (WorldStream ws = WorldStream.open(store, name)) {
                b.append("pending now: ").append(Resume.pending(env, ws)).append('\n');
            }
            for (ActorId id : resumed.world().registry().known()) {
                Command.Current c = AskPattern.<Command, Command.Current>ask(resumed.world().registry().ref(id),
                        Command.GetState::new, TIMEOUT, store.system().scheduler()).toCompletableFuture().get();
                if (c.state() instanceof bpflife.model.Task.State t && !t.exited() || c.state() == null) {
                    b.append(id).append(": ").append(c.state()).append('\n');
                }
            }
            throw new AssertionError(b.toString(), e);
        }
        resumed.world().closing();
        resumed.world().registry().stopAll();
        try (WorldStream ws = WorldStream.open(store, name)) {
            Replayer.Outcome all = Replayer.replay(env, ws.stepRecords(), true, Long.MAX_VALUE);
            assertTrue(all.identical(), "after the restart: " + all.divergence());
            assertTrue(all.result().violations().isEmpty(), all.result().violations().toString());
            assertTrue(Report.of(all.result()).pass(), String.valueOf(Report.of(all.result()).firstFailure()));
            assertEquals(all.steps(), prefix.steps() + out.steps(),
                    "the steps before the stop and the steps after it make the whole world");
        }
    }

    // ---- audit ----

    @Order(4)
    @Test
    @DisplayName("audit link 1 of rm-during-cats lists exactly its lifecycle, line by line")
    void auditOfTheSeedScenariosLink() throws Exception {
        Path file = SCENARIOS.resolve("rm-during-cats.scn");
        LiveWorlds.Result r = live("audit", file);
        String name = r.world().name();
        List<StepRecord> steps = r.result().records();
        Scenario sc = r.result().scenario();
        Audit.History h;
        try (WorldStream ws = WorldStream.open(store, name)) {
            assertEquals(new ActorId.LinkId("setup", 3), Audit.objectWithId(ws.stepRecords(), IdKind.LINK, 1));
        }
        try (WorldStream ws = WorldStream.open(store, name)) {
            h = Audit.link(sc, ws.stepRecords(), new ActorId.LinkId("setup", 3), 1);
        }
        assertEquals("link 1", h.subject());
        // the sessions: the holder's always (it opens before the rm), each cat's if its lookup came first
        List<Audit.Line> sessions = h.lines().stream().filter(l -> l.what().equals("session")).toList();
        List<String> openers = new ArrayList<>();
        for (Audit.Line l : sessions) {
            String task = l.text().replaceAll(".* opened by task:(\\w+) .*", "$1");
            openers.add(task);
            assertEquals("session " + sessionIdOf(l) + " (session:" + task + ".1) opened by task:" + task
                    + " (f = open /sys/fs/bpf/tasks/foo): it holds prog 1 (dump_task)", l.text());
        }
        assertTrue(openers.contains("holder"), openers.toString());
        Set<String> catsThatRead = new HashSet<>();
        for (Report.TaskCalls t : Report.of(r.result()).tasks()) {
            if (t.task().startsWith("cat") && t.calls().get(0).last().ok()) {
                catsThatRead.add(t.task());
            }
        }
        assertEquals(catsThatRead, openers.stream().filter(o -> o.startsWith("cat")).collect(
                java.util.stream.Collectors.toSet()), "one session per cat whose open succeeded");
        // every other line, in order, word for word
        List<String> rest = h.lines().stream().filter(l -> !l.what().equals("session"))
                .map(l -> l.what() + ": " + l.text()).toList();
        assertEquals(List.of(
                "created: created by task:setup (l = link create p): prog 1 (dump_task), target task",
                "id: id 1 reserved (bpf_link_prime; not yet visible)",
                "settled: settled: link 1 is visible (bpf_link_settle)",
                "pinned: pinned at /sys/fs/bpf/tasks/foo (inode:1) by task:setup (pin l /sys/fs/bpf/tasks/foo)",
                "unlinked: unlinked /sys/fs/bpf/tasks/foo by task:rm (rm /sys/fs/bpf/tasks/foo)",
                "get-fd-by-id: GET_FD_BY_ID by task:holder (link show): refcnt 2",
                "inode-destroyed: inode:1 destroyed (last name and opener gone): its reference is put",
                "last-ref: last reference dropped (deferred put from inode:1)",
                "free-deferred: bpf_link_free deferred to the workqueue",
                "released: id removed; release puts its prog and attach-time objects",
                "freed: freed"), rest);
        // each line's step is the step that did it, and the lines are in global order
        long last = 0;
        for (Audit.Line l : h.lines()) {
            assertTrue(l.step() >= last, "in order: " + h.lines());
            last = l.step();
            StepRecord s = steps.get((int) l.step() - 1);
            assertEquals(l.step(), s.position());
            String what = l.what();
            boolean ok = switch (what) {
                case "created" -> s.spawned().stream().anyMatch(sp -> sp.id().equals(new ActorId.LinkId("setup", 3)));
                case "session" -> s.spawned().stream().anyMatch(sp -> sp.id() instanceof ActorId.SessionId);
                case "pinned", "unlinked" -> s.receiver().equals(ActorId.BPFFS);
                case "inode-destroyed" -> s.receiver().equals(new ActorId.InodeId(1));
                default -> s.receiver().equals(new ActorId.LinkId("setup", 3));
            };
            assertTrue(ok, "step " + l.step() + " is not where '" + l.text() + "' happened: " + s);
        }
        // its last step, not the world's: the free runs on the workqueue, beside the task whose close led to it
        long linksLast = steps.stream().filter(st -> st.receiver().equals(new ActorId.LinkId("setup", 3)))
                .mapToLong(StepRecord::position).max().orElseThrow();
        assertEquals(linksLast, h.lines().getLast().step(), "the link is freed at its last step");
    }

    private static String sessionIdOf(Audit.Line l) {
        return l.text().replaceAll("^session (\\d+) .*", "$1");
    }

    @Order(5)
    @Test
    @DisplayName("link show and prog show at a step are bpftool's listings folded up to it")
    void showAtStep() throws Exception {
        Path file = SCENARIOS.resolve("rm-during-cats.scn");
        LiveWorlds.Result r = live("show", file);
        Scenario sc = r.result().scenario();
        List<Audit.Line> lines;
        try (WorldStream ws = WorldStream.open(store, r.world().name())) {
            lines = Audit.link(sc, ws.stepRecords(), new ActorId.LinkId("setup", 3), 1).lines();
        }
        long created = lines.stream().filter(l -> l.what().equals("created")).findFirst().orElseThrow().step();
        long pinned = lines.stream().filter(l -> l.what().equals("pinned")).findFirst().orElseThrow().step();
        try (WorldStream ws = WorldStream.open(store, r.world().name())) {
            assertEquals(List.of(), Audit.show(Audit.statesAt(sc, ws, created), IdKind.LINK), "primed, not listed");
        }
        try (WorldStream ws = WorldStream.open(store, r.world().name())) {
            List<Listings.Entry> at = Audit.show(Audit.statesAt(sc, ws, pinned), IdKind.LINK);
            assertEquals(1, at.size());
            assertEquals(1, ((bpflife.protocol.Info.LinkInfo) at.get(0).info()).id());
        }
        try (WorldStream ws = WorldStream.open(store, r.world().name())) {
            assertEquals(List.of(), Audit.show(Audit.statesAt(sc, ws, Long.MAX_VALUE), IdKind.PROG));
        }
        try (WorldStream ws = WorldStream.open(store, r.world().name())) {
            assertThrows(Audit.NotFound.class, () -> Audit.statesAt(sc, ws, r.live().steps() + 1));
        }
    }

    // ---- bad input ----

    @Order(6)
    @Test
    @DisplayName("an unknown world is reported as such")
    void unknownWorld() {
        UnknownWorldException e = assertThrows(UnknownWorldException.class,
                () -> WorldStream.open(store, world("never-ran")));
        assertTrue(e.getMessage().contains("no world '" + world("never-ran") + "'"), e.getMessage());
    }

    @Order(7)
    @Test
    @DisplayName("rows are the journal file's tree in compact CBOR (bpflife-cbor), versioned in the manifest")
    void rowsAreVersionedCbor() throws Exception {
        LiveWorlds.Result r = live("rows", SCENARIOS.resolve("rm-during-cats.scn"));
        String pid = r.world().name() + "|link:setup.3";
        try (Connection c = jdbc(); PreparedStatement ps = c.prepareStatement("SELECT \"event_ser_id\", "
                + "\"event_ser_manifest\", \"event_payload\" FROM \"event_journal\" WHERE \"persistence_id\" = ? "
                + "AND \"sequence_number\" = 2")) {
            ps.setString(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(serializerId(CompactJournal.BINDING), rs.getInt(1));
                assertEquals("bpflife.protocol.StepRecord#" + JournalVersions.FORMAT, rs.getString(2));
                byte[] cbor = rs.getBytes(3);
                StepRecord rec = COMPACT.readValue(cbor, StepRecord.class);
                assertEquals(new ActorId.LinkId("setup", 3), rec.receiver());
                assertEquals(0, rec.position(), "positions come from the journal's order, not the row");
                assertTrue(cbor.length < FULL_CBOR.writeValueAsBytes(rec).length,
                        "shorter than the same tree with full names");
            }
        }
    }

    @Order(7)
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jackson-json", "jackson-cbor"})
    @DisplayName("a world stored by an earlier bpflife (JSON rows; CBOR rows with full names) still replays exactly")
    void earlierRowsStillReplay(String serializer) throws Exception {
        LiveWorlds.Result r = live("old-rows-" + serializer, SCENARIOS.resolve("rm-during-cats.scn"));
        reencode(r.world().name(), serializer);
        try (WorldStream ws = WorldStream.open(store, r.world().name())) {
            Env env = LiveWorlds.env(ws.meta(), null);
            Replayer.Outcome o = Replayer.replay(env, ws.stepRecords(), false, Long.MAX_VALUE);
            assertTrue(o.identical(), () -> "diverged: " + o.divergence());
            assertEquals(r.live().steps(), o.steps());
        }
    }

    @Order(7)
    @Test
    @DisplayName("a world's rows come in the journal's order whatever the fetch size, and a reader closed early stops")
    void fetchSizeDoesNotMatter() throws Exception {
        LiveWorlds.Result r = live("fetch", SCENARIOS.resolve("rm-during-cats.scn"));
        List<String> small = rowsOf(r.world().name(), 3);
        List<String> big = rowsOf(r.world().name(), 5000);
        assertEquals(big, small);
        assertEquals(r.live().steps(), small.stream().filter(k -> k.endsWith(" StepRecord")).count(),
                "every step: " + small.size() + " rows");
        assertTrue(small.get(0).endsWith(" WorldCreated"), small.get(0));
        JournalRows early = new JournalRows(store, r.world().name(), 2);
        assertTrue(early.hasNext());
        early.next();
        early.close(); // the reader stops and lets its connections go
        // the journal is still whole: a reader closed early was interrupted once, inside H2, which then
        // closed its file for everyone (ClosedByInterruptException in the next read)
        assertEquals(big, rowsOf(r.world().name(), 5000));
    }

    /** A world's rows as "pid#seq type", read with {@code fetchSize}. */
    private List<String> rowsOf(String world, int fetchSize) {
        List<String> out = new ArrayList<>();
        try (JournalRows rows = new JournalRows(store, world, fetchSize)) {
            while (rows.hasNext()) {
                JournalRows.Row row = rows.next();
                assertNull(row.failure(), () -> String.valueOf(row.failure()));
                out.add(row.persistenceId() + "#" + row.sequenceNr() + " " + row.event().getClass().getSimpleName());
            }
            assertNull(rows.failure());
        }
        return out;
    }

    /** Rewrites a world's rows as an earlier bpflife wrote them: with {@code serializer}, full names. */
    private void reencode(String world, String serializer) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper old = serializer.equals("jackson-json") ? JournalJson.mapper()
                : FULL_CBOR;
        int id = serializerId(serializer);
        int rows = 0;
        try (Connection c = jdbc()) {
            c.setAutoCommit(false);
            try (PreparedStatement read = c.prepareStatement("SELECT \"ordering\", \"event_payload\", "
                    + "\"event_ser_manifest\" FROM \"event_journal\" WHERE \"ordering\" IN (SELECT \"event_id\" FROM "
                    + "\"event_tag\" WHERE \"tag\" = ?)");
                 PreparedStatement write = c.prepareStatement("UPDATE \"event_journal\" SET \"event_payload\" = ?, "
                         + "\"event_ser_id\" = ? WHERE \"ordering\" = ?")) {
                read.setString(1, LiveWorld.tag(world));
                try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                        String manifest = rs.getString(3);
                        Class<?> type = Class.forName(manifest.substring(0, manifest.indexOf('#')));
                        write.setBytes(1, old.writeValueAsBytes(COMPACT.readValue(rs.getBytes(2), type)));
                        write.setInt(2, id);
                        write.setLong(3, rs.getLong(1));
                        write.addBatch();
                        rows++;
                    }
                }
                write.executeBatch();
            }
            c.commit();
        }
        assertTrue(rows > 50, "rows rewritten: " + rows);
    }

    /** Rows as bpflife wrote them before the compact encoding: the tree with full names, in CBOR. */
    private static final com.fasterxml.jackson.databind.ObjectMapper FULL_CBOR =
            JournalJson.mapper().copyWith(new com.fasterxml.jackson.dataformat.cbor.CBORFactory());
    private static final com.fasterxml.jackson.databind.ObjectMapper COMPACT = CompactJournal.mapper();

    private int serializerId(String name) {
        return store.system().settings().config().getInt("pekko.actor.serialization-identifiers." + name);
    }

    /** Reads the whole world, which must fail on a bad row. */
    private JournalException unreadable(String world) {
        return assertThrows(JournalException.class, () -> {
            try (WorldStream ws = WorldStream.open(store, world)) {
                ws.forEachRemaining(x -> { });
            }
        });
    }

    @Order(8)
    @Test
    @DisplayName("a row that does not deserialize is named by persistence id and sequence number")
    void corruptRowIsNamed() throws Exception {
        LiveWorlds.Result r = live("corrupt", SCENARIOS.resolve("rm-during-cats.scn"));
        String pid = r.world().name() + "|link:setup.3";
        try (Connection c = jdbc(); PreparedStatement ps = c.prepareStatement("UPDATE \"event_journal\" SET "
                + "\"event_payload\" = ? WHERE \"persistence_id\" = ? AND \"sequence_number\" = 4")) {
            ps.setBytes(1, "{\"receiver\": not json".getBytes(StandardCharsets.UTF_8));
            ps.setString(2, pid);
            assertEquals(1, ps.executeUpdate());
        }
        JournalException e = unreadable(r.world().name());
        assertEquals(pid, e.persistenceId());
        assertEquals(4, e.sequenceNr());
        assertTrue(e.getMessage().startsWith("journal row " + pid + " #4: can't be read"), e.getMessage());
    }

    @Order(8)
    @Test
    @DisplayName("a world of journal format 1 is refused by name where it holds numbered stages; its other rows read")
    void formatOneWorldIsRefused() throws Exception {
        LiveWorlds.Result r = live("format-1", SCENARIOS.resolve("rm-during-cats.scn"));
        String name = r.world().name();
        reencode(name, "jackson-cbor"); // format 1 came before the compact rows
        try (Connection c = jdbc(); PreparedStatement ps = c.prepareStatement("UPDATE \"event_journal\" SET "
                + "\"event_ser_manifest\" = REPLACE(\"event_ser_manifest\", '#2', '#1') WHERE \"persistence_id\" "
                + "LIKE ? AND \"persistence_id\" NOT LIKE ?")) {
            ps.setString(1, name + "|%");
            ps.setString(2, name + "|task:%");
            assertTrue(ps.executeUpdate() > 50);
        }
        try (WorldStream ws = WorldStream.open(store, name)) {
            Replayer.Outcome o = Replayer.replay(LiveWorlds.env(ws.meta(), null), ws.stepRecords(), false,
                    Long.MAX_VALUE);
            assertTrue(o.identical(), () -> "format-1 rows without a frame read as they are: " + o.divergence());
        }
        // the first step of task rm with its call in the kernel, as format 1 wrote it: a numbered frame
        String pid = name + "|task:rm";
        long seq = 0;
        ObjectNode old = null;
        try (Connection c = jdbc(); PreparedStatement ps = c.prepareStatement("SELECT \"sequence_number\", "
                + "\"event_payload\" FROM \"event_journal\" WHERE \"persistence_id\" = ? ORDER BY \"sequence_number\"")) {
            ps.setString(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                while (old == null && rs.next()) {
                    JsonNode row = FULL_CBOR.readTree(rs.getBytes(2));
                    for (JsonNode e : row.path("events")) {
                        if (e.has("state")) {
                            ((ObjectNode) e).removeAll().put("type", "SyscallProgressed").putObject("frame")
                                    .put("stage", 1).put("awaiting", 0).putArray("held");
                            old = (ObjectNode) row;
                            seq = rs.getLong(1);
                        }
                    }
                }
            }
        }
        assertNotNull(old, "task rm has a step with its call in the kernel");
        try (Connection c = jdbc(); PreparedStatement ps = c.prepareStatement("UPDATE \"event_journal\" SET "
                + "\"event_payload\" = ?, \"event_ser_manifest\" = 'bpflife.protocol.StepRecord#1' "
                + "WHERE \"persistence_id\" = ? AND \"sequence_number\" = ?")) {
            ps.setBytes(1, FULL_CBOR.writeValueAsBytes(old));
            ps.setString(2, pid);
            ps.setLong(3, seq);
            assertEquals(1, ps.executeUpdate());
        }
        JournalException e = unreadable(name);
        assertEquals(pid, e.persistenceId());
        assertEquals(seq, e.sequenceNr());
        assertTrue(e.getMessage().contains("the world '" + name + "' was written by journal format 1 (numbered "
                + "syscall stages); this bpflife reads format 2"), e.getMessage());
    }

    @Order(9)
    @Test
    @DisplayName("a row missing from an object's sequence is named")
    void brokenSequenceIsNamed() throws Exception {
        LiveWorlds.Result r = live("gap", SCENARIOS.resolve("rm-during-cats.scn"));
        String pid = r.world().name() + "|task:rm";
        try (Connection c = jdbc()) {
            long ordering;
            try (PreparedStatement ps = c.prepareStatement("SELECT \"ordering\" FROM \"event_journal\" "
                    + "WHERE \"persistence_id\" = ? AND \"sequence_number\" = 3")) {
                ps.setString(1, pid);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    ordering = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM \"event_tag\" WHERE \"event_id\" = ?")) {
                ps.setLong(1, ordering);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM \"event_journal\" WHERE \"ordering\" = ?")) {
                ps.setLong(1, ordering);
                assertEquals(1, ps.executeUpdate());
            }
        }
        JournalException e = unreadable(r.world().name());
        assertEquals(pid, e.persistenceId());
        assertEquals(4, e.sequenceNr());
        assertTrue(e.getMessage().contains("breaks the sequence: it follows #2"), e.getMessage());
    }

    @Order(10)
    @Test
    @DisplayName("a world's name is taken once")
    void worldNameTakenOnce() {
        live("once", SCENARIOS.resolve("rm-during-cats.scn"));
        assertThrows(LiveRun.WorldExists.class, () -> live("once", SCENARIOS.resolve("rm-during-cats.scn")));
    }
}
