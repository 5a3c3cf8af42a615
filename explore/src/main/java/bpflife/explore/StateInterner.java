package bpflife.explore;

import bpflife.model.ObjectState;
import bpflife.protocol.ActorId;
import bpflife.protocol.Msg;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

/**
 * Numbers the world's states exactly and compactly, as Spin's COLLAPSE compression does: each
 * object state, each channel's contents and the dumps are numbered by an intern table of their
 * own; the world is then a vector of those numbers, one position per object and per channel (a
 * position is given to an object or channel the first time it is seen, so the same world always
 * gives the same vector, whatever order its objects were made in); the vector is cut into chunks
 * of {@value #CHUNK} positions, each chunk numbered in turn, and the short vector of chunk numbers
 * is what the visited set stores.
 *
 * <p>Two worlds get the same number if and only if they have equal object states (by
 * {@code equals}), equal messages in every channel and equal dumps: the same equality as
 * {@link DeterministicRuntime#stateKey()} plus the dumps. Nothing is hashed away, so there are no
 * omissions as with hash compaction or bitstate hashing.
 *
 * <p>Only what changed is interned again: an object whose state is the same instance as last
 * time, a channel or the dumps whose version did not move, reuse their numbers.
 */
final class StateInterner {
    static final int CHUNK = 8;

    private record ChannelKey(ActorId sender, ActorId receiver) {}

    private final HashMap<Object, Integer> slots = new HashMap<>();
    private final List<ActorId> channelReceivers = new ArrayList<>();
    private final HashMap<ObjectState, Integer> objectNumbers = new HashMap<>();
    private final HashMap<List<Msg>, Integer> queueNumbers = new HashMap<>();
    private final HashMap<Object, Integer> dumpNumbers = new HashMap<>();
    private final IntTuples chunks = new IntTuples();
    private final IntTuples worlds = new IntTuples();
    private Object[] lastObject = new Object[64];
    private long[] lastVersion = new long[64];
    private int[] lastNumber = new int[64];
    private int[] vector = new int[64];
    private int[] top = new int[8];
    /** The last world's vector ({@code top} holds its chunk numbers), to re-intern only the chunks that changed. */
    private int[] previous = new int[64];
    private int previousChunks;
    /** Per position in the runtime's list of objects: the id seen there last time, and its slot. */
    private ActorId[] createdIds = new ActorId[64];
    private int[] createdSlots = new int[64];
    private long dumpsVersion = -1;
    private int dumpsNumber;

    /** Slot 0 is the dumps'. */
    StateInterner() {
        slots.put("dumps", 0);
    }

    /** The world's number (from 0, in order of first sight); {@link #added()} tells whether it is new. */
    int intern(DeterministicRuntime rt) {
        int n = slots.size();
        if (vector.length < n) {
            vector = new int[Math.max(n, vector.length * 2)];
        }
        Arrays.fill(vector, 0, n, 0);
        if (rt.dumpsVersion() != dumpsVersion) {
            dumpsVersion = rt.dumpsVersion();
            dumpsNumber = number(dumpNumbers, rt.dumpsKey());
        }
        vector[0] = dumpsNumber;
        List<ActorId> objects = rt.objects();
        if (createdIds.length < objects.size()) {
            createdIds = Arrays.copyOf(createdIds, Math.max(objects.size(), createdIds.length * 2));
            createdSlots = Arrays.copyOf(createdSlots, createdIds.length);
        }
        for (int i = 0; i < objects.size(); i++) {
            ActorId id = objects.get(i);
            if (createdIds[i] != id) {
                createdIds[i] = id;
                createdSlots[i] = slot(id);
            }
            int s = createdSlots[i];
            ObjectState st = rt.state(id);
            if (lastObject[s] != st) {
                lastObject[s] = st;
                lastNumber[s] = number(objectNumbers, st);
            }
            vector[s] = lastNumber[s];
        }
        for (Channel ch : rt.enabled()) {
            int s = slot(ch);
            if (lastObject[s] != ch || lastVersion[s] != ch.version) {
                lastObject[s] = ch;
                lastVersion[s] = ch.version;
                lastNumber[s] = number(queueNumbers, List.copyOf(ch.queue));
            }
            vector[s] = lastNumber[s];
        }
        n = slots.size();
        int chunkCount = (n + CHUNK - 1) / CHUNK;
        if (vector.length < chunkCount * CHUNK) {
            vector = Arrays.copyOf(vector, chunkCount * CHUNK);
        }
        if (top.length < chunkCount) {
            top = Arrays.copyOf(top, Math.max(chunkCount, top.length * 2));
        }
        if (previous.length < vector.length) {
            previous = Arrays.copyOf(previous, vector.length);
        }
        int length = 0;
        for (int c = 0; c < chunkCount; c++) {
            int from = c * CHUNK;
            int to = Math.min(n, from + CHUNK);
            // a chunk's numbers do not depend on how many slots exist yet: pad with zeros
            Arrays.fill(vector, to, from + CHUNK, 0);
            if (c < previousChunks && Arrays.equals(vector, from, from + CHUNK, previous, from, from + CHUNK)) {
                // unchanged since the last world (the search's next world is usually one step away)
            } else {
                boolean zero = true;
                for (int i = from; i < from + CHUNK && zero; i++) {
                    zero = vector[i] == 0;
                }
                top[c] = zero ? 0 : chunks.add(vector, from, CHUNK) + 1;
                System.arraycopy(vector, from, previous, from, CHUNK);
            }
            if (top[c] != 0) {
                length = c + 1;
            }
        }
        previousChunks = chunkCount;
        return worlds.add(top, length);
    }

    /** Whether the last {@link #intern} saw a world for the first time. */
    boolean added() {
        return worlds.added();
    }

    /** Distinct worlds seen. */
    int size() {
        return worlds.size();
    }

    /** The channel's position in the vector (stable for the whole search). */
    int slot(Channel ch) {
        if (ch.slot < 0) {
            ch.slot = slot(new ChannelKey(ch.sender, ch.receiver));
            while (channelReceivers.size() <= ch.slot) {
                channelReceivers.add(null);
            }
            channelReceivers.set(ch.slot, ch.receiver);
        }
        return ch.slot;
    }

    /** The receiver of the channel at {@code slot}. */
    ActorId receiver(int slot) {
        return channelReceivers.get(slot);
    }

    private int slot(Object key) {
        Integer s = slots.get(key);
        if (s == null) {
            s = slots.size();
            slots.put(key, s);
            if (s >= lastObject.length) {
                lastObject = Arrays.copyOf(lastObject, s * 2);
                lastVersion = Arrays.copyOf(lastVersion, s * 2);
                lastNumber = Arrays.copyOf(lastNumber, s * 2);
            }
            if (s >= vector.length) {
                vector = Arrays.copyOf(vector, s * 2);
            }
        }
        return s;
    }

    /** 1, 2, 3 ... in order of first sight (0 stays for "absent"). */
    private static <K> int number(HashMap<K, Integer> table, K key) {
        Integer n = table.get(key);
        if (n == null) {
            n = table.size() + 1;
            table.put(key, n);
        }
        return n;
    }
}
