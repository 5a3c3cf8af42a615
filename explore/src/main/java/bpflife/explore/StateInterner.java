package bpflife.explore;

import bpflife.model.ObjectState;
import bpflife.model.world.World;
import bpflife.protocol.ActorId;
import bpflife.protocol.Msg;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.SortedMap;

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
 * <p>Incremental: the vector is kept from one world to the next, and only what the runtime
 * reports as changed ({@link ChangeLog}) is numbered again, and only the
 * chunks it falls in. A depth-first search moves one delivery at a time, so that is a few
 * positions per world. Made before the runtime starts.
 */
final class StateInterner {
    static final int CHUNK = 8;

    record ChannelKey(ActorId sender, ActorId receiver) {}

    /** The dumps' key in {@link #slots}. */
    private enum DumpsSlot { INSTANCE }

    private final DeterministicRuntime rt;
    private final ChangeLog changes;
    private final Update update = new Update();
    private final HashMap<Object, Integer> slots = new HashMap<>();
    /** Per channel slot, its receiver's and its sender's slot. */
    private int[] receivers = new int[64];
    private int[] senders = new int[64];
    private final HashMap<ObjectState, Integer> objectNumbers = new HashMap<>();
    /** Every object state instance met, by identity, with its number; and the first instance of each number. */
    private final IdentityHashMap<ObjectState, Integer> instances = new IdentityHashMap<>();
    private final List<ObjectState> canonical = new ArrayList<>();
    private final HashMap<List<Msg>, Integer> queueNumbers = new HashMap<>();
    private final List<List<Msg>> queues = new ArrayList<>();
    private final HashMap<SortedMap<ActorId, World.DumpKey>, Integer> dumpNumbers = new HashMap<>();
    private final List<SortedMap<ActorId, World.DumpKey>> dumpList = new ArrayList<>();
    /** Per slot, what it stands for: an ActorId, a ChannelKey or the dumps' key. */
    private final List<Object> keys = new ArrayList<>();
    /** Told of every slot whose number changes (the compact search's fingerprints), or null. */
    private Fingerprints fingerprints;
    /** Told of every slot whose number changes, with the old and new number (the may-send edges), or null. */
    private Knowledge knowledge;
    private final IntTuples chunks = new IntTuples();
    private final IntTuples worlds = new IntTuples();
    /** The current world: a number per slot; padded with zeros to whole chunks. */
    private int[] vector = new int[64];
    /** The chunks' numbers (0: all zero), and which chunks changed since they were numbered. */
    private int[] top = new int[8];
    private boolean[] dirty = new boolean[8];

    /** Slot 0 is the dumps'. */
    StateInterner(DeterministicRuntime rt) {
        this.rt = rt;
        this.changes = rt.trackChanges();
        slot(DumpsSlot.INSTANCE);
    }

    /** From now on, tell {@code f} of every slot that changes. */
    void fingerprint(Fingerprints f) {
        fingerprints = f;
    }

    /** From now on, tell {@code k} of every slot that changes, and how. */
    void knowledge(Knowledge k) {
        knowledge = k;
    }

    /** Takes in what changed since the last call (the fingerprints follow), without numbering the world. */
    void refresh() {
        changes.drain(update);
    }

    /** What slot {@code slot} stands for: an {@link ActorId}, a channel's (sender, receiver) or the dumps. */
    Object key(int slot) {
        return keys.get(slot);
    }

    /** The number of slot {@code slot}'s content (0: absent, an empty channel). */
    int number(int slot) {
        return vector[slot];
    }

    /** Which table slot {@code slot}'s numbers come from: 0 the dumps, 1 object states, 2 channel contents. */
    int table(int slot) {
        Object k = keys.get(slot);
        return k instanceof ActorId ? 1 : k instanceof ChannelKey ? 2 : 0;
    }

    /** Content number {@code n} (from 1) of table {@code table} (see {@link #table}). */
    Object value(int table, int n) {
        return switch (table) {
            case 1 -> canonical.get(n - 1);
            case 2 -> queues.get(n - 1);
            default -> dumpList.get(n - 1);
        };
    }

    /** The current world's number (from 0, in order of first sight); {@link #added()} tells whether it is new. */
    int intern() {
        changes.drain(update);
        int chunkCount = (slots.size() + CHUNK - 1) / CHUNK;
        int length = 0;
        for (int c = 0; c < chunkCount; c++) {
            if (dirty[c]) {
                dirty[c] = false;
                boolean zero = true;
                for (int i = c * CHUNK; i < (c + 1) * CHUNK && zero; i++) {
                    zero = vector[i] == 0;
                }
                top[c] = zero ? 0 : chunks.add(vector, c * CHUNK, CHUNK) + 1;
            }
            if (top[c] != 0) {
                length = c + 1;
            }
        }
        return worlds.add(top, length);
    }

    private void set(int slot, int number) {
        int before = vector[slot];
        if (before != number) {
            vector[slot] = number;
            if (knowledge != null) {
                knowledge.changed(slot, before, number);
            }
            dirty[slot / CHUNK] = true;
            if (fingerprints != null) {
                fingerprints.changed(slot);
            }
        }
    }

    /** Numbers again what the runtime reports as changed. */
    private final class Update implements ChangeLog.Sink {
        @Override
        public void object(ActorId id) {
            ObjectState st = rt.state(id);
            set(slot(id), st == null ? 0 : number(id, st));
        }

        @Override
        public void channel(Channel ch) {
            set(slot(ch), ch.queue.isEmpty() ? 0 : queueNumber(ch));
        }

        @Override
        public void dumps() {
            SortedMap<ActorId, World.DumpKey> dumps = rt.world().dumpsKey();
            set(0, dumps.isEmpty() ? 0 : number(dumpNumbers, dumpList, dumps));
        }
    }

    /*
     * Channel contents by the identity of their messages, in front of the structural table: a
     * remembered step sends the same message instances again (StepMemo), so nearly every queue
     * met was met before as the same instances, and hashing and comparing their records
     * structurally at every delivery was a few percent of the search (issue 13). A miss goes to
     * the structural table, which gives the number it always gave, so the numbers do not change.
     */
    private Msg[][] queueKeys = new Msg[1024][];
    private int[] queueKeyNumbers = new int[1024];
    private int queueKeyCount;

    private int queueNumber(Channel ch) {
        int len = ch.queue.size();
        int h = len;
        for (Msg m : ch.queue) {
            h = h * 31 + System.identityHashCode(m);
        }
        h ^= h >>> 16;
        int mask = queueKeys.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            Msg[] k = queueKeys[i];
            if (k == null) {
                break;
            }
            if (k.length == len && sameInstances(k, ch)) {
                return queueKeyNumbers[i];
            }
        }
        Msg[] key = ch.queue.toArray(new Msg[0]);
        int n = number(queueNumbers, queues, List.of(key));
        if (++queueKeyCount * 4 > queueKeys.length * 3) {
            growQueueKeys();
            mask = queueKeys.length - 1;
        }
        int i = h & mask;
        while (queueKeys[i] != null) {
            i = (i + 1) & mask;
        }
        queueKeys[i] = key;
        queueKeyNumbers[i] = n;
        return n;
    }

    private static boolean sameInstances(Msg[] k, Channel ch) {
        int i = 0;
        for (Msg m : ch.queue) {
            if (k[i++] != m) {
                return false;
            }
        }
        return true;
    }

    private void growQueueKeys() {
        Msg[][] oldKeys = queueKeys;
        int[] oldNumbers = queueKeyNumbers;
        queueKeys = new Msg[oldKeys.length * 2][];
        queueKeyNumbers = new int[queueKeys.length];
        int mask = queueKeys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            Msg[] k = oldKeys[j];
            if (k != null) {
                int h = k.length;
                for (Msg m : k) {
                    h = h * 31 + System.identityHashCode(m);
                }
                h ^= h >>> 16;
                int i = h & mask;
                while (queueKeys[i] != null) {
                    i = (i + 1) & mask;
                }
                queueKeys[i] = k;
                queueKeyNumbers[i] = oldNumbers[j];
            }
        }
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
            int s = slot(new ChannelKey(ch.sender, ch.receiver));
            if (receivers.length <= s) {
                receivers = Arrays.copyOf(receivers, Math.max(s + 1, receivers.length * 2));
                senders = Arrays.copyOf(senders, receivers.length);
            }
            receivers[s] = slot(ch.receiver);
            senders[s] = slot(ch.sender);
            ch.slot = s;
        }
        return ch.slot;
    }

    /** The slot of the sender of the channel at {@code slot}. */
    int sender(int slot) {
        return senders[slot];
    }

    /** The object's position in the vector (given at first sight, stable for the whole search). */
    int slotOf(ActorId id) {
        return slot(id);
    }

    /** Slots given so far. */
    int slots() {
        return keys.size();
    }

    /** The slot of the receiver of the channel at {@code slot}: equal for two channels to the same object. */
    int receiver(int slot) {
        return receivers[slot];
    }

    private int slot(Object key) {
        Integer s = slots.get(key);
        if (s == null) {
            s = slots.size();
            slots.put(key, s);
            keys.add(key);
            int chunkCount = s / CHUNK + 1;
            if (chunkCount * CHUNK > vector.length) {
                vector = Arrays.copyOf(vector, Math.max(chunkCount * CHUNK, vector.length * 2));
            }
            if (chunkCount > top.length) {
                top = Arrays.copyOf(top, Math.max(chunkCount, top.length * 2));
                dirty = Arrays.copyOf(dirty, top.length);
            }
        }
        return s;
    }

    /**
     * The state's number; the runtime's instance is replaced by the first equal one seen, so
     * that the next time the same instance is found by identity, without hashing it.
     */
    private int number(ActorId id, ObjectState st) {
        Integer n = instances.get(st);
        if (n == null) {
            n = number(objectNumbers, null, st);
            if (n > canonical.size()) {
                canonical.add(st);
            }
            instances.put(st, n);
        }
        ObjectState first = canonical.get(n - 1);
        if (first != st) {
            rt.world().replace(id, first);
        }
        return n;
    }

    /** 1, 2, 3 ... in order of first sight (0 stays for "absent"). */
    private static <K> int number(HashMap<K, Integer> table, List<K> byNumber, K key) {
        Integer n = table.get(key);
        if (n == null) {
            n = table.size() + 1;
            table.put(key, n);
            if (byNumber != null) {
                byNumber.add(key);
            }
        }
        return n;
    }
}
