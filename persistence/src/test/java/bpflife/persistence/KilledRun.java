package bpflife.persistence;

import bpflife.actors.LiveRun;
import bpflife.actors.LiveWorld;
import bpflife.actors.LocalRegistry;
import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.ScenarioParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A live run that says {@code at N} on stdout once N steps are persisted, and goes on until the
 * test kills it (SIGKILL): {@code KilledRun WORLD FILE.scn N} (journal settings from system
 * properties). Says {@code ended} if the run ends first.
 */
public final class KilledRun {
    private KilledRun() {}

    public static void main(String[] args) throws Exception {
        String name = args[0];
        Path file = Path.of(args[1]);
        long at = Long.parseLong(args[2]);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Scenario sc = ScenarioParser.parse(file.toString(), text);
        Store store = Store.open();
        Duration timeout = Duration.ofSeconds(60);
        LiveRun.create(store.system(), LiveWorlds.meta(name, sc, text, Semantics.LINUX), timeout)
                .toCompletableFuture().get();
        LiveWorld w = new LiveWorld(name, new Env(sc, Semantics.LINUX), LocalRegistry.on(store.system()));
        w.listener((who, r) -> {
            if (w.steps() == at) {
                System.out.println("at " + at);
                System.out.flush();
            }
        });
        LiveRun.run(store.system(), w, timeout).toCompletableFuture().get();
        System.out.println("ended");
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
