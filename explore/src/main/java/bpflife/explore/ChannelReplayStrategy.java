package bpflife.explore;

import bpflife.protocol.Choice;
import java.util.List;

/**
 * Follows a schedule by channel only: each choice delivers the next message from its sender to
 * its receiver, whatever its number, and is skipped when that channel is empty; the first enabled
 * channel once the choices run out. When a shrunk scenario sends more or fewer messages on a
 * channel, the exact numbers of {@link LenientReplayStrategy} stop matching; the order of the
 * channels usually still makes the same race.
 */
final class ChannelReplayStrategy implements Scheduler {
    private final List<Choice> choices;
    private int next;

    ChannelReplayStrategy(List<Choice> choices) {
        this.choices = List.copyOf(choices);
    }

    @Override
    public int pick(List<Channel> enabled) {
        while (next < choices.size()) {
            Choice c = choices.get(next++);
            for (int i = 0; i < enabled.size(); i++) {
                Channel ch = enabled.get(i);
                if (ch.receiver.equals(c.receiver()) && ch.sender.equals(c.sender())) {
                    return i;
                }
            }
        }
        return 0;
    }

    @Override
    public String describe() {
        return "channel-replay(" + choices.size() + " deliveries)";
    }
}
