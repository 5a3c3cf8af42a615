package bpflife.explore;

import java.util.List;

/**
 * Decides which enabled channel's head is delivered next. Every choice of a run comes from here,
 * so a run is determined by its scenario, its semantics and its scheduler's choices.
 */
public interface Scheduler {

    /** The index into {@code enabled} (non-empty channels in creation order) to deliver next. */
    int pick(List<Channel> enabled);

    /** A name for reports, such as {@code random(seed=42)}. */
    String describe();
}
