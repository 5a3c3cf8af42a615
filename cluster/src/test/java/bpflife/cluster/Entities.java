package bpflife.cluster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.sharding.ShardRegion;

/**
 * A world's entities as the live nodes' shard regions report them (Pekko's own
 * {@code GetShardRegionState}, asked from the test's JVM): what a node keeps running, whatever
 * bpflife thinks it passivated.
 */
final class Entities implements AutoCloseable {
    private final ActorSystem classic;
    private final NodeProcesses nodes;
    private final String world;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "entity-sampler");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger max = new AtomicInteger();
    private final AtomicInteger samples = new AtomicInteger();
    private volatile String failure;

    Entities(org.apache.pekko.actor.typed.ActorSystem<?> system, NodeProcesses nodes, String world) {
        this.classic = Adapter.toClassic(system);
        this.nodes = nodes;
        this.world = world;
    }

    /** The world's entities on every live node now (tasks and other objects); {@code ids}: their ids, if not null. */
    int count(java.util.Collection<String> ids) throws Exception {
        int n = 0;
        String prefix = world + "|";
        for (NodeProcesses.Node node : nodes.nodes) {
            if (!node.process().isAlive()) {
                continue;
            }
            for (String region : new String[] {Shards.TASKS.name(), Shards.OBJECTS.name()}) {
                Object st = org.apache.pekko.pattern.Patterns.ask(
                                classic.actorSelection("pekko://bpflife@127.0.0.1:" + node.port() + "/system/sharding/" + region),
                                ShardRegion.getShardRegionStateInstance(), Duration.ofSeconds(10))
                        .toCompletableFuture().get(15, TimeUnit.SECONDS);
                for (ShardRegion.ShardState s : ((ShardRegion.CurrentShardRegionState) st).getShards()) {
                    for (String e : s.getEntityIds()) {
                        if (e.startsWith(prefix)) {
                            n++;
                            if (ids != null) {
                                ids.add(e.substring(prefix.length()));
                            }
                        }
                    }
                }
            }
        }
        return n;
    }

    /** Samples the count every {@code every} from now on, keeping the largest ({@link #max}). */
    Entities sample(Duration every) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                max.accumulateAndGet(count(null), Math::max);
                samples.incrementAndGet();
            } catch (Exception e) {
                failure = e.toString(); // a node killed between the liveness check and the ask
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    int max() {
        return max.get();
    }

    int samples() {
        return samples.get();
    }

    String failure() {
        return failure;
    }

    /** Completes once {@code done} holds, checked every 200 ms; fails after {@code timeout}. */
    static void await(BooleanSupplier done, Duration timeout, java.util.function.Supplier<String> what) throws Exception {
        CompletableFuture<Void> f = new CompletableFuture<>();
        ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor();
        try {
            t.scheduleWithFixedDelay(() -> {
                try {
                    if (done.getAsBoolean()) {
                        f.complete(null);
                    }
                } catch (RuntimeException e) {
                    f.completeExceptionally(e);
                }
            }, 0, 200, TimeUnit.MILLISECONDS);
            f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(what.get() + ": not within " + timeout.toSeconds() + " s", e);
        } finally {
            t.shutdownNow();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
