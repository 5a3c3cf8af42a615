package bpflife.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.persistence.Store;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -Dconfig.file} (and so application.conf) is honoured as Pekko users expect: its bpflife
 * settings choose the journal, its Pekko settings reach the actor system, and a system property
 * still wins over it.
 */
@DisplayName("-Dconfig.file / application.conf")
class ConfigFileTest {
    @TempDir
    Path tmp;

    private static void withConfigFile(Path file, Runnable body) {
        String before = System.getProperty("config.file");
        System.setProperty("config.file", file.toString());
        ConfigFactory.invalidateCaches(); // the configuration caches the application file and system properties
        try {
            body.run();
        } finally {
            if (before == null) {
                System.clearProperty("config.file");
            } else {
                System.setProperty("config.file", before);
            }
            ConfigFactory.invalidateCaches();
        }
    }

    @Test
    @DisplayName("the file's bpflife.data-dir is where the journal goes; its pekko.* settings reach the actor system")
    void configFileIsRead() throws Exception {
        Path data = tmp.resolve("from-conf");
        Path conf = Files.writeString(tmp.resolve("my.conf"), "bpflife.data-dir = \"" + data + "\"\n"
                + "bpflife.load.pins = 7\n"
                + "pekko.actor.default-dispatcher.throughput = 17\n");
        withConfigFile(conf, () -> {
            Cli r = Cli.run("run", Cli.scenario("rm-during-cats.scn"), "--live", "--world", "conf");
            assertEquals(0, r.code(), r::toString);
            assertTrue(r.out().contains("(h2 " + data.resolve("journal")), r::toString);
            assertTrue(Files.exists(data.resolve("journal.mv.db")), "the journal is under the file's data-dir");
            try (Store s = Store.open()) {
                assertEquals(17, s.system().settings().config().getInt("pekko.actor.default-dispatcher.throughput"));
            }
            assertEquals(7, bpflife.loadtest.LoadSettings.defaults().getInt("pins"), "load's defaults too");
        });
    }
}
