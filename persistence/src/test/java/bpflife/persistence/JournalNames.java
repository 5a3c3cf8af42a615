package bpflife.persistence;

import bpflife.actors.Birth;
import bpflife.actors.WorldCreated;
import bpflife.actors.WorldEnded;
import bpflife.protocol.StepRecord;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/** Every name the journal's rows can hold today: record components reachable from its entries, and type names. */
final class JournalNames {
    private JournalNames() {}

    static Set<String> current() {
        Set<String> names = new TreeSet<>(CompactJournal.TYPES.keySet());
        Set<Class<?>> seen = new HashSet<>();
        for (Class<?> c : new Class<?>[] {StepRecord.class, Birth.class, WorldCreated.class, WorldEnded.class}) {
            walk(c, names, seen);
        }
        for (var types : CompactJournal.TYPES.values()) {
            for (Class<?> c : types) {
                walk(c, names, seen);
            }
        }
        return names;
    }

    private static void walk(Class<?> c, Set<String> names, Set<Class<?>> seen) {
        if (c == null || !c.getName().startsWith("bpflife.") || !seen.add(c)) {
            return;
        }
        if (c.isRecord()) {
            for (RecordComponent rc : c.getRecordComponents()) {
                names.add(rc.getName());
                types(rc.getGenericType(), names, seen);
            }
        }
        if (c.isSealed()) {
            for (Class<?> sub : c.getPermittedSubclasses()) {
                walk(sub, names, seen);
            }
        }
    }

    private static void types(Type t, Set<String> names, Set<Class<?>> seen) {
        if (t instanceof Class<?> c) {
            walk(c.isArray() ? c.getComponentType() : c, names, seen);
        } else if (t instanceof ParameterizedType p) {
            types(p.getRawType(), names, seen);
            for (Type a : p.getActualTypeArguments()) {
                types(a, names, seen);
            }
        } else if (t instanceof WildcardType w) {
            for (Type u : w.getUpperBounds()) {
                types(u, names, seen);
            }
        }
    }
}
