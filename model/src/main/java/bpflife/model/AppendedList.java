package bpflife.model;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An immutable list that one element is appended to in amortized O(1) ({@link #plus}): what a
 * task's {@link Task.State#observed()} is, one more return per call. A copy per return made the
 * fold of a world quadratic in each task's calls (a reader of a 1M-step world returns ~100,000
 * times: 80% of {@code link show --at}'s CPU and of a replay's).
 *
 * <p>How: the lists appended from one another share one array, each reading its own prefix; a list
 * appends in place when it is the longest made from that array so far (its slots past its size are
 * free), or when the same element is appended again (a step's task applies its events, then the
 * world applies them again to the state before: every step of a task); else (another element
 * appended to the same list: an exhaustive search's branch) it copies, as before.
 *
 * <p>Assumptions and guarantees: equal to, and hashed as, any {@link List} with the same elements;
 * never modified once seen (the slots a list reads are written before it is made, under the
 * array's lock); no null elements.
 */
final class AppendedList<E> extends AbstractList<E> implements RandomAccess {
    /** The array the lists share and how many of its slots the longest of them uses. */
    private static final class Shared {
        Object[] items;
        int used;

        Shared(Object[] items, int used) {
            this.items = items;
            this.used = used;
        }
    }

    private final Shared shared;
    private final Object[] items;
    private final int size;

    private AppendedList(Shared shared, Object[] items, int size) {
        this.shared = shared;
        this.items = items;
        this.size = size;
    }

    /** {@code list} with {@code e} after its last element ({@code list} is unchanged). */
    static <E> List<E> plus(List<E> list, E e) {
        Objects.requireNonNull(e);
        if (list instanceof AppendedList<E> a) {
            synchronized (a.shared) {
                if (a.shared.items == a.items && a.size < a.shared.used && e.equals(a.items[a.size])) {
                    // the same append again (a step's task applies its events, then the world applies them to
                    // the state before): the list made the first time, in effect
                    return new AppendedList<>(a.shared, a.items, a.size + 1);
                }
                if (a.shared.items == a.items && a.shared.used == a.size) {
                    Object[] into = a.size < a.items.length ? a.items : Arrays.copyOf(a.items, a.size * 2);
                    into[a.size] = e;
                    a.shared.items = into;
                    a.shared.used = a.size + 1;
                    return new AppendedList<>(a.shared, into, a.size + 1);
                }
            }
        }
        Object[] copy = Arrays.copyOf(list.toArray(), Math.max(8, list.size() * 2));
        copy[list.size()] = e;
        return new AppendedList<>(new Shared(copy, list.size() + 1), copy, list.size() + 1);
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(int index) {
        Objects.checkIndex(index, size);
        return (E) items[index];
    }

    @Override
    public int size() {
        return size;
    }
}
