package bpflife.persistence;

/**
 * A stored world that cannot be read as it is: a row that does not deserialize, a sequence number
 * out of order, an entry that does not belong. Names the row (persistence id and sequence number)
 * so that it can be found; never skipped.
 */
public final class JournalException extends RuntimeException {
    @java.io.Serial
    private static final long serialVersionUID = 1L;

    private final String persistenceId;
    private final long sequenceNr;

    public JournalException(String persistenceId, long sequenceNr, String detail, Throwable cause) {
        super("journal row " + persistenceId + " #" + sequenceNr + ": " + detail, cause);
        this.persistenceId = persistenceId;
        this.sequenceNr = sequenceNr;
    }

    public String persistenceId() {
        return persistenceId;
    }

    public long sequenceNr() {
        return sequenceNr;
    }
}
