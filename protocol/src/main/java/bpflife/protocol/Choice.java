package bpflife.protocol;

/**
 * One scheduling decision, named stably: deliver the message number {@code seq} (from 1) of the
 * channel from {@code sender} to {@code receiver}. A schedule is a list of these; so is a journal
 * read for its (receiver, sender, channelSeq).
 */
public record Choice(ActorId receiver, ActorId sender, long seq) {

    /** {@code link:setup.3 <- task:setup #2}, the form schedule files use. */
    @Override
    public String toString() {
        return receiver.key() + " <- " + sender.key() + " #" + seq;
    }

    public static Choice of(StepRecord r) {
        return new Choice(r.receiver(), r.sender(), r.channelSeq());
    }
}
