package bpflife.persistence;

import bpflife.actors.LiveRun;
import bpflife.actors.LocalRegistry;
import bpflife.actors.LiveWorld;
import bpflife.actors.WorldCreated;
import bpflife.actors.WorldEnded;
import bpflife.explore.RunResult;
import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.ScenarioParser;
import bpflife.model.world.Listings;
import bpflife.protocol.IdKind;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A live run on the durable journal, from start to report: records the world, runs it on the
 * actors, reads it back from the journal in its global order and replays it through the
 * deterministic runtime, which checks every invariant after every step and must reproduce every
 * recorded step; the live objects' final listings must equal the replay's.
 */
public final class LiveWorlds {
    private LiveWorlds() {}

    /**
     * @param live   the live run's outcome (its objects' final states)
     * @param replay the replay of what the journal holds
     * @param result the deterministic run of the journal's schedule, named as the live run (for the report)
     */
    public record Result(LiveWorld world, LiveRun.Outcome live, Replayer.Outcome replay, RunResult result) {

        /** The live objects' link and prog listings equal the replay's. */
        public boolean listingsAgree() {
            return Listings.show(live.states(), IdKind.LINK).equals(
                    Listings.show(replay.result().states(), IdKind.LINK))
                    && Listings.show(live.states(), IdKind.PROG).equals(
                    Listings.show(replay.result().states(), IdKind.PROG));
        }
    }

    /** The world the live run could not finish (stuck, a model exception, a journal failure). */
    public static final class LiveRunFailed extends RuntimeException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        public LiveRunFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static WorldCreated meta(String world, Scenario sc, String text, Semantics semantics) {
        return WorldCreated.of(world, sc.name(), sc.file(), text, semantics.name());
    }

    /** The environment a stored world ran in: its scenario (from the stored text) and semantics. */
    public static Env env(WorldCreated meta, Semantics override) {
        Semantics sem = override != null ? override : Semantics.byName(meta.semantics());
        if (sem == null) {
            throw new IllegalStateException("world " + meta.world() + " ran under semantics '" + meta.semantics()
                    + "', which this bpflife does not know");
        }
        return new Env(ScenarioParser.parse(meta.file(), meta.text()), sem);
    }

    /**
     * Runs {@code text} (the scenario file's content) live as world {@code name}, for as long as it
     * makes progress. Throws {@link LiveRun.WorldExists} if the name is taken, {@link LiveRunFailed}
     * if it stalls: no step persisted for the store's timeout (a world of any size is written
     * while its steps keep coming; a stall, not a duration, is the failure).
     */
    public static Result run(Store store, String name, String file, String text, Semantics semantics) {
        return run(store, name, file, text, semantics, steps -> { });
    }

    /**
     * As {@link #run(Store, String, String, String, Semantics)}, telling {@code progress} the steps
     * persisted so far once a second while the world runs (for a progress line).
     */
    public static Result run(Store store, String name, String file, String text, Semantics semantics,
                             java.util.function.LongConsumer progress) {
        LiveWorld.checkName(name); // before anything is written: a bad name takes nothing
        Scenario sc = ScenarioParser.parse(file, text);
        Duration timeout = store.settings().timeout();
        WorldCreated meta = meta(name, sc, text, semantics);
        await(LiveRun.create(store.system(), meta, timeout).toCompletableFuture(), timeout, name);
        Env env = new Env(sc, semantics);
        LiveWorld world = new LiveWorld(name, env, LocalRegistry.forNewWorld(store.system())); // its creation is recorded above
        LiveRun.Outcome live = null;
        LiveWorld.Stopped stopped = null;
        try {
            live = whileMoving(LiveRun.run(store.system(), world, NO_LIMIT).toCompletableFuture(), world, timeout,
                    progress);
        } catch (LiveWorld.Stopped s) {
            stopped = s;
        } finally {
            world.closing();
            world.registry().stopAll();
        }
        if (stopped != null) {
            // the objects stop once their writes in progress are done: what was acknowledged stays
            throw ended(store, stopped, world.steps());
        }
        end(store, new WorldEnded(name, WorldEnded.Status.COMPLETE, live.steps(), "every task exited"));
        Replayer.Outcome replay;
        try (WorldStream ws = WorldStream.open(store, name)) {
            replay = Replayer.replay(env, ws.stepRecords(), true, Long.MAX_VALUE);
        }
        RunResult r = replay.result();
        String scheduler = "live (pekko, world " + name + ", " + store.settings().db().name().toLowerCase() + " journal)";
        RunResult named = new RunResult(r.scenario(), r.semantics(), scheduler, r.steps(), r.records(), r.states(),
                r.violations(), r.dumps(), r.eof(), r.quiescent());
        return new Result(world, live, replay, named);
    }

    /**
     * Records how a stopped world ended and returns the error to throw: its one line, with whether
     * the world could be marked (a journal that failed may refuse that write too).
     */
    public static LiveWorld.Stopped ended(Store store, LiveWorld.Stopped stopped, long steps) {
        String marked;
        try {
            WorldEnded e = stopped.ended();
            end(store, new WorldEnded(e.world(), e.status(), Math.max(steps, e.steps()), e.reason()));
            marked = "the world is marked " + stopped.status().word();
        } catch (RuntimeException e) {
            marked = "the world could not be marked " + stopped.status().word() + " (" + e.getMessage() + ")";
        }
        return stopped.withNote(marked);
    }

    /** Records how a world ended (within 5 s at most: the journal may be the thing that failed). */
    public static void end(Store store, WorldEnded ended) {
        Duration t = store.settings().timeout().compareTo(Duration.ofSeconds(5)) < 0 ? store.settings().timeout()
                : Duration.ofSeconds(5);
        try {
            LiveRun.end(store.system(), ended, t).toCompletableFuture().get(t.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause() instanceof TimeoutException
                    || e.getCause() instanceof java.util.concurrent.TimeoutException
                    ? "the journal did not answer within " + t.toSeconds() + " s" : String.valueOf(e.getCause().getMessage()),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the journal did not answer within " + t.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A live run's own bound, far beyond any stall bound: the run ends by finishing or by stalling. */
    private static final Duration NO_LIMIT = Duration.ofDays(7);

    /**
     * Waits for a live run while its world moves (persists steps, or handles what is in flight:
     * births are persisted too); fails once it has not for {@code stall} (the machine's clock,
     * looked at once a second).
     */
    static <T> T whileMoving(java.util.concurrent.CompletableFuture<T> f, LiveWorld world, Duration stall,
                                     java.util.function.LongConsumer progress) {
        long steps = -1;
        long inFlight = -1;
        long lastMove = System.nanoTime();
        while (true) {
            try {
                return await(f, Duration.ofSeconds(1), world.name());
            } catch (LiveRunFailed e) {
                if (!(e.getCause() instanceof TimeoutException)) {
                    throw e;
                }
                if (f.isDone()) {
                    // it ended just after the wait gave up: its own answer (a result, or why it failed)
                    return await(f, Duration.ofSeconds(1), world.name());
                }
                long now = System.nanoTime();
                progress.accept(world.steps());
                if (world.steps() != steps || world.inFlight() != inFlight) {
                    steps = world.steps();
                    inFlight = world.inFlight();
                    lastMove = now;
                } else if (now - lastMove > stall.toNanos()) {
                    throw new LiveRunFailed("world " + world.name() + " stalled: nothing moved for "
                            + stall.toSeconds() + " s (at step " + steps + ", " + inFlight + " messages in flight; stuck?)",
                            e);
                }
            }
        }
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> f, Duration timeout, String world) {
        try {
            return f.get(timeout.toMillis() + (timeout.toSeconds() > 1 ? 5_000 : 0), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof LiveRun.WorldExists || c instanceof LiveWorld.Stopped) {
                throw (RuntimeException) c;
            }
            if (c instanceof TimeoutException || c instanceof java.util.concurrent.TimeoutException) {
                throw new LiveRunFailed("world " + world + " did not finish within " + timeout.toSeconds()
                        + " s (stuck?)", c);
            }
            throw new LiveRunFailed("world " + world + " failed: " + c.getMessage(), c);
        } catch (TimeoutException e) {
            throw new LiveRunFailed("world " + world + " did not finish within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LiveRunFailed("interrupted", e);
        }
    }
}
