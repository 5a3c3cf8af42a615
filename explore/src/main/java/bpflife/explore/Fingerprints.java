package bpflife.explore;

import java.util.Arrays;

/**
 * The 64-bit fingerprint of a runtime's current world, kept up to date as the world changes
 * (one per search worker): the sum, modulo 2^64, of one term per non-empty slot (object, channel,
 * the dumps), each term a mix of the slot's key and its content, both hashed by
 * {@link StructuralHash}. A sum does not depend on the order of the slots, so the fingerprint
 * depends only on the world (not on the order objects and channels were first seen, nor on the
 * worker); a slot that changes changes one term.
 *
 * <p>With symmetry ({@link Symmetry}), the fingerprint is that of the world's canonical renaming:
 * the members of each group are ranked by a signature that does not depend on their names (the
 * hashes of every slot that names the member, with the member written as SELF and every other
 * member as OTHER), ties broken by scenario order, and each member's name is hashed as its rank.
 * Two worlds that differ by a permutation of members get the same ranks for the same roles, hence
 * the same fingerprint, unless two members tie (then the orbit may get up to k! fingerprints:
 * less reduction, never a wrong merge). Two worlds get the same fingerprint only if their
 * renamings are equal (up to a 64-bit collision), i.e. only if one is a permutation of the other:
 * the renamed world is always in the orbit of the world (ranks are a permutation of each group).
 *
 * <p>Cost: terms that name no member are kept in a running sum; the terms that do are computed
 * again per world (cached by content number and renaming), with the signatures.
 */
final class Fingerprints {
    private static final int SELF = 14;
    private static final int OTHER = 15;

    private final StateInterner interner;
    private final Symmetry symmetry;
    private final StructuralHash hasher;
    private final int members;
    /** Per table (see {@link StateInterner#table}) and content number: hash with no member in it, mask of members named. */
    private final long[][] hashes = {new long[64], new long[64], new long[64]};
    private final int[][] masks = {new int[64], new int[64], new int[64]};
    private final boolean[][] known = {new boolean[64], new boolean[64], new boolean[64]};
    /** Per slot: its table, its key's hash and members named, once known. */
    private int[] tables = new int[64];
    private long[] keyHash = new long[64];
    private int[] keyMask = new int[64];
    private boolean[] keyKnown = new boolean[64];
    /** Per slot: the term in {@link #fixed}, or whether it names members (then computed per world). */
    private long[] fixedTerm = new long[64];
    private boolean[] dependent = new boolean[64];
    /** Per slot and member (slot * members + m): what the slot adds to the member's signature. */
    private long[] sigPart;
    private int slots;
    private long fixed;
    /** Caches of hashes under a renaming: (table, number, packed codes) and (slot, packed codes). */
    private final LongLongMap contentCache = new LongLongMap();
    private final LongLongMap keyCache = new LongLongMap();
    /** After {@link #fingerprint}: each member's rank code (its position in the canonical order). */
    final int[] codes;
    /** Per member: the sum of the slots that name it, hashed with it as SELF and the others as OTHER. */
    private final long[] sigs;
    /** Per member, its signature view packed ({@value StructuralHash#CODE_BITS} bits a member). */
    private final int[] views;
    private final int[] order;
    /** Whether the last fingerprint's ranking had a tie between members of one group. */
    boolean tied;
    private boolean renamed;

    Fingerprints(StateInterner interner, Symmetry symmetry) {
        this.interner = interner;
        this.symmetry = symmetry;
        this.hasher = new StructuralHash(symmetry.index);
        this.members = symmetry.size();
        this.codes = new int[members];
        this.sigs = new long[members];
        this.views = new int[members];
        this.order = new int[members];
        this.sigPart = new long[64 * Math.max(1, members)];
        for (int m = 0; m < members; m++) {
            codes[m] = m;
            for (int j = 0; j < members; j++) {
                views[m] |= (j == m ? SELF : OTHER) << (j * StructuralHash.CODE_BITS);
            }
        }
        interner.fingerprint(this);
    }

    /** The slot's content changed (or the slot is new): its term moves in or out of the running sum. */
    void changed(int slot) {
        if (slot >= slots) {
            grow(slot + 1);
        }
        fixed -= fixedTerm[slot];
        fixedTerm[slot] = 0;
        if (dependent[slot]) {
            for (int m = 0; m < members; m++) {
                sigs[m] -= sigPart[slot * members + m];
                sigPart[slot * members + m] = 0;
            }
            depRemove(slot);
        }
        dependent[slot] = false;
        int n = interner.number(slot);
        if (n == 0) {
            return;
        }
        key(slot);
        int table = tables[slot];
        content(table, n);
        int mask = keyMask[slot] | masks[table][n];
        if (mask == 0) {
            fixedTerm[slot] = term(keyHash[slot], hashes[table][n]);
            fixed += fixedTerm[slot];
            return;
        }
        dependent[slot] = true;
        depAdd(slot);
        for (int m = 0; m < members; m++) {
            if ((mask & (1 << m)) != 0) {
                long part = term(keyUnder(slot, views[m]), contentUnder(slot, views[m]));
                sigPart[slot * members + m] = part;
                sigs[m] += part;
            }
        }
    }

    /**
     * The current world's fingerprint (never 0); with symmetry, of its canonical renaming
     * ({@link #codes}): members ranked by signature; members whose signatures tie are tried in
     * every order among themselves and the smallest fingerprint is taken, so that the canonical
     * form does not depend on which member of the orbit was met (the signatures are the same in
     * every renaming, so the orders tried are the same).
     */
    long fingerprint() {
        long fp = fixed;
        if (members > 0) {
            int packed = rank();
            if (tied) {
                haveBest = false;
                tryTies(0, order.clone());
                packed = bestPacked;
                for (int m = 0; m < members; m++) {
                    codes[m] = packed >>> (m * StructuralHash.CODE_BITS) & 0xF;
                }
                renamed = false;
                for (int m = 0; m < members; m++) {
                    renamed |= codes[m] != m;
                }
            }
            fp += dependentSum(packed);
        }
        return fp == 0 ? 1 : fp;
    }

    private boolean haveBest;
    private long best;
    private int bestPacked;

    private long dependentSum(int packed) {
        long sum = 0;
        for (int i = 0; i < depCount; i++) {
            int s = depSlots[i];
            {
                int n = interner.number(s);
                int p = packed & NIBBLES[(keyMask[s] | masks[tables[s]][n]) & 0xFF];
                if (lastNumber[s] != n || lastPacked[s] != p) { // else the term of the last world is still right
                    lastNumber[s] = n;
                    lastPacked[s] = p;
                    lastTerm[s] = term(keyUnder(s, packed), contentUnder(s, packed));
                }
                sum += lastTerm[s];
            }
        }
        return sum;
    }

    /** The slots that name members, in no particular order (the sum does not care), and each one's place there. */
    private int[] depSlots = new int[64];
    private int[] depIndex = new int[64];
    private int depCount;

    private void depAdd(int slot) {
        if (depCount == depSlots.length) {
            depSlots = Arrays.copyOf(depSlots, depCount * 2);
        }
        if (slot >= depIndex.length) {
            depIndex = Arrays.copyOf(depIndex, Math.max(slot + 1, depIndex.length * 2));
        }
        depIndex[slot] = depCount;
        depSlots[depCount++] = slot;
    }

    private void depRemove(int slot) {
        int i = depIndex[slot];
        int last = depSlots[--depCount];
        depSlots[i] = last;
        depIndex[last] = i;
    }

    /** Per slot: the content number and the codes (of the members it names) of the last term computed, and the term. */
    private int[] lastNumber = new int[64];
    private int[] lastPacked = new int[64];
    private long[] lastTerm = new long[64];

    /** Every order of each run of tied members from position {@code i} of {@code ord}; keeps the smallest sum. */
    private void tryTies(int i, int[] ord) {
        if (i >= members) {
            int packed = 0;
            for (int k = 0; k < members; k++) {
                packed |= k << (ord[k] * StructuralHash.CODE_BITS);
            }
            long sum = dependentSum(packed);
            if (!haveBest || sum < best) {
                haveBest = true;
                best = sum;
                bestPacked = packed;
            }
            return;
        }
        int j = i + 1;
        while (j < members && symmetry.group[ord[j]] == symmetry.group[ord[i]] && sigs[ord[j]] == sigs[ord[i]]) {
            j++;
        }
        permuteRun(ord, i, i, j);
    }

    private void permuteRun(int[] ord, int from, int k, int to) {
        if (k == to) {
            tryTies(to, ord);
            return;
        }
        for (int x = k; x < to; x++) {
            swap(ord, k, x);
            permuteRun(ord, from, k + 1, to);
            swap(ord, k, x);
        }
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /** Whether the last fingerprint was of a renaming other than the identity. */
    boolean renamed() {
        return renamed;
    }

    private static long term(long key, long content) {
        return StructuralHash.mix(key * 0x9E3779B97F4A7C15L + content);
    }

    /**
     * Ranks each group's members by signature, then scenario order (insertion sort: a handful of
     * members); sets {@link #codes}; the codes packed.
     */
    private int rank() {
        for (int i = 0; i < members; i++) {
            int m = i;
            int j = i;
            while (j > 0 && before(m, order[j - 1])) {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = m;
        }
        tied = false;
        renamed = false;
        int packed = 0;
        for (int i = 0; i < members; i++) {
            int m = order[i];
            codes[m] = i;
            packed |= i << (m * StructuralHash.CODE_BITS);
            renamed |= i != m;
            if (i > 0 && symmetry.group[m] == symmetry.group[order[i - 1]] && sigs[m] == sigs[order[i - 1]]) {
                tied = true;
            }
        }
        return packed;
    }

    private boolean before(int a, int b) {
        if (symmetry.group[a] != symmetry.group[b]) {
            return symmetry.group[a] < symmetry.group[b];
        }
        return sigs[a] != sigs[b] ? sigs[a] < sigs[b] : a < b;
    }

    private long contentUnder(int slot, int packed) {
        int table = tables[slot];
        int n = interner.number(slot);
        int mask = masks[table][n];
        if (mask == 0) {
            return hashes[table][n];
        }
        long k = (long) table << 62 | (long) n << 32 | (packed & NIBBLES[mask & 0xFF] & 0xFFFF_FFFFL);
        if (contentCache.get(k)) {
            return contentCache.value();
        }
        long h = under(interner.value(table, n), packed);
        contentCache.put(k, h);
        return h;
    }

    private long keyUnder(int slot, int packed) {
        int mask = keyMask[slot];
        if (mask == 0) {
            return keyHash[slot];
        }
        long k = (long) slot << 32 | (packed & NIBBLES[mask & 0xFF] & 0xFFFF_FFFFL);
        if (keyCache.get(k)) {
            return keyCache.value();
        }
        long h = under(interner.key(slot), packed);
        keyCache.put(k, h);
        return h;
    }

    private long under(Object v, int packed) {
        for (int m = 0; m < members; m++) {
            hasher.codes[m] = packed >>> (m * StructuralHash.CODE_BITS) & 0xF;
        }
        return hasher.hash(v);
    }

    /** For a mask of members, the bits of their codes in a packed int ({@value StructuralHash#CODE_BITS} a member). */
    private static final int[] NIBBLES = new int[256];

    static {
        for (int mask = 0; mask < 256; mask++) {
            for (int m = 0; m < 8; m++) {
                if ((mask & (1 << m)) != 0) {
                    NIBBLES[mask] |= 0xF << (m * StructuralHash.CODE_BITS);
                }
            }
        }
    }

    private void content(int table, int n) {
        if (n >= known[table].length) {
            int size = Math.max(n + 1, known[table].length * 2);
            known[table] = Arrays.copyOf(known[table], size);
            hashes[table] = Arrays.copyOf(hashes[table], size);
            masks[table] = Arrays.copyOf(masks[table], size);
        }
        if (!known[table][n]) {
            hashes[table][n] = hasher.hash(interner.value(table, n)); // codes: the identity, unused when mask is 0
            masks[table][n] = hasher.mentioned;
            known[table][n] = true;
        }
    }

    private void key(int slot) {
        if (!keyKnown[slot]) {
            tables[slot] = interner.table(slot);
            keyHash[slot] = hasher.hash(interner.key(slot));
            keyMask[slot] = hasher.mentioned;
            keyKnown[slot] = true;
        }
    }

    private void grow(int size) {
        int n = Math.max(size, keyHash.length * 2);
        if (size > keyHash.length) {
            keyHash = Arrays.copyOf(keyHash, n);
            keyMask = Arrays.copyOf(keyMask, n);
            keyKnown = Arrays.copyOf(keyKnown, n);
            tables = Arrays.copyOf(tables, n);
            lastNumber = Arrays.copyOf(lastNumber, n);
            lastPacked = Arrays.copyOf(lastPacked, n);
            lastTerm = Arrays.copyOf(lastTerm, n);
            fixedTerm = Arrays.copyOf(fixedTerm, n);
            dependent = Arrays.copyOf(dependent, n);
            sigPart = Arrays.copyOf(sigPart, n * Math.max(1, members));
        }
        slots = size;
    }
}
