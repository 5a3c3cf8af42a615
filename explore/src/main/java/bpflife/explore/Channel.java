package bpflife.explore;

import bpflife.protocol.ActorId;
import bpflife.protocol.Msg;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

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

    private static final Comparator<Channel> BY_INDEX = (a, b) -> Integer.compare(a.index, b.index);

    /** Adds {@code ch} to {@code enabled}, kept in creation order. */
    static void insert(List<Channel> enabled, Channel ch) {
        enabled.add(-Collections.binarySearch(enabled, ch, BY_INDEX) - 1, ch);
    }

    /** The position of {@code ch} in {@code enabled} (kept in creation order), or a negative number. */
    static int find(List<Channel> enabled, Channel ch) {
        return Collections.binarySearch(enabled, ch, BY_INDEX);
    }

    /** Removes {@code ch} from {@code enabled}, kept in creation order. */
    static void remove(List<Channel> enabled, Channel ch) {
        enabled.remove(Collections.binarySearch(enabled, ch, BY_INDEX));
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
