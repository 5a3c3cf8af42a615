package bpflife.persistence;

import bpflife.actors.LiveRun;
import bpflife.actors.LocalRegistry;
import bpflife.actors.LiveWorld;
import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.ScenarioParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A live run that dies at a given step, as a process that is killed does: {@code halt}, no
 * shutdown, whatever was in flight lost. Run in its own JVM by the restart test:
 * {@code CrashingRun WORLD FILE.scn STEP} (journal settings from system properties).
 */
public final class CrashingRun {
    private CrashingRun() {}

    public static void main(String[] args) throws Exception {
        String name = args[0];
        Path file = Path.of(args[1]);
        long stopAt = Long.parseLong(args[2]);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Scenario sc = ScenarioParser.parse(file.toString(), text);
        Store store = Store.open();
        Duration timeout = Duration.ofSeconds(60);
        LiveRun.create(store.system(), LiveWorlds.meta(name, sc, text, Semantics.LINUX), timeout)
                .toCompletableFuture().get();
        LiveWorld w = new LiveWorld(name, new Env(sc, Semantics.LINUX), LocalRegistry.on(store.system()));
        w.listener((who, r) -> {
            if (w.steps() >= stopAt) {
                Runtime.getRuntime().halt(42);
            }
        });
        LiveRun.run(store.system(), w, timeout).toCompletableFuture().get();
        Runtime.getRuntime().halt(1); // the world ended before the step: the test wants a crash
    }
}
