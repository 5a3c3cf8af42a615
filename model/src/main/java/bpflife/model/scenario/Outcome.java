package bpflife.model.scenario;

import java.util.List;

/** What a statement is expected to return ({@code => ...} after a call). */
public sealed interface Outcome {

    /**
     * Alternatives such as {@code ok}, {@code ENOENT}, {@code eof} (a read that returned 0);
     * one of them must match.
     */
    record Results(List<String> alternatives) implements Outcome {}

    /** For {@code link show} / {@code prog show}: exactly these objects, in id order; empty = none. */
    record Listing(List<ShowEntry> entries) implements Outcome {}
}
