package bpflife.persistence;

import bpflife.explore.JournalJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Locale;
import org.apache.pekko.serialization.jackson.JacksonMigration;

/**
 * The versions of the journal's types. Pekko writes the version into each row's manifest
 * ({@code bpflife.protocol.StepRecord#2}); {@link Current#transform} reads the rows of earlier
 * versions, or refuses them, so that an old world is either read exactly or not at all.
 *
 * <ul>
 * <li>Format 1: a task's system call journaled as numbered stages over a generic frame
 *     ({@code SyscallProgressed} with a {@code frame}).</li>
 * <li>Format 2: the call's typed state ({@code SyscallMoved} with a {@code state} such as
 *     {@code "LinkUpdate.Updating"}), and BPF_LINK_CREATE's fault as an enum.</li>
 * </ul>
 *
 * <p>A format-1 row without a frame (every row of an object that is not a task, and a task's rows
 * with no call waiting in the kernel) means the same in format 2 once a LINK_CREATE's fault
 * ({@code "idr"}, {@code "file"}) is written as the enum's name, and is read so. A row with a frame
 * is refused ({@link Unreadable}): a frame's numbered stage and registers cannot be turned into a
 * typed state without running the old stage machine, so no exact migration exists.
 *
 * <p>The format is the tree's; the encoding is the serializer named by each row's id: {@code
 * bpflife-cbor} (7402, short names, {@link CompactJournal}) since issue 16, {@code jackson-cbor}
 * (33, full names) and {@code jackson-json} (31) before. Every one of them is still read, each by its
 * own serializer; format 1 was written only with full names, so its migration reads full names.
 */
public final class JournalVersions {
    private JournalVersions() {}

    /** The journal format this bpflife writes and reads: a row is a journal line's tree. */
    public static final int FORMAT = JournalJson.FORMAT;

    /** Why a world written by an earlier format cannot be read. */
    public static final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unreadable(int fromVersion) {
            super("written by journal format " + fromVersion + " (numbered syscall stages); this bpflife reads format "
                    + FORMAT);
        }
    }

    /** Format 2, for every journaled type (steps, births, the world's creation). */
    public static final class Current extends JacksonMigration {
        @Override
        public int currentVersion() {
            return FORMAT;
        }

        @Override
        public JsonNode transform(int fromVersion, JsonNode json) {
            if (fromVersion == 1) {
                if (holdsFrame(json.get("events"))) {
                    throw new Unreadable(fromVersion);
                }
                upperCaseFaults(json);
            }
            return json;
        }

        /** Format 1 wrote BPF_LINK_CREATE's fault as "idr" / "file"; format 2 as the enum's name. */
        private static void upperCaseFaults(JsonNode n) {
            if (n instanceof ObjectNode o && "LinkCreate".equals(o.path("type").asText())
                    && o.get("fault") instanceof TextNode f) {
                o.put("fault", f.asText().toUpperCase(Locale.ROOT));
            }
            for (JsonNode child : n) {
                upperCaseFaults(child);
            }
        }

        private static boolean holdsFrame(JsonNode events) {
            if (events == null) {
                return false;
            }
            for (JsonNode e : events) {
                if (e.has("frame")) {
                    return true;
                }
            }
            return false;
        }
    }
}
