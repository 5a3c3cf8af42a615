package bpflife.loadtest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.loadtest.report.Check;
import bpflife.loadtest.report.LoadSummary;
import bpflife.model.Semantics;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("load on H2 (embedded file)")
class H2LoadRunTest extends LoadRunContract {
    private final Path dir;

    H2LoadRunTest() {
        try {
            dir = Files.createTempDirectory("bpflife-load-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    Config journal() {
        return ConfigFactory.empty()
                .withValue("bpflife.store", ConfigValueFactory.fromAnyRef("h2"))
                .withValue("bpflife.data-dir", ConfigValueFactory.fromAnyRef(dir.toString()));
    }

    @Override
    String world(String name) {
        return name;
    }

    /** The store closed, its H2 files go. */
    @Override
    @AfterAll
    void close() throws IOException {
        super.close();
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Under the RFC design where a session runs its link's current prog at each read, an update
     * during a dump mixes two progs in it: the balance check must fail and say so. (The bug-*
     * variants need races this workload rarely or never makes: bug-inc-not-zero a link dying while
     * it is looked up by id, but the workload's links are always pinned or held.)
     */
    @Test
    void aRunUnderADesignThatMixesDumpsFailsTheBalanceCheck() {
        LoadSummary r = LoadRun.run(store, settings(world("load-rfc"), Semantics.byName("rfc-seqfile-holds-link"), 7),
                p -> { });
        assertFalse(r.balanced(), "seed 7: the balance check passed under rfc-seqfile-holds-link:\n" + checks(r));
        Check dumps = r.checks().stream().filter(c -> c.name().startsWith("every dump read to EOF")).findFirst()
                .orElseThrow();
        assertFalse(dumps.passed(), "seed 7:\n" + checks(r));
        assertTrue(dumps.detail().contains("upd_p"), "the mixed dump names the updater's prog: " + dumps.detail());
    }
}
