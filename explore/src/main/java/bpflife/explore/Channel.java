package bpflife.explore;

import bpflife.protocol.ActorId;
import bpflife.protocol.Msg;
import java.util.ArrayDeque;

/**
 * The FIFO of messages from one sender to one receiver. Only its head can be delivered; the
 * scheduler chooses among the heads of all non-empty channels.
 */
public final class Channel {
    final ActorId sender;
    final ActorId receiver;
    /**
     * Creation order: the stable order in which enabled channels are offered to a scheduler; -1
     * while unborn (its creation was undone, see {@link DeterministicRuntime#undoTo}).
     */
    int index;
    final ArrayDeque<Msg> queue = new ArrayDeque<>(2);
    /** For each queued message, the position of the step that sent it (0: the world, before step 1). */
    final ArrayDeque<Long> sentAt = new ArrayDeque<>(2);
    /** Messages delivered so far: the head's number on this channel is delivered + 1. */
    long delivered;
    /** This channel's position in a {@link StateInterner}'s vector, once it has one. */
    int slot = -1;

    Channel(ActorId sender, ActorId receiver, int index) {
        this.sender = sender;
        this.receiver = receiver;
        this.index = index;
    }

    /** A deep copy: the same messages, numbers and creation index (for snapshots). */
    Channel copy() {
        Channel c = new Channel(sender, receiver, index);
        c.queue.addAll(queue);
        c.sentAt.addAll(sentAt);
        c.delivered = delivered;
        return c;
    }

    public ActorId sender() {
        return sender;
    }

    public ActorId receiver() {
        return receiver;
    }

    /** The number the head message has on this channel (from 1). */
    public long headSeq() {
        return delivered + 1;
    }

    /** The position of the step that sent the head message (0 for the world's own). */
    public long headSentAt() {
        return sentAt.peekFirst();
    }

    public Msg head() {
        return queue.peekFirst();
    }

    public int size() {
        return queue.size();
    }
}
