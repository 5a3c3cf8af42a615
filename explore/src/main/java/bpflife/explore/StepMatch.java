package bpflife.explore;

import bpflife.protocol.Choice;
import bpflife.protocol.StepRecord;
import java.util.List;
import java.util.Objects;

/**
 * How a replay matches what was recorded, the one rule for every replay: a schedule file's
 * ({@link ReplayStrategy}), a shrunk run's ({@link LenientReplayStrategy}) and a journal's
 * (persistence's {@code Replayer}, which also compares each step's outcome).
 */
public final class StepMatch {
    private StepMatch() {}

    /** Enabled deliveries named in a message before "... N more". */
    private static final int SHOWN = 8;

    /**
     * The enabled channel {@code c} delivers from: the same receiver and sender, with message
     * number {@code c.seq()} at its head; -1 if there is none. The first such channel if the list
     * holds several (a runtime's never does). A runtime's own list ({@link DeterministicRuntime#enabled()})
     * is searched by key, any other list is read in order.
     */
    public static int indexOf(List<Channel> enabled, Choice c) {
        if (enabled instanceof Channels.Enabled keyed) {
            return keyed.indexOf(c);
        }
        return scan(enabled, c);
    }

    /** {@link #indexOf}'s rule read channel by channel: the first match in list order. */
    static int scan(List<Channel> enabled, Choice c) {
        for (int i = 0; i < enabled.size(); i++) {
            Channel ch = enabled.get(i);
            if (ch.receiver.equals(c.receiver()) && ch.sender.equals(c.sender()) && ch.headSeq() == c.seq()) {
                return i;
            }
        }
        return -1;
    }

    /** Whether a replayed step produced what was recorded: equal in everything but the position. */
    public static boolean same(StepRecord recorded, StepRecord replayed) {
        return recorded.receiver().equals(replayed.receiver()) && recorded.sender().equals(replayed.sender())
                && recorded.channelSeq() == replayed.channelSeq() && recorded.message().equals(replayed.message())
                && recorded.events().equals(replayed.events()) && recorded.spawned().equals(replayed.spawned())
                && recorded.sent().equals(replayed.sent()) && Objects.equals(recorded.reply(), replayed.reply());
    }

    /** The enabled deliveries, as a schedule file writes them, for a message. */
    public static String describe(List<Channel> enabled) {
        if (enabled.isEmpty()) {
            return "nothing (the run is over)";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < enabled.size() && i < SHOWN; i++) {
            Channel ch = enabled.get(i);
            b.append(i == 0 ? "" : ", ").append(new Choice(ch.receiver, ch.sender, ch.headSeq()));
        }
        if (enabled.size() > SHOWN) {
            b.append(", ... ").append(enabled.size() - SHOWN).append(" more");
        }
        return b.toString();
    }
}
