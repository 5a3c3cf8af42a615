package bpflife.cluster;

import bpflife.protocol.ActorId;
import bpflife.protocol.Msg;
import bpflife.protocol.StepRecord;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The messages between a driver and the nodes of a cluster (beside the objects' own
 * {@link bpflife.actors.Command}s), each serialized by {@link WireSerializer}: Java serialization is
 * off. Refs travel as their path.
 */
public sealed interface Wire {

    /** To a node's agent: world {@code world} is run by {@code driver}; objects of it may start here. */
    record OpenWorld(String world, ActorRef<Wire> driver, ActorRef<Wire> replyTo) implements Wire {}

    /** A node has the world open. */
    record Opened(String world, String node) implements Wire {}

    /** To a node's agent: the world is over; its objects here are passivated. */
    record CloseWorld(String world) implements Wire {}

    /** To a node's agent: its counters for the world, for the driver's quiescence and stall checks. */
    record Count(String world, ActorRef<Wire> replyTo) implements Wire {}

    /**
     * A node's counters for a world: commands told from here, commands told from here minus those
     * handled here (can be negative: others' messages are handled here), steps persisted here and
     * steps fed to the driver, commands held back during a recovery.
     */
    record Counts(String world, String node, long told, long inFlight, long steps, long fed, long held)
            implements Wire {}

    /** Steps persisted on a node, in the order it persisted them (what the driver's feed takes: {@link Fed} on the wire). */
    record Steps(String world, String node, List<StepRecord> records) implements Wire {}

    /**
     * To the driver: steps persisted on a node, as {@link FeedFrames} writes them (CBOR, whole steps
     * in order, under Artery's frame size); a step too large for one message comes in parts, each
     * but the last with {@code last} false and {@code records} 0.
     */
    record Fed(String world, String node, int records, byte[] bytes, boolean last) implements Wire {
        @Override
        public boolean equals(Object o) {
            return o instanceof Fed f && world.equals(f.world) && node.equals(f.node) && records == f.records
                    && java.util.Arrays.equals(bytes, f.bytes) && last == f.last;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(world, node, records, java.util.Arrays.hashCode(bytes), last);
        }

        @Override
        public String toString() {
            return "Fed[" + world + ", " + node + ", " + records + " steps, " + bytes.length + " bytes, last " + last + "]";
        }
    }

    /**
     * To the driver: a task's start, which the driver's start gate decides on (as on one JVM);
     * {@code n}, its number on its channel ({@link bpflife.actors.Command.Deliver#n}).
     */
    record Started(String world, ActorId task, ActorId sender, Msg start, long n) implements Wire {}

    /** To an object's entity: passivate (the world is over); its journal stays. */
    record Close() implements Wire {}

    /** To a node's agent: hold every command for the world (a node was lost; the driver recovers). */
    record Pause(String world, ActorRef<Wire> replyTo) implements Wire {}

    /** A node holds its commands for the world: {@code held} per channel ("sender>receiver" -> count). */
    record Paused(String world, String node, java.util.Map<String, Long> held) implements Wire {}

    /** To a node's agent: send the births held (before a recovery's re-sent messages; they overtake nothing). */
    record ReleaseBirths(String world) implements Wire {}

    /** To a node's agent: let the held commands go, in order. */
    record Unpause(String world) implements Wire {}
}
