package bpflife.kernel;

import java.util.Locale;

/**
 * The order in which the kernel run (and the model's serialized run) makes the calls of the
 * model's run: the order in which they entered, or the order in which they returned. See
 * {@link ModelTrace}.
 */
public enum CallOrder {
    ENTERED, RETURNED;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CallOrder byWord(String w) {
        for (CallOrder o : values()) {
            if (o.word().equals(w)) {
                return o;
            }
        }
        return null;
    }
}
