package bpflife.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;

@DisplayName("journal on H2 (embedded file)")
class H2JournalTest extends JournalContract {
    private final Path dir;

    H2JournalTest() {
        try {
            dir = Files.createTempDirectory("bpflife-h2-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The store closed, its H2 files go (a test run writes a gigabyte or so). */
    @Override
    @org.junit.jupiter.api.AfterAll
    void close() {
        super.close();
        try {
            removeFiles();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void removeFiles() throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Override
    Config journal() {
        return ConfigFactory.empty()
                .withValue("bpflife.store", ConfigValueFactory.fromAnyRef("h2"))
                .withValue("bpflife.data-dir", ConfigValueFactory.fromAnyRef(dir.toString()));
    }

    @Override
    Config journalFor(String purpose) {
        return journal().withValue("bpflife.data-dir", ConfigValueFactory.fromAnyRef(dir.resolve(purpose).toString()));
    }
}
