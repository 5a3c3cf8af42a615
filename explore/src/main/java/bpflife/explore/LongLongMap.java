package bpflife.explore;

import java.util.Arrays;

/**
 * A map from long to long, open addressing over two primitive arrays (no boxing): the
 * fingerprinter's caches of hashes under a renaming. One thread only. The key
 * {@link Long#MIN_VALUE} is reserved (free slot).
 */
final class LongLongMap {
    private static final long FREE = Long.MIN_VALUE;
    private long[] keys = new long[1 << 10];
    private long[] values = new long[1 << 10];
    private int count;

    LongLongMap() {
        Arrays.fill(keys, FREE);
    }

    /** Whether {@code key} is present; its value is then {@link #value}. */
    private long found;

    boolean get(long key) {
        int mask = keys.length - 1;
        for (int i = (int) StructuralHash.mix(key) & mask; ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                found = values[i];
                return true;
            }
            if (k == FREE) {
                return false;
            }
        }
    }

    /** The value {@link #get} found. */
    long value() {
        return found;
    }

    void put(long key, long value) {
        int mask = keys.length - 1;
        for (int i = (int) StructuralHash.mix(key) & mask; ; i = (i + 1) & mask) {
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
            if (keys[i] == FREE) {
                keys[i] = key;
                values[i] = value;
                if (++count * 2 > keys.length) {
                    grow();
                }
                return;
            }
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        Arrays.fill(keys, FREE);
        count = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != FREE) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }
}
