package bpflife.explore;

import bpflife.model.world.World;
import bpflife.protocol.ActorId;
import java.util.ArrayList;

/**
 * What changed in a runtime since a {@link StateInterner} last looked (including what an undo
 * changed back): objects whose state was set, made or unmade, channels whose contents changed,
 * and whether the dumps did. Repeats are possible; the order carries no meaning.
 */
final class ChangeLog implements World.Watcher {
    /** Who hears the changes when they are drained. */
    interface Sink {
        void object(ActorId id);

        void channel(Channel ch);

        void dumps();
    }

    private final ArrayList<ActorId> objects = new ArrayList<>();
    private final ArrayList<Channel> channels = new ArrayList<>();
    private boolean dumps;

    @Override
    public void object(ActorId id) {
        objects.add(id);
    }

    void channel(Channel ch) {
        channels.add(ch);
    }

    @Override
    public void dumps() {
        dumps = true;
    }

    /** Hands over everything that changed since the last call, and forgets it. */
    void drain(Sink to) {
        for (int i = 0; i < objects.size(); i++) {
            to.object(objects.get(i));
        }
        for (int i = 0; i < channels.size(); i++) {
            to.channel(channels.get(i));
        }
        if (dumps) {
            to.dumps();
        }
        objects.clear();
        channels.clear();
        dumps = false;
    }
}
