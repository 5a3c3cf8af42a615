package bpflife.persistence;

import bpflife.actors.LiveRun;
import bpflife.actors.LiveWorld;
import bpflife.actors.LocalRegistry;
import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.ScenarioParser;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * For {@link RedoLogKillTest}, in its own JVM: {@code RedoLogChild WORLD FILE.scn} runs the world
 * live through the real journal (settings from system properties) and prints a line for each step
 * the journal acknowledged ({@code receiver sender channelSeq}), until the test kills it.
 */
public final class RedoLogChild {
    private RedoLogChild() {}

    public static void main(String[] args) throws Exception {
        String name = args[0];
        Path file = Path.of(args[1]);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Scenario sc = ScenarioParser.parse(file.toString(), text);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        Store store = Store.open();
        Duration timeout = Duration.ofSeconds(60);
        LiveRun.create(store.system(), LiveWorlds.meta(name, sc, text, Semantics.LINUX), timeout)
                .toCompletableFuture().get();
        LiveWorld w = new LiveWorld(name, new Env(sc, Semantics.LINUX), LocalRegistry.on(store.system()));
        out.println("START");
        w.listener((who, r) -> {
            synchronized (out) {
                out.println(RedoLogKillTest.key(r));
            }
        });
        LiveRun.run(store.system(), w, timeout).toCompletableFuture().get();
        out.println("END");
        Thread.sleep(Long.MAX_VALUE); // the test kills it
    }
}
