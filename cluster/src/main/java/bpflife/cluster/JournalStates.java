package bpflife.cluster;

import bpflife.actors.ObjectBehavior;
import bpflife.model.ObjectState;
import bpflife.model.world.Boot;
import bpflife.persistence.Store;
import bpflife.persistence.WorldStream;
import bpflife.protocol.ActorId;
import java.util.LinkedHashMap;
import java.util.SequencedMap;

/**
 * Every object's state at the end of a world, folded from the journal with the live objects' own
 * fold ({@link ObjectBehavior#fold}): a cluster's objects are on other JVMs and their states do not
 * travel. In the order the world first made or stepped each object. Fails, naming the channel, if a
 * message was taken twice ({@link Delivered}).
 */
final class JournalStates {
    private JournalStates() {}

    /** Every object's final state, and the first channel that took more than was sent ({@link Delivered}), or null. */
    record Folded(SequencedMap<ActorId, ObjectState> states, String duplicate) {}

    static SequencedMap<ActorId, ObjectState> read(Store store, String world) {
        Folded f = fold(store, world);
        if (f.duplicate() != null) {
            // the load reports it as a failed check ("every object's final state read"), with this line
            throw new IllegalStateException("a message was taken twice (a node-loss recovery re-sent a message "
                    + "whose original was late): " + f.duplicate());
        }
        return f.states();
    }

    /** The fold alone, the duplicate check's finding returned, not thrown (a test's forged message). */
    static Folded fold(Store store, String world) {
        LinkedHashMap<ActorId, ObjectState> states = new LinkedHashMap<>();
        Delivered delivered = new Delivered();
        try (WorldStream ws = WorldStream.open(store, world)) {
            while (ws.hasNext()) {
                switch (ws.next()) {
                    case WorldStream.Born b -> states.put(b.id(), ObjectBehavior.fold(null, b.birth()));
                    case WorldStream.Step s -> {
                        delivered.step(s.record());
                        ActorId id = s.record().receiver();
                        ObjectState before = states.containsKey(id) ? states.get(id) : Boot.initial(id);
                        states.put(id, ObjectBehavior.fold(before, s.record()));
                    }
                    case WorldStream.Created c -> { }
                    case WorldStream.Ended e -> { }
                }
            }
        }
        return new Folded(states, delivered.duplicate());
    }
}
