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
 * A live run in its own JVM that a test ends at a given step, as a process that is killed ends:
 * {@code CrashingRun WORLD FILE.scn STEP [say]} (journal settings from system properties).
 * Without {@code say} it halts itself once STEP steps are persisted (no shutdown, whatever was in
 * flight lost; exit 42; the restart test). With {@code say} it prints {@code at STEP} once that many
 * are persisted and goes on until the test kills it with SIGKILL (the tell-when-queued test); it
 * prints {@code ended} if the run ends first. A run that ends before its step exits 1.
 */
public final class CrashingRun {
    private CrashingRun() {}

    public static void main(String[] args) throws Exception {
        String name = args[0];
        Path file = Path.of(args[1]);
        long at = Long.parseLong(args[2]);
        boolean say = args.length > 3 && args[3].equals("say");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Scenario sc = ScenarioParser.parse(file.toString(), text);
        Store store = Store.open();
        Duration timeout = Duration.ofSeconds(60);
        LiveRun.create(store.system(), LiveWorlds.meta(name, sc, text, Semantics.LINUX), timeout)
                .toCompletableFuture().get();
        LiveWorld w = new LiveWorld(name, new Env(sc, Semantics.LINUX), LocalRegistry.on(store.system()));
        w.listener((who, r) -> {
            if (say && w.steps() == at) {
                System.out.println("at " + at);
                System.out.flush();
            } else if (!say && w.steps() >= at) {
                Runtime.getRuntime().halt(42);
            }
        });
        LiveRun.run(store.system(), w, timeout).toCompletableFuture().get();
        if (say) {
            System.out.println("ended");
            System.out.flush();
        }
        Runtime.getRuntime().halt(1); // the world ended before the step: the test wanted it ended there
    }
}
