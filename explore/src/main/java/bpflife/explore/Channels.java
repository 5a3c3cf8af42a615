package bpflife.explore;

import bpflife.protocol.ActorId;
import bpflife.protocol.Choice;
import bpflife.protocol.Msg;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.RandomAccess;

/**
 * The deterministic runtime's channels: one FIFO per (sender, receiver), numbered in creation
 * order, and the enabled ones (non-empty) kept in that order, which is the order a scheduler is
 * offered them. Sending logs its undo to the runtime's log while it records; a channel whose
 * creation is undone is kept, unborn, and made again cheaply when a search comes back.
 */
final class Channels {
    private final HashMap<ActorId, HashMap<ActorId, Channel>> table = new HashMap<>();
    /** The non-empty channels, in creation order; the runtime takes heads off them. */
    final List<Channel> enabled = new ArrayList<>();
    /** The enabled channels, read-only, as a scheduler is offered them; it finds a choice's channel by key. */
    final Enabled enabledView = new Enabled();
    private int count;
    private List<Runnable> undo;
    private ChangeLog changes;

    void recordUndo(List<Runnable> log) {
        undo = log;
    }

    void track(ChangeLog log) {
        changes = log;
    }

    /** Tells a state interner that the channel's contents changed. */
    void touch(Channel ch) {
        if (changes != null) {
            changes.channel(ch);
        }
    }

    /** Appends {@code m}, sent by the step at {@code position}, to the channel from {@code from} to {@code to}. */
    void send(ActorId from, ActorId to, Msg m, long position) {
        Channel ch = channel(from, to);
        if (ch.queue.isEmpty()) {
            Channel.insert(enabled, ch);
        }
        ch.queue.addLast(m);
        ch.sentAt.addLast(position);
        touch(ch);
        if (undo != null) {
            undo.add(() -> {
                ch.queue.pollLast();
                ch.sentAt.pollLast();
                if (ch.queue.isEmpty()) {
                    Channel.remove(enabled, ch);
                }
                touch(ch);
            });
        }
    }

    /**
     * A read-only view of the enabled channels that finds a {@link Choice}'s channel through the
     * (sender, receiver) table and a binary search by creation order, where {@link StepMatch}'s scan
     * would read every enabled channel: same answer, since a pair has one channel and the enabled
     * list holds a channel at most once.
     */
    final class Enabled extends AbstractList<Channel> implements RandomAccess {
        @Override
        public Channel get(int i) {
            return enabled.get(i);
        }

        @Override
        public int size() {
            return enabled.size();
        }

        /** The position of the enabled channel {@code c} delivers from, or -1: see {@link StepMatch#indexOf}. */
        int indexOf(Choice c) {
            HashMap<ActorId, Channel> out = table.get(c.sender());
            Channel ch = out == null ? null : out.get(c.receiver());
            if (ch == null || ch.index < 0 || ch.queue.isEmpty() || ch.headSeq() != c.seq()) {
                return -1;
            }
            int i = Channel.find(enabled, ch);
            if (i < 0) {
                throw new IllegalStateException("a non-empty channel must be in the enabled list: " + ch.sender
                        + " -> " + ch.receiver);
            }
            return i;
        }
    }

    /** The channel from {@code from} to {@code to}, made (or born again after an undo) if need be. */
    private Channel channel(ActorId from, ActorId to) {
        HashMap<ActorId, Channel> out = table.computeIfAbsent(from, k -> new HashMap<>());
        Channel ch = out.get(to);
        if (ch != null && ch.index >= 0) {
            return ch;
        }
        if (ch == null) {
            ch = new Channel(from, to, count++);
            out.put(to, ch);
        } else {
            ch.index = count++;
        }
        if (undo != null) {
            Channel unmade = ch;
            undo.add(() -> {
                unmade.index = -1;
                count--;
            });
        }
        return ch;
    }
}
