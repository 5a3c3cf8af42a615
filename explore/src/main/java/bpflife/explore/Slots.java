package bpflife.explore;

import java.util.Arrays;

/** Sets of channel slots as sorted int arrays (the exhaustive search's sleep sets). */
final class Slots {
    private Slots() {}

    static boolean contains(int[] set, int slot) {
        return Arrays.binarySearch(set, slot) >= 0;
    }

    static boolean containsAll(int[] set, int[] sub) {
        for (int s : sub) {
            if (!contains(set, s)) {
                return false;
            }
        }
        return true;
    }

    /** The members of {@code a} not in {@code b}. */
    static int[] minus(int[] a, int[] b) {
        int[] out = new int[a.length];
        int n = 0;
        for (int s : a) {
            if (!contains(b, s)) {
                out[n++] = s;
            }
        }
        return Arrays.copyOf(out, n);
    }

    static int[] intersect(int[] a, int[] b) {
        int[] out = new int[a.length];
        int n = 0;
        for (int s : a) {
            if (contains(b, s)) {
                out[n++] = s;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
