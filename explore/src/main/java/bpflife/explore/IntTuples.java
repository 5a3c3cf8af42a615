package bpflife.explore;

import java.util.Arrays;

/**
 * A set of int tuples, each numbered (from 0) in the order it was first added; the tuples live
 * one after the other in one int array, so a million of them cost a few megabytes and no objects.
 * The exhaustive search's visited set and its intern tables (Spin's COLLAPSE compression, exact).
 */
final class IntTuples {
    private int[] arena = new int[1 << 12];
    private int used;
    private int[] offsets = new int[1 << 8];
    private int count;
    /** Open addressing: tuple number + 1, or 0 for a free slot. */
    private int[] table = new int[1 << 9];
    private boolean added;

    /** The number of {@code tuple[0..length)}, adding it if it is new (see {@link #added()}). */
    int add(int[] tuple, int length) {
        return add(tuple, 0, length);
    }

    /** The number of {@code a[from..from+length)}, adding it if it is new. */
    int add(int[] tuple, int from, int length) {
        int h = hash(tuple, from, length);
        int mask = table.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            int t = table[i];
            if (t == 0) {
                int id = append(tuple, from, length);
                table[i] = id + 1;
                added = true;
                if (count * 2 > table.length) {
                    grow();
                }
                return id;
            }
            if (equal(t - 1, tuple, from, length)) {
                added = false;
                return t - 1;
            }
        }
    }

    /** Whether the last {@link #add} added a new tuple. */
    boolean added() {
        return added;
    }

    int size() {
        return count;
    }

    /** Tuple {@code id}, copied. */
    int[] get(int id) {
        int at = offsets[id];
        return Arrays.copyOfRange(arena, at + 1, at + 1 + arena[at]);
    }

    private int append(int[] tuple, int from, int length) {
        if (used + length + 1 > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(used + length + 1, arena.length + (arena.length >> 1)));
        }
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
        }
        offsets[count] = used;
        arena[used] = length;
        System.arraycopy(tuple, from, arena, used + 1, length);
        used += length + 1;
        return count++;
    }

    private boolean equal(int id, int[] tuple, int from, int length) {
        int at = offsets[id];
        return arena[at] == length && Arrays.equals(arena, at + 1, at + 1 + length, tuple, from, from + length);
    }

    private void grow() {
        int[] bigger = new int[table.length * 2];
        int mask = bigger.length - 1;
        for (int id = 0; id < count; id++) {
            int at = offsets[id];
            int i = hash(arena, at + 1, arena[at]) & mask;
            while (bigger[i] != 0) {
                i = (i + 1) & mask;
            }
            bigger[i] = id + 1;
        }
        table = bigger;
    }

    private static int hash(int[] a, int from, int length) {
        long h = length * 0x9E3779B97F4A7C15L;
        for (int i = from; i < from + length; i++) {
            h = (h ^ a[i]) * 0xBF58476D1CE4E5B9L;
        }
        h ^= h >>> 31;
        h *= 0x94D049BB133111EBL;
        return (int) (h ^ (h >>> 29));
    }
}
