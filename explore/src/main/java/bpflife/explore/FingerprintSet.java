package bpflife.explore;

import java.util.concurrent.atomic.LongAdder;

/**
 * The visited set of the compact exhaustive search: 64-bit fingerprints of worlds in open
 * addressing tables of primitive longs (8 bytes a slot, at most 3/4 full), as TLC's FPSet and
 * Spin's hash compaction keep them. Shared by the search's workers: the fingerprint's top bits
 * choose one of {@value #SEGMENTS} segments, each a table of its own behind its own lock, so
 * workers rarely wait for each other and each table grows on its own.
 *
 * <p>Assumptions and guarantees: two worlds with the same fingerprint are taken for one (the one
 * seen second is not explored). {@link #omissionBound} is the probability of that, as TLC
 * estimates it. The fingerprint 0 marks a free slot; callers never pass it ({@link Fingerprints}
 * maps it to 1).
 */
final class FingerprintSet {
    static final int SEGMENTS = 1 << 8;

    private static final class Segment {
        long[] table = new long[1 << 8];
        int count;
    }

    private final Segment[] segments = new Segment[SEGMENTS];
    /** A LongAdder, not an AtomicLong: one shared counter written at every new world kept two workers' cores trading its cache line. */
    private final LongAdder size = new LongAdder();

    FingerprintSet() {
        for (int i = 0; i < SEGMENTS; i++) {
            segments[i] = new Segment();
        }
    }

    /** Adds {@code fp} (not 0); whether it was new. */
    boolean add(long fp) {
        Segment s = segments[(int) (fp >>> 56)];
        synchronized (s) {
            long[] t = s.table;
            int mask = t.length - 1;
            for (int i = (int) (fp ^ (fp >>> 29)) & mask; ; i = (i + 1) & mask) {
                long v = t[i];
                if (v == fp) {
                    return false;
                }
                if (v == 0) {
                    t[i] = fp;
                    if (++s.count * 4L > t.length * 3L) {
                        grow(s);
                    }
                    size.increment();
                    return true;
                }
            }
        }
    }

    long size() {
        return size.sum();
    }

    /** Bytes held by the tables. */
    long bytes() {
        long b = 0;
        for (Segment s : segments) {
            synchronized (s) {
                b += 8L * s.table.length;
            }
        }
        return b;
    }

    private static void grow(Segment s) {
        long[] old = s.table;
        long[] t = new long[old.length * 2];
        int mask = t.length - 1;
        for (long fp : old) {
            if (fp != 0) {
                int i = (int) (fp ^ (fp >>> 29)) & mask;
                while (t[i] != 0) {
                    i = (i + 1) & mask;
                }
                t[i] = fp;
            }
        }
        s.table = t;
    }

    /**
     * The probability that some state was not explored because its fingerprint equalled an
     * explored one's, as TLC reports it ("calculated (optimistic)"): with n distinct states among
     * t states generated (transitions), about n(t - n) / 2^64 for uniform 64-bit fingerprints.
     */
    static double omissionBound(long distinct, long generated) {
        return (double) distinct * Math.max(0, generated - distinct) / 0x1p64;
    }
}
