package bpflife.explore;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A deterministic 64-bit hash of a model value (object states, messages, dumps: records, enums,
 * strings, boxed numbers, lists, sets, maps), the same in every JVM and every worker: it never
 * uses {@code hashCode()} of a record or an enum (an enum's is its identity hash), only the
 * structure (record components in declaration order, an enum's class name and ordinal, a string's
 * characters, list order; sets and maps by an order-free sum of their members' hashes).
 *
 * <p>Symmetry: a string equal to the name of a symmetric task (see {@link Symmetry}) is hashed as
 * that task's code, not its characters, so that a permutation of the tasks is a change of codes.
 * {@link Symmetry} makes sure no such name appears in the scenario except as a task's own name, so
 * a string equal to it names that task (its {@code TaskId} or the owner of an object it made).
 */
final class StructuralHash {
    /** The code of each symmetric task name, or absent; codes fit in {@link #CODE_BITS} bits. */
    private final Map<String, Integer> members;
    static final int CODE_BITS = 4;
    /** The code given to each member, by member index (set before each hash). */
    final int[] codes;
    /** After a hash: which members (bit per index) the value mentioned. */
    int mentioned;

    StructuralHash(Map<String, Integer> memberIndex) {
        this.members = memberIndex;
        this.codes = new int[memberIndex.size()];
    }

    /** The hash of {@code v} under the current codes; {@link #mentioned} says which members it named. */
    long hash(Object v) {
        mentioned = 0;
        return walk(v);
    }

    private long walk(Object v) {
        if (v == null) {
            return 0x51ED27F3A9C1L;
        }
        if (v instanceof String s) {
            Integer m = members.isEmpty() ? null : members.get(s);
            if (m != null) {
                mentioned |= 1 << m;
                return mix(0x7A3B_1C5D_9E0FL + codes[m]);
            }
            long h = 0x2545F4914F6CDD1DL;
            for (int i = 0; i < s.length(); i++) {
                h = (h ^ s.charAt(i)) * 0x100000001B3L;
            }
            return mix(h ^ s.length());
        }
        if (v instanceof Integer i) {
            return mix(0x1000L + i);
        }
        if (v instanceof Long l) {
            return mix(mix(0x2000L) ^ l);
        }
        if (v instanceof Boolean b) {
            return b ? 0x3B7E_1F2A_6C5DL : 0x4C8F_2A3B_7D6EL;
        }
        if (v instanceof Enum<?> e) {
            return mix(text(e.getDeclaringClass().getName()) * 31 + e.ordinal());
        }
        if (v instanceof Record r) {
            long h = text(r.getClass().getName());
            for (MethodHandle a : accessors(r.getClass())) {
                Object c;
                try {
                    c = a.invoke(r);
                } catch (Throwable t) {
                    throw new IllegalStateException("can't read a component of " + r.getClass().getName(), t);
                }
                h = mix(h * 0x9E3779B97F4A7C15L + walk(c));
            }
            return h;
        }
        if (v instanceof List<?> list) {
            long h = 0x6A09E667F3BCC909L;
            for (Object o : list) {
                h = mix(h * 0x9E3779B97F4A7C15L + walk(o));
            }
            return mix(h + list.size());
        }
        if (v instanceof Set<?> set) {
            return mix(unordered(set) + 0x3C6EF372FE94F82BL);
        }
        if (v instanceof Map<?, ?> map) {
            long sum = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                sum += mix(walk(e.getKey()) * 0xBB67AE8584CAA73BL + walk(e.getValue()));
            }
            return mix(sum + map.size() + 0xA54FF53A5F1D36F1L);
        }
        if (v instanceof Collection<?> c) { // a deque or another ordered collection
            return walk(List.copyOf(c));
        }
        throw new IllegalStateException("no structural hash for " + v.getClass().getName()
                + ": add its type to StructuralHash");
    }

    private long unordered(Collection<?> c) {
        long sum = c.size();
        for (Object o : c) {
            sum += mix(walk(o));
        }
        return sum;
    }

    private static final ConcurrentHashMap<Class<?>, MethodHandle[]> ACCESSORS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, Long> TEXTS = new ConcurrentHashMap<>();

    private static MethodHandle[] accessors(Class<?> type) {
        return ACCESSORS.computeIfAbsent(type, t -> {
            RecordComponent[] cs = t.getRecordComponents();
            MethodHandle[] out = new MethodHandle[cs.length];
            for (int i = 0; i < cs.length; i++) {
                try {
                    java.lang.reflect.Method m = cs[i].getAccessor();
                    m.setAccessible(true);
                    out[i] = MethodHandles.lookup().unreflect(m);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new IllegalStateException("can't read the components of " + t.getName(), e);
                }
            }
            return out;
        });
    }

    /** A class name's hash (cached: a handful of names). */
    private static long text(String s) {
        return TEXTS.computeIfAbsent(s, k -> {
            long h = 0xCBF29CE484222325L;
            for (int i = 0; i < k.length(); i++) {
                h = (h ^ k.charAt(i)) * 0x100000001B3L;
            }
            return mix(h);
        });
    }

    /** SplitMix64's finalizer: every input bit moves every output bit. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
