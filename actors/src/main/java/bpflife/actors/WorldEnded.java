package bpflife.actors;

/**
 * How a world's run ended, written to the world's own journal ({@code NAME|world}) after its
 * {@link WorldCreated}. A world with no such entry is still running, or its process was killed
 * (or, if its creation has no scenario hash, it was recorded before worlds had a status).
 *
 * @param world  the world's name
 * @param status how it ended
 * @param steps  the steps durable in the journal when it ended
 * @param reason in words: why it ended so ("the duration is over", the journal's error)
 */
public record WorldEnded(String world, Status status, long steps, String reason) implements WorldEntry {

    /** A world's status; {@link #RUNNING} and {@link #UNKNOWN} are never written, only read. */
    public enum Status {
        /** created, not ended (or its process was killed) */
        RUNNING,
        /** every task exited, nothing in flight */
        COMPLETE,
        /** stopped on purpose before the end (a load's --duration or --ops): its steps are a prefix */
        STOPPED,
        /** stopped by SIGINT: its acknowledged steps are a prefix */
        INTERRUPTED,
        /** a journal write failed: its durable steps are a prefix */
        FAILED,
        /** recorded before worlds carried a status */
        UNKNOWN;

        /** Lower case, as printed. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Whether the world's steps end before its run did: a replay of them is a prefix. */
        public boolean prefix() {
            return this == STOPPED || this == INTERRUPTED || this == FAILED || this == RUNNING;
        }
    }
}
