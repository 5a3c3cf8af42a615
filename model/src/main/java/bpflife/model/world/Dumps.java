package bpflife.model.world;

import bpflife.protocol.ActorId;
import bpflife.protocol.Event;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What each session's readers got so far: the concatenation of its reads, how many objects its
 * target showed in its last batch (the dump's expected length), and whether a read returned EOF.
 * Part of the world's state (two worlds with different dumps differ); changes are logged to the
 * world's undo log.
 */
final class Dumps {
    private final World world;
    private final Map<ActorId, StringBuilder> texts = new LinkedHashMap<>();
    private final Set<ActorId> eof = new LinkedHashSet<>();
    private final Map<ActorId, Integer> shown = new HashMap<>();

    Dumps(World world) {
        this.world = world;
    }

    /** Adds a read's bytes to the session's dump; true if this read is the session's first EOF. */
    boolean read(ActorId session, Event.SessionRead r) {
        StringBuilder text = texts.get(session);
        boolean fresh = text == null;
        if (fresh) {
            text = new StringBuilder();
            texts.put(session, text);
        }
        int length = text.length();
        text.append(r.returned());
        Integer shownBefore = shown.get(session);
        if (r.objects() >= 0) {
            shown.put(session, r.objects());
        }
        boolean ended = r.returned().isEmpty() && r.ended() && eof.add(session);
        world.dumpsChanged();
        if (world.recording()) {
            StringBuilder dump = text;
            world.log(() -> {
                if (fresh) {
                    texts.remove(session);
                } else {
                    dump.setLength(length);
                }
                if (shownBefore == null) {
                    shown.remove(session);
                } else {
                    shown.put(session, shownBefore);
                }
                if (ended) {
                    eof.remove(session);
                }
                world.dumpsChanged();
            });
        }
        return ended;
    }

    String text(ActorId session) {
        return texts.get(session).toString();
    }

    int shown(ActorId session) {
        return shown.getOrDefault(session, -1);
    }

    Map<ActorId, String> texts() {
        Map<ActorId, String> out = new LinkedHashMap<>();
        texts.forEach((k, v) -> out.put(k, v.toString()));
        return out;
    }

    Set<ActorId> eof() {
        return Set.copyOf(eof);
    }

    /** The dumps, their object counts and which reached EOF, canonical (by session). */
    SortedMap<ActorId, World.DumpKey> key() {
        TreeMap<ActorId, World.DumpKey> key = new TreeMap<>();
        texts.forEach((k, v) -> key.put(k, new World.DumpKey(v.toString(), shown(k), eof.contains(k))));
        shown.forEach((k, v) -> key.putIfAbsent(k, new World.DumpKey("", v, eof.contains(k))));
        return key;
    }
}
