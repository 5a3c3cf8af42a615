package bpflife.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.actors.Command;
import bpflife.actors.CommitOrder;
import bpflife.actors.LiveRun;
import bpflife.actors.LiveWorld;
import bpflife.actors.LocalRegistry;
import bpflife.actors.Registry;
import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.ScenarioParser;
import bpflife.protocol.ActorId;
import bpflife.protocol.StepRecord;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tell when queued, with one writer in one process, on H2 and on PostgreSQL (where BPFLIFE_PG_URL
 * names a server; skipped otherwise, a failure under CI=true): a step's messages go out before its
 * commit is acknowledged, and the journal still holds a causal prefix of the run, even when the
 * process is killed mid-run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TellWhenQueuedTest {
    private static final Path SCENARIO = Path.of("..", "scenarios", "load-cats-rm-update.scn");
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private final Path dir;

    TellWhenQueuedTest() throws IOException {
        dir = Files.createTempDirectory("bpflife-twq-");
    }

    @AfterAll
    void removeFiles() throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Tells this run's worlds from earlier runs' on a PostgreSQL server, which keeps them. */
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    /** A journal on {@code store}: an H2 file of its own for {@code purpose}, or the PostgreSQL server. */
    private Config journal(String store, String purpose, boolean on) {
        Config c = ConfigFactory.empty()
                .withValue("bpflife.store", ConfigValueFactory.fromAnyRef(store))
                .withValue("bpflife.tell-when-queued", ConfigValueFactory.fromAnyRef(on));
        if (store.equals("postgres")) {
            PostgresServer.url(); // skips the test, saying why, where no server is configured
            return c;
        }
        return c.withValue("bpflife.data-dir", ConfigValueFactory.fromAnyRef(dir.resolve(purpose).toString()));
    }

    /** A world's name, unique on a PostgreSQL server across runs. */
    private static String world(String store, String name) {
        return store.equals("postgres") ? name + "-" + RUN : name;
    }

    /** What a world did, per sending object, in the order its actor did it: "T" a message told, "P<n>" a step with n messages persisted. */
    private static final class Log {
        private final Map<ActorId, List<String>> bySender = new HashMap<>();

        synchronized void told(ActorId sender) {
            bySender.computeIfAbsent(sender, k -> new ArrayList<>()).add("T");
        }

        synchronized void persisted(ActorId receiver, StepRecord r) {
            bySender.computeIfAbsent(receiver, k -> new ArrayList<>()).add("P" + r.sent().size());
        }

        synchronized Map<ActorId, List<String>> copy() {
            Map<ActorId, List<String>> m = new HashMap<>();
            bySender.forEach((k, v) -> m.put(k, List.copyOf(v)));
            return m;
        }
    }

    /**
     * The local registry, with every message an object sends logged as it is told; with {@code numbers},
     * numbering its messages as a cluster's registry does.
     */
    private record Recording(Registry inner, Log log, boolean numbers) implements Registry {
        @Override
        public void tell(ActorId id, Command c) {
            if (c instanceof Command.Deliver d && !d.sender().equals(ActorId.WORLD)) {
                log.told(d.sender());
            }
            inner.tell(id, c);
        }

        @Override
        public org.apache.pekko.actor.typed.RecipientRef<Command> ref(ActorId id) {
            return inner.ref(id);
        }

        @Override
        public List<ActorId> known() {
            return inner.known();
        }

        @Override
        public void stopAll() {
            inner.stopAll();
        }

        @Override
        public void passivate(ActorId id) {
            inner.passivate(id);
        }

        @Override
        public void passivated(ActorId id) {
            inner.passivated(id);
        }

        @Override
        public void forget(ActorId id) {
            inner.forget(id);
        }

        @Override
        public boolean forgotten(ActorId id) {
            return inner.forgotten(id);
        }

        @Override
        public boolean numbersMessages() {
            return numbers || inner.numbersMessages();
        }
    }

    @ParameterizedTest(name = "{0}, tell-when-queued {1}, numbered messages {2}")
    @CsvSource({"h2, true, false", "h2, false, false", "postgres, true, false", "postgres, false, false",
            "h2, true, true"})
    @DisplayName("on: every message of a step is told before the step is reported persisted; off, or numbered "
            + "as a cluster's are: only after; either way the run ends and its journal replays exactly")
    void messagesGoOnceQueued(String db, boolean on, boolean numbered) throws Exception {
        String text = Files.readString(SCENARIO, StandardCharsets.UTF_8);
        Scenario sc = ScenarioParser.parse(SCENARIO.toString(), text);
        Env env = new Env(sc, Semantics.LINUX);
        String name = world(db, "twq-" + on + (numbered ? "-numbered" : ""));
        boolean whenQueued = on && !numbered; // numbered messages (a cluster) go after the commit
        Log log = new Log();
        try (Store store = Store.open(journal(db, "queued-" + on + (numbered ? "-numbered" : ""), on))) {
            LiveRun.create(store.system(), LiveWorlds.meta(name, sc, text, Semantics.LINUX), TIMEOUT)
                    .toCompletableFuture().get();
            LiveWorld w = new LiveWorld(name, env, world -> new Recording(LocalRegistry.on(store.system()).apply(world),
                    log, numbered));
            w.listener(log::persisted);
            LiveRun.Outcome out = LiveRun.run(store.system(), w, TIMEOUT).toCompletableFuture()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(on, CommitOrder.of(store.system()).fifo(), "the journal's order as the objects see it");
            assertTrue(out.steps() > 100, "steps: " + out.steps());

            long early = 0;
            for (Map.Entry<ActorId, List<String>> e : log.copy().entrySet()) {
                // told: messages told so far minus those of the steps reported so far
                long ahead = 0;
                for (String ev : e.getValue()) {
                    if (ev.equals("T")) {
                        ahead++;
                        if (!whenQueued) {
                            assertTrue(ahead <= 0, e.getKey() + " told a message before its step was persisted: "
                                    + e.getValue());
                        }
                    } else {
                        int n = Integer.parseInt(ev.substring(1));
                        if (whenQueued) {
                            assertTrue(ahead >= n, e.getKey() + " reported a step persisted before its " + n
                                    + " messages were told: " + e.getValue());
                            early += n;
                        }
                        ahead -= n;
                    }
                }
                assertEquals(0, ahead, e.getKey() + ": every message told once: " + e.getValue());
            }
            assertTrue(!whenQueued || early > 100, "messages told before their step's commit was reported: " + early);

            try (WorldStream ws = WorldStream.open(store, name)) {
                List<StepRecord> steps = new ArrayList<>();
                while (ws.hasNext()) {
                    if (ws.next() instanceof WorldStream.Step s) {
                        steps.add(s.record());
                    }
                }
                assertEquals(out.steps(), steps.size());
                Replayer.Outcome replay = Replayer.replay(env, steps.iterator(), false, Long.MAX_VALUE);
                assertTrue(replay.identical(), "the journal replays: " + replay.divergence());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    @DisplayName("a run killed with SIGKILL at a seeded moment leaves a journal where every step's message and "
            + "every birth was sent by a step before it (a causal prefix), which replays as a prefix")
    void sigkillLeavesACausalPrefix(String db) throws Exception {
        long seed = Long.getLong("bpflife.seed", System.nanoTime());
        long at = 40 + Math.floorMod(seed, 400L);
        String where = "seed " + seed + " (-Dbpflife.seed=" + seed + "), killed after step " + at;
        String text = Files.readString(SCENARIO, StandardCharsets.UTF_8);
        Scenario sc = ScenarioParser.parse(SCENARIO.toString(), text);
        Env env = new Env(sc, Semantics.LINUX);
        String name = world(db, "killed");
        Config cfg = journal(db, "killed", true);

        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path")));
        for (String key : List.of("bpflife.store", "bpflife.data-dir", "bpflife.tell-when-queued")) {
            if (cfg.hasPath(key)) {
                cmd.add("-D" + key + "=" + cfg.getString(key)); // PostgreSQL's BPFLIFE_PG_* are inherited
            }
        }
        cmd.addAll(List.of(CrashingRun.class.getName(), name, SCENARIO.toString(), Long.toString(at), "say"));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String said;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            said = out.readLine();
            p.destroyForcibly(); // SIGKILL: nothing is shut down or flushed
            assertTrue(p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS), where + ": the run did not die");
        }
        assertEquals("at " + at, said, where + ": the run said");

        try (Store store = Store.open(cfg)) {
            List<StepRecord> steps = causalPrefix(store, name, sc, env, where);
            assertTrue(steps.size() >= at, where + ": the journal holds " + steps.size() + " steps");
            System.out.println("sigkillLeavesACausalPrefix: " + where + ", " + steps.size() + " steps in the journal");
        }
    }

    /**
     * The world's steps in the journal, checked to be a causal prefix of a run: every step's message
     * and every birth sent by a step before it; the steps replay as a prefix of the run.
     */
    private static List<StepRecord> causalPrefix(Store store, String name, Scenario sc, Env env, String where) {
        try (WorldStream ws = WorldStream.open(store, name)) {
            Set<ActorId> booted = new HashSet<>(LiveRun.bootTasks(sc));
            Map<ActorId, Map<ActorId, Long>> sent = new HashMap<>(); // sender -> receiver -> messages sent so far
            Set<ActorId> spawned = new HashSet<>();
            List<StepRecord> steps = new ArrayList<>();
            while (ws.hasNext()) {
                switch (ws.next()) {
                    case WorldStream.Step s -> {
                        StepRecord r = s.record();
                        if (!r.sender().equals(ActorId.WORLD)) {
                            long have = sent.getOrDefault(r.sender(), Map.of()).getOrDefault(r.receiver(), 0L);
                            assertTrue(r.channelSeq() <= have, where + ": step " + (steps.size() + 1) + " takes "
                                    + r.sender() + "'s message #" + r.channelSeq() + " to " + r.receiver()
                                    + ", but the journal holds only " + have + " before it");
                        }
                        for (StepRecord.Envelope e : r.sent()) {
                            sent.computeIfAbsent(r.receiver(),
                                    k -> new HashMap<>()).merge(e.to(), 1L, Long::sum);
                        }
                        for (StepRecord.Spawn sp : r.spawned()) {
                            spawned.add(sp.id());
                        }
                        steps.add(r);
                    }
                    case WorldStream.Born b -> assertTrue(booted.contains(b.id()) || spawned.contains(b.id()),
                            where + ": " + b.id() + " is born before the step that made it");
                    case WorldStream.Created c -> { }
                    case WorldStream.Ended e -> { }
                }
            }
            Replayer.Outcome prefix = Replayer.replay(env, steps.iterator(), false, Long.MAX_VALUE);
            assertTrue(prefix.identical() || prefix.divergence().reason().startsWith("the record ends"),
                    where + ": the journal's steps replay: " + prefix.divergence());
            return steps;
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    @DisplayName("a step record the serializer refuses stops the journal: the run fails, and what its messages "
            + "caused is not in the journal without it (a causal prefix)")
    void refusedWriteStopsTheJournal(String db) throws Exception {
        long seed = Long.getLong("bpflife.seed", System.nanoTime());
        int at = 40 + (int) Math.floorMod(seed, 400L);
        String where = "seed " + seed + " (-Dbpflife.seed=" + seed + "), step record " + (at + 1) + " refused";
        String text = Files.readString(SCENARIO, StandardCharsets.UTF_8);
        Scenario sc = ScenarioParser.parse(SCENARIO.toString(), text);
        Env env = new Env(sc, Semantics.LINUX);
        String name = world(db, "refused");
        Config cfg = journal(db, "refused", true);
        Config refusing = cfg.withValue("pekko.actor.serializers.bpflife-cbor",
                ConfigValueFactory.fromAnyRef(RefusingSerializer.class.getName()));
        long full;
        try (Store store = Store.open(journal(db, "whole", true))) {
            full = runToEnd(store, world(db, "whole"), sc, text, env);
        }
        RefusingSerializer.budget.set(at);
        try (Store store = Store.open(refusing)) {
            java.util.concurrent.ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.ExecutionException.class, () -> runToEnd(store, name, sc, text, env), where);
            assertTrue(RefusingSerializer.budget.get() < 0, where + ": the serializer refused nothing");
            System.out.println("refusedWriteStopsTheJournal: " + where + ": " + failed.getCause());
        } finally {
            RefusingSerializer.budget.set(-1);
        }
        try (Store store = Store.open(cfg)) {
            List<StepRecord> steps = causalPrefix(store, name, sc, env, where);
            assertTrue(steps.size() <= at, where + ": the journal holds " + steps.size() + " steps, the run " + full
                    + ": nothing after the refused record was written");
        }
    }

    /** Runs the scenario as a live world to its end; the steps it persisted. */
    private static long runToEnd(Store store, String name, Scenario sc, String text, Env env) throws Exception {
        LiveRun.create(store.system(), LiveWorlds.meta(name, sc, text, Semantics.LINUX), TIMEOUT)
                .toCompletableFuture().get();
        LiveWorld w = new LiveWorld(name, env, LocalRegistry.on(store.system()));
        return LiveRun.run(store.system(), w, TIMEOUT).toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .steps();
    }
}
