package bpflife.persistence;

import bpflife.actors.LiveRun;
import bpflife.actors.LocalRegistry;
import bpflife.actors.LiveWorld;
import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.ScenarioParser;
import bpflife.protocol.StepRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A live run in its own JVM that a test ends as a process that is killed ends: {@code CrashingRun
 * WORLD FILE.scn STEP [halt|say|log]} (journal settings from system properties).
 * <ul>
 * <li>{@code halt} (the default): it halts itself once STEP steps are persisted (no shutdown,
 *     whatever was in flight lost; exit 42; the restart test);
 * <li>{@code say}: it prints {@code at STEP} once that many are persisted and goes on until the test
 *     kills it with SIGKILL (the tell-when-queued test);
 * <li>{@code log}: it prints each step as the journal acknowledges it ({@link #key}) until the test
 *     kills it (the redo log test; STEP is not used).
 * </ul>
 * A run that ends first prints {@code ended} (say, log) and halts with exit 1: a halt, not a close of
 * the journal, so what it leaves is what a kill leaves.
 */
public final class CrashingRun {
    private CrashingRun() {}

    /** A step as {@code log} prints it and a test finds it in the journal. */
    static String key(StepRecord r) {
        return r.receiver() + " " + r.sender() + " " + r.channelSeq();
    }

    public static void main(String[] args) throws Exception {
        String name = args[0];
        Path file = Path.of(args[1]);
        long at = Long.parseLong(args[2]);
        String mode = args.length > 3 ? args[3] : "halt";
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Scenario sc = ScenarioParser.parse(file.toString(), text);
        Store store = Store.open();
        Duration timeout = Duration.ofSeconds(60);
        LiveRun.create(store.system(), LiveWorlds.meta(name, sc, text, Semantics.LINUX), timeout)
                .toCompletableFuture().get();
        LiveWorld w = new LiveWorld(name, new Env(sc, Semantics.LINUX), LocalRegistry.on(store.system()));
        w.listener((who, r) -> {
            switch (mode) {
                case "log" -> say(key(r));
                case "say" -> {
                    if (w.steps() == at) {
                        say("at " + at);
                    }
                }
                default -> {
                    if (w.steps() >= at) {
                        Runtime.getRuntime().halt(42);
                    }
                }
            }
        });
        LiveRun.run(store.system(), w, timeout).toCompletableFuture().get();
        if (!mode.equals("halt")) {
            say("ended");
        }
        Runtime.getRuntime().halt(1); // the world ended before the test ended it
    }

    /** One line on stdout, whole and at once: the test reads it while the run goes on. */
    private static void say(String line) {
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
        }
    }
}
