package bpflife.cli;

import bpflife.actors.LiveRun;
import bpflife.persistence.Audit;
import bpflife.persistence.JournalException;
import bpflife.persistence.Store;
import bpflife.persistence.UnknownWorldException;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * Where the durable journal is, for the commands that use it (picocli mixin). The database is
 * {@code --store h2|postgres}, else the configuration's {@code bpflife.store}: h2 (default, a file
 * under the data directory) or postgres (BPFLIFE_STORE=postgres, or -Dbpflife.store=postgres in
 * BPFLIFE_JAVA_OPTS, with BPFLIFE_PG_URL, BPFLIFE_PG_USER, BPFLIFE_PG_PASSWORD).
 */
final class StoreOptions {

    @Option(names = "--store", paramLabel = "h2|postgres",
            description = "The journal's database (default: bpflife.store or BPFLIFE_STORE, else h2: a file "
                    + "under --data-dir).")
    String store;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the H2 journal lives (default: bpflife-data, or BPFLIFE_DATA_DIR).")
    Path dataDir;

    /**
     * Opens the journal (saying so on a terminal), runs {@code body}, closes it; journal problems
     * become bad input (exit 2).
     */
    <T> T with(Function<Store, T> body) {
        return with(ConfigFactory.empty(), body);
    }

    /** As {@link #with(Function)}, with more settings ({@code bpflife.store}, ...) over the configuration. */
    <T> T with(Config overrides, Function<Store, T> body) {
        Config c = overrides;
        if (store != null) {
            String db = store.toLowerCase(Locale.ROOT);
            if (!db.equals("h2") && !db.equals("postgres")) {
                throw new BadInputException("--store is '" + store + "': use h2 or postgres");
            }
            c = c.withValue("bpflife.store", ConfigValueFactory.fromAnyRef(db));
        }
        if (dataDir != null) {
            c = c.withValue("bpflife.data-dir", ConfigValueFactory.fromAnyRef(dataDir.toString()));
        }
        // a journal that cannot be opened is a UserError naming it and the cause (exit 2), within seconds
        Config settings = c;
        Store store = JournalProgress.phase("opening the journal").during(() -> Store.open(settings));
        try (store) {
            return body.apply(store);
        } catch (UnknownWorldException | JournalException | Audit.NotFound | LiveRun.WorldExists e) {
            throw new BadInputException(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("bad world name")) {
                throw new BadInputException(e.getMessage(), e);
            }
            throw e;
        }
    }
}
