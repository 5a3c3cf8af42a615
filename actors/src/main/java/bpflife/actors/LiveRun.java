package bpflife.actors;

import bpflife.model.ObjectState;
import bpflife.model.scenario.Scenario;
import bpflife.model.world.Boot;
import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.TaskId;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Drives one live run of a scenario: records the world, makes the tasks as the deterministic
 * runtime's boot does (the kernel's singletons are made on first use), starts the setup task, and
 * waits for the end: every task exited and no message in flight. Tasks then really run
 * concurrently on Pekko's dispatcher; each issues its system calls one at a time (its
 * {@code Continue} message to itself is how user space goes on).
 */
public final class LiveRun {
    private LiveRun() {}

    /** How a live run ended: the steps persisted, every object's final state (in first-use order), the time. */
    public record Outcome(long steps, SequencedMap<ActorId, ObjectState> states, Duration elapsed) {}

    /** The world's name is taken by an earlier run. */
    public static final class WorldExists extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public WorldExists(String world, WorldCreated meta) {
            super("world '" + world + "' exists already (scenario " + meta.scenario() + ", semantics "
                    + meta.semantics() + "): choose another name");
        }
    }

    /**
     * Records the world's metadata; fails with {@link WorldExists} when the name is taken, and at once
     * with the journal's cause when it refuses the write (not at the timeout).
     */
    public static CompletionStage<WorldCreated> create(ActorSystem<?> system, WorldCreated meta, Duration timeout) {
        String name = "world-" + URLEncoder.encode(meta.world(), StandardCharsets.UTF_8) + "-" + System.nanoTime();
        CompletableFuture<WorldCreated> created = new CompletableFuture<>();
        ActorRef<WorldBehavior.Cmd> ref = system.systemActorOf(answeringFailures(meta.world(), created), name,
                Props.empty());
        AskPattern.<WorldBehavior.Cmd, WorldBehavior.Created>ask(ref, r -> new WorldBehavior.Create(meta, r),
                        timeout, system.scheduler())
                .whenCompleteAsync((c, t) -> {
                    ref.tell(new WorldBehavior.Stop());
                    if (t != null) {
                        created.completeExceptionally(t);
                    } else if (!c.created()) {
                        created.completeExceptionally(new WorldExists(meta.world(), c.meta()));
                    } else {
                        created.complete(c.meta());
                    }
                }, system.executionContext());
        return created;
    }

    /**
     * A world's own journal actor ({@link WorldBehavior}) whose failed or refused write completes
     * {@code answer} with the journal's cause at once: Pekko stops the actor, and an ask would
     * otherwise wait for its timeout.
     */
    private static Behavior<WorldBehavior.Cmd> answeringFailures(String world, CompletableFuture<?> answer) {
        Behavior<Object> watched = Behaviors.intercept(() -> new BehaviorInterceptor<Object, Object>(Object.class) {
            @Override
            public Behavior<Object> aroundReceive(TypedActorContext<Object> ctx, Object m, ReceiveTarget<Object> target) {
                if (m instanceof JournalProtocol.WriteMessageFailure f) {
                    answer.completeExceptionally(new IllegalStateException(LiveWorld.cause(f.cause()), f.cause()));
                } else if (m instanceof JournalProtocol.WriteMessageRejected r) {
                    answer.completeExceptionally(new IllegalStateException(LiveWorld.cause(r.cause()), r.cause()));
                }
                return target.apply(ctx, m);
            }
        }, WorldBehavior.create(world).<Object>unsafeCast());
        return watched.unsafeCast();
    }

    /**
     * Records how world {@code ended.world()} ended, in its own journal; completes with what is
     * recorded (nothing if the world was never created).
     */
    public static CompletionStage<WorldEnded> end(ActorSystem<?> system, WorldEnded ended, Duration timeout) {
        String name = "world-end-" + URLEncoder.encode(ended.world(), StandardCharsets.UTF_8) + "-" + System.nanoTime();
        // a journal that refuses this write too answers at once, not at the timeout
        CompletableFuture<WorldEnded> refused = new CompletableFuture<>();
        ActorRef<WorldBehavior.Cmd> ref = system.systemActorOf(answeringFailures(ended.world(), refused), name,
                Props.empty());
        Executor ex = system.executionContext();
        AskPattern.<WorldBehavior.Cmd, WorldBehavior.Ended>ask(ref, r -> new WorldBehavior.End(ended, r),
                        timeout, system.scheduler())
                .whenCompleteAsync((e, t) -> {
                    ref.tell(new WorldBehavior.Stop());
                    if (t != null) {
                        refused.completeExceptionally(t);
                    } else {
                        refused.complete(e.ended());
                    }
                }, ex);
        return refused;
    }

    /** The tasks a world starts with ({@link Boot#bootTasks}). */
    public static List<TaskId> bootTasks(Scenario sc) {
        return Boot.bootTasks(sc);
    }

    /**
     * Boots the world's tasks, starts setup, and completes when the run is over. The world must be
     * new (see {@link #create}).
     */
    public static CompletionStage<Outcome> run(ActorSystem<?> system, LiveWorld world, Duration timeout) {
        long started = System.nanoTime();
        boot(world, List.of());
        return finish(system, world, timeout, started);
    }

    /**
     * Boots the world's tasks and starts setup, except that the tasks in {@code deferred} are not
     * born now: a driver's {@link StartGate} (set with {@link LiveWorld#gate} before) births them when
     * it lets their starts through.
     */
    public static void boot(LiveWorld world, Collection<TaskId> deferred) {
        Set<TaskId> later = Set.copyOf(deferred);
        world.hold();
        for (TaskId t : bootTasks(world.env().scenario())) {
            if (!later.contains(t)) {
                world.tell(t, new Command.Born(Boot.birth(t)));
            }
        }
        world.tell(Boot.firstTask(), new Command.Deliver(ActorId.WORLD, Boot.start(), 1)); // the world's one message
        world.release();
    }

    /**
     * Completes when the world is over: every task the world booted (and every forked one known by
     * then) has exited and nothing is in flight; with every object's final state.
     */
    public static CompletionStage<Outcome> finish(ActorSystem<?> system, LiveWorld world, Duration timeout, long started) {
        Executor ex = system.executionContext();
        List<CompletableFuture<Command.Exited>> exits = new ArrayList<>();
        for (TaskId t : bootTasks(world.env().scenario())) {
            // a task that exited may be passivated already: no need to make its actor again to ask
            exits.add(world.finalState(t) != null ? CompletableFuture.completedFuture(new Command.Exited(t))
                    : ask(system, world, t, Command.WhenExited::new, timeout));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new));
        CompletableFuture<Long> over = all.thenCombineAsync(world.quiet(), (v, steps) -> steps, ex);
        // a world that stops (a failed journal write, an interrupt) ends the wait at once, not at the timeout
        world.quiet().whenComplete((steps, t) -> {
            if (t != null) {
                over.completeExceptionally(t);
            }
        });
        return over
                .orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .thenComposeAsync(steps -> states(system, world, timeout), ex)
                .thenApplyAsync(states -> new Outcome(world.steps(), states,
                        Duration.ofNanos(System.nanoTime() - started)), ex);
    }

    /**
     * Asks object {@code id} ({@code question} made with the reply's address), told through the
     * registry like every message: an object being passivated then answers before it stops, or its
     * new actor does; an ask told to an actor ref got earlier could arrive after the actor stopped.
     * Completes exceptionally after {@code timeout}.
     */
    @SuppressWarnings("unchecked") // the reply actor takes what question's replyTo is typed for (R), or its own timeout
    public static <R> CompletableFuture<R> ask(ActorSystem<?> system, LiveWorld world, ActorId id,
                                               java.util.function.Function<ActorRef<R>, Command> question,
                                               Duration timeout) {
        CompletableFuture<R> answer = new CompletableFuture<>();
        Object expired = new Object();
        ActorRef<Object> reply = system.systemActorOf(Behaviors.setup(ctx -> {
            ctx.scheduleOnce(timeout, ctx.getSelf(), expired);
            return Behaviors.receiveMessage(m -> {
                if (m == expired) {
                    answer.completeExceptionally(new java.util.concurrent.TimeoutException(
                            id + " did not answer within " + timeout.toMillis() + " ms"));
                } else {
                    answer.complete((R) m);
                }
                return Behaviors.stopped();
            });
        }), "ask-" + ASKS.incrementAndGet(), Props.empty());
        world.registry().tell(id, question.apply(reply.narrow()));
        return answer;
    }

    private static final java.util.concurrent.atomic.AtomicLong ASKS = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Every object's current state, in the order the registry first addressed them: a gone object's
     * from the world's summary ({@link LiveWorld#finalState}; its actor may be passivated), the
     * others' asked of their actors.
     */
    public static CompletionStage<SequencedMap<ActorId, ObjectState>> states(ActorSystem<?> system, LiveWorld world,
                                                                            Duration timeout) {
        if (world.registry() instanceof StateSource src) {
            return src.states(); // objects on other JVMs: their states are read from the journal
        }
        Executor ex = system.executionContext();
        List<ActorId> ids = world.registry().known();
        List<CompletableFuture<Command.Current>> asks = new ArrayList<>(ids.size());
        for (ActorId id : ids) {
            ObjectState last = world.finalState(id);
            asks.add(last != null ? CompletableFuture.completedFuture(new Command.Current(id, last, -1))
                    : ask(system, world, id, Command.GetState::new, timeout));
        }
        return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).thenApplyAsync(v -> {
            LinkedHashMap<ActorId, ObjectState> m = new LinkedHashMap<>();
            for (CompletableFuture<Command.Current> a : asks) {
                Command.Current c = a.join();
                if (c.state() != null) {
                    m.put(c.id(), c.state());
                }
            }
            return m;
        }, ex);
    }
}
