package bpflife.explore;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The leaves of one type in a value made of records, collections and maps, in the order the value
 * holds them: {@link Knowledge} reads the object ids a state or a queue names, {@link Symmetry} the
 * strings a scenario's statements and expectations use. A leaf is not walked into (an id's owner
 * name is not one of the strings an id names); anything else that is not a record, a collection or
 * a map holds no leaf.
 */
final class RecordLeaves {
    private RecordLeaves() {}

    static <T> void collect(Object v, Class<T> type, Consumer<? super T> out) {
        if (type.isInstance(v)) {
            out.accept(type.cast(v));
        } else if (v instanceof Record r) {
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                try {
                    java.lang.reflect.Method m = c.getAccessor();
                    m.setAccessible(true);
                    collect(m.invoke(r), type, out);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new IllegalStateException("can't read " + c.getName() + " of " + r.getClass().getName(), e);
                }
            }
        } else if (v instanceof Collection<?> c) {
            for (Object o : c) {
                collect(o, type, out);
            }
        } else if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                collect(e.getKey(), type, out);
                collect(e.getValue(), type, out);
            }
        }
    }
}
