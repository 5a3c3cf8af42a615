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
    /** Per table (see {@link StateInterner#table}) and content number: hash with no member in it, mask of members named. */
    private final long[][] hashes = {new long[64], new long[64], new long[64]};
    private final int[][] masks = {new int[64], new int[64], new int[64]};
    private final boolean[][] known = {new boolean[64], new boolean[64], new boolean[64]};
    /** Per slot: its key's hash and members named, once known. */
    private long[] keyHash = new long[64];
    private int[] keyMask = new int[64];
    private boolean[] keyKnown = new boolean[64];
    /** Per slot: the term in {@link #fixed}, or whether it names members (then computed per world). */
    private long[] fixedTerm = new long[64];
    private boolean[] dependent = new boolean[64];
    private int slots;
    private long fixed;
    /** Caches of hashes under a renaming: (table, number, packed codes) and (slot, packed codes). */
    private final LongLongMap contentCache = new LongLongMap();
    private final LongLongMap keyCache = new LongLongMap();
    /** After {@link #fingerprint}: each member's rank code (its position in the canonical order). */
    final int[] codes;
    private final long[] sigs;
    private final Integer[] order;
    /** Whether the last fingerprint's ranking had a tie between members of one group. */
    boolean tied;

    Fingerprints(StateInterner interner, Symmetry symmetry) {
        this.interner = interner;
        this.symmetry = symmetry;
        this.hasher = new StructuralHash(symmetry.index);
        this.codes = new int[symmetry.size()];
        this.sigs = new long[symmetry.size()];
        this.order = new Integer[symmetry.size()];
        for (int m = 0; m < codes.length; m++) {
            codes[m] = m;
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
        dependent[slot] = false;
        int n = interner.number(slot);
        if (n == 0) {
            return;
        }
        int table = interner.table(slot);
        content(table, n);
        key(slot);
        if (keyMask[slot] == 0 && masks[table][n] == 0) {
            fixedTerm[slot] = term(keyHash[slot], hashes[table][n]);
            fixed += fixedTerm[slot];
        } else {
            dependent[slot] = true;
        }
    }

    /** The current world's fingerprint (never 0); with symmetry, of its canonical renaming ({@link #codes}). */
    long fingerprint() {
        long fp = fixed;
        if (codes.length > 0) {
            rank();
            for (int s = 0; s < slots; s++) {
                if (dependent[s]) {
                    fp += term(keyUnder(s, codes), contentUnder(s, codes));
                }
            }
        }
        return fp == 0 ? 1 : fp;
    }

    /** Whether the last fingerprint was of a renaming other than the identity. */
    boolean renamed() {
        for (int m = 0; m < codes.length; m++) {
            if (codes[m] != m) {
                return true;
            }
        }
        return false;
    }

    private static long term(long key, long content) {
        return StructuralHash.mix(key * 0x9E3779B97F4A7C15L + content);
    }

    /** Ranks each group's members by signature, then scenario order; sets {@link #codes}. */
    private void rank() {
        int[] view = new int[codes.length];
        for (int m = 0; m < codes.length; m++) {
            Arrays.fill(view, OTHER);
            view[m] = SELF;
            long sig = 0;
            int bit = 1 << m;
            for (int s = 0; s < slots; s++) {
                if (dependent[s] && ((keyMask[s] | maskOf(s)) & bit) != 0) {
                    sig += term(keyUnder(s, view), contentUnder(s, view));
                }
            }
            sigs[m] = sig;
            order[m] = m;
        }
        Arrays.sort(order, (a, b) -> symmetry.group[a] != symmetry.group[b]
                ? Integer.compare(symmetry.group[a], symmetry.group[b])
                : sigs[a] != sigs[b] ? Long.compare(sigs[a], sigs[b]) : Integer.compare(a, b));
        tied = false;
        for (int i = 0; i < order.length; i++) {
            codes[order[i]] = i;
            if (i > 0 && symmetry.group[order[i]] == symmetry.group[order[i - 1]]
                    && sigs[order[i]] == sigs[order[i - 1]]) {
                tied = true;
            }
        }
    }

    private int maskOf(int slot) {
        return masks[interner.table(slot)][interner.number(slot)];
    }

    private long contentUnder(int slot, int[] view) {
        int table = interner.table(slot);
        int n = interner.number(slot);
        int mask = masks[table][n];
        if (mask == 0) {
            return hashes[table][n];
        }
        long k = (long) table << 62 | (long) n << 32 | (pack(mask, view) & 0xFFFF_FFFFL);
        if (contentCache.get(k)) {
            return contentCache.value();
        }
        long h = under(interner.value(table, n), view);
        contentCache.put(k, h);
        return h;
    }

    private long keyUnder(int slot, int[] view) {
        int mask = keyMask[slot];
        if (mask == 0) {
            return keyHash[slot];
        }
        long k = (long) slot << 32 | (pack(mask, view) & 0xFFFF_FFFFL);
        if (keyCache.get(k)) {
            return keyCache.value();
        }
        long h = under(interner.key(slot), view);
        keyCache.put(k, h);
        return h;
    }

    private long under(Object v, int[] view) {
        System.arraycopy(view, 0, hasher.codes, 0, view.length);
        return hasher.hash(v);
    }

    /** The codes of the members in {@code mask}, {@value StructuralHash#CODE_BITS} bits each at the member's position. */
    private static int pack(int mask, int[] view) {
        int p = 0;
        for (int m = 0; mask != 0; m++, mask >>>= 1) {
            if ((mask & 1) != 0) {
                p |= view[m] << (m * StructuralHash.CODE_BITS);
            }
        }
        return p;
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
            fixedTerm = Arrays.copyOf(fixedTerm, n);
            dependent = Arrays.copyOf(dependent, n);
        }
        slots = size;
    }
}
