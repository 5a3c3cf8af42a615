package bpflife.model.scenario;

import java.util.List;

/** What a statement is expected to return ({@code => ...} after a call). */
public sealed interface Outcome {

    /** As a scenario writes it after {@code =>}: {@code ok | ENOENT}, or a listing's entries. */
    default String text() {
        return switch (this) {
            case Results r -> String.join(" | ", r.alternatives());
            case Listing l -> ShowEntry.text(l.entries());
        };
    }

    /**
     * Alternatives such as {@code ok}, {@code ENOENT}, {@code eof} (a read that returned 0);
     * one of them must match.
     */
    record Results(List<String> alternatives) implements Outcome {
        /**
         * Whether a return is one of the alternatives: its word ({@code ok}, {@code eof}, an errno),
         * or, for a read that returned {@code bytes} > 0 ({@code bytes} null for other calls), that
         * byte count ({@code read f 16 => 16}).
         */
        public boolean accepts(String word, Long bytes) {
            if (alternatives.contains(word)) {
                return true;
            }
            return bytes != null && bytes > 0 && alternatives.contains(Long.toString(bytes));
        }
    }

    /** For {@code link show} / {@code prog show}: exactly these objects, in id order; empty = none. */
    record Listing(List<ShowEntry> entries) implements Outcome {}
}
