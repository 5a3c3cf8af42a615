package bpflife.model.scenario;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What an fd variable was bound to, as far as the text tells: the checks refuse a prog where a
 * link is needed and so on. {@code obj get} can return any kind of object, so its variables (and
 * their dups) are {@link #ANY} and fit everywhere.
 */
enum VarKind {
    PROG, MAP, LINK, SESSION, CGROUP, ANY;

    String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean fits(Set<VarKind> needed) {
        return this == ANY || needed.contains(this);
    }

    /** "a prog variable", "a prog, map or link variable". */
    static String describe(Set<VarKind> needed) {
        if (needed.containsAll(EnumSet.complementOf(EnumSet.of(ANY)))) {
            return "an fd variable";
        }
        List<String> words = needed.stream().filter(k -> k != ANY).map(VarKind::word).toList();
        return "a " + Words.orList(words) + " variable";
    }
}
