package bpflife.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pekko.serialization.jackson.JacksonMigration;

/**
 * The versions of the journal's types. Pekko writes the version into each row's manifest
 * ({@code bpflife.protocol.StepRecord#1}); a later version adds a class here whose
 * {@code transform} reads the older rows, so old worlds stay readable.
 */
public final class JournalVersions {
    private JournalVersions() {}

    /** Version 1: the records as {@link bpflife.explore.JournalJson} writes them. */
    public static final class V1 extends JacksonMigration {
        @Override
        public int currentVersion() {
            return 1;
        }

        @Override
        public JsonNode transform(int fromVersion, JsonNode json) {
            return json;
        }
    }
}
