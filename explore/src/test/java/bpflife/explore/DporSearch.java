package bpflife.explore;

import bpflife.model.Env;
import bpflife.protocol.ActorId;
import bpflife.protocol.Choice;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Every interleaving of a scenario up to reordering of independent deliveries, by dynamic
 * partial-order reduction (Flanagan and Godefroid, POPL 2005) adapted to actors, with sleep sets.
 *
 * <p>Two deliveries are dependent when they go to the same object; everything else commutes
 * (disjoint state, disjoint channels). After each delivery the search looks, for every message
 * now at a channel head, for the last delivery to the same receiver that did not happen before
 * that message was sent: the two race, and the state before the earlier one gets a backtrack
 * point that delivers the later message (or, if it was not sent yet, a step on its way) first.
 * Happens-before comes from vector clocks over deliveries: a delivery follows the one that sent
 * its message and the previous delivery to the same receiver.
 *
 * <p>Assumptions and guarantees: explores at least one execution of every Mazurkiewicz trace,
 * so every reachable deadlock or final state and every invariant violation that depends only on
 * the order of dependent deliveries is found; states are counted exactly (a set of canonical
 * states). Stops at the first violation and gives its schedule.
 */
public final class DporSearch {

    /** What the search did: distinct states, deliveries made, complete executions, time. */
    public record Stats(long states, long transitions, long executions, boolean complete) {}

    public record Outcome(Stats stats, List<Choice> violating, Set<WorldKey> finalStates) {}

    private record Name(ActorId sender, ActorId receiver) {}

    /** One delivery of the current execution: its receiver, the step that sent its message, its clock. */
    private record Delivery(Name channel, long sentAt, Map<ActorId, Integer> clock) {}

    /** One state of the current execution, with its DPOR bookkeeping. */
    private static final class Level {
        /** Where the runtime's undo log stood when this state was first reached (-1: not yet). */
        long mark = -1;
        List<Name> enabled;
        final Set<Name> backtrack = new LinkedHashSet<>();
        final Set<Name> done = new HashSet<>();
        Set<Name> sleep;
    }

    private final Env env;
    private final long stateLimit;
    private final boolean keepFinal;
    private final Consumer<Stats> progress;
    private final Set<WorldKey> seen = new HashSet<>();
    private final Set<WorldKey> finals = new HashSet<>();
    private final List<Delivery> trace = new ArrayList<>();
    private final List<Level> levels = new ArrayList<>();
    private final List<Choice> path = new ArrayList<>();
    private long transitions;
    private long executions;
    private List<Choice> violating;
    private boolean truncated;

    public DporSearch(Env env, long stateLimit, boolean keepFinal, Consumer<Stats> progress) {
        this.env = env;
        this.stateLimit = stateLimit;
        this.keepFinal = keepFinal;
        this.progress = progress;
    }

    public Outcome run() {
        DeterministicRuntime rt = new DeterministicRuntime(env, new FirstEnabledStrategy(), Stepper.KERNEL,
                new DeterministicRuntime.Options(Long.MAX_VALUE, false, null));
        rt.recordUndo();
        rt.start();
        explore(rt, Set.of());
        return new Outcome(stats(), violating, keepFinal ? Set.copyOf(finals) : Set.of());
    }

    private Stats stats() {
        return new Stats(seen.size(), transitions, executions, violating == null && !truncated);
    }

    private void explore(DeterministicRuntime rt, Set<Name> sleep) {
        seen.add(rt.stateKey());
        if (progress != null && (transitions & 0xFFFF) == 0) {
            progress.accept(stats());
        }
        if (seen.size() > stateLimit) {
            truncated = true;
            return;
        }
        if (rt.finished()) {
            executions++;
            if (!rt.violations().isEmpty()) {
                violating = List.copyOf(path);
            } else if (keepFinal) {
                finals.add(rt.stateKey());
            }
            return;
        }
        Level here = new Level();
        here.sleep = sleep;
        here.enabled = new ArrayList<>();
        for (Channel ch : rt.enabled()) {
            here.enabled.add(new Name(ch.sender(), ch.receiver()));
        }
        levels.add(here);
        for (Channel ch : rt.enabled()) {
            addRaces(new Name(ch.sender(), ch.receiver()), ch.headSentAt());
        }
        for (Name c : here.enabled) {
            if (!sleep.contains(c)) {
                here.backtrack.add(c);
                break;
            }
        }
        boolean first = true;
        while (violating == null && !truncated) {
            Name c = nextToExplore(here);
            if (c == null) {
                break;
            }
            if (!first) {
                rt.undoTo(here.mark);
            } else if (here.mark < 0) {
                here.mark = rt.mark();
            }
            first = false;
            Set<Name> childSleep = new HashSet<>();
            for (Name s : here.sleep) {
                if (!s.receiver().equals(c.receiver())) {
                    childSleep.add(s);
                }
            }
            for (Name s : here.done) {
                if (!s.receiver().equals(c.receiver())) {
                    childSleep.add(s);
                }
            }
            here.done.add(c);
            int index = indexOf(rt, c);
            Channel ch = rt.enabled().get(index);
            trace.add(new Delivery(c, ch.headSentAt(), clockFor(c.receiver(), ch.headSentAt())));
            path.add(new Choice(ch.receiver(), ch.sender(), ch.headSeq()));
            rt.deliverAt(index);
            transitions++;
            explore(rt, childSleep);
            trace.remove(trace.size() - 1);
            path.remove(path.size() - 1);
        }
        levels.remove(levels.size() - 1);
    }

    /** The index in {@code rt.enabled()} of the channel {@code c}; it must be enabled. */
    private static int indexOf(DeterministicRuntime rt, Name c) {
        for (int i = 0; i < rt.enabled().size(); i++) {
            Channel ch = rt.enabled().get(i);
            if (ch.sender().equals(c.sender()) && ch.receiver().equals(c.receiver())) {
                return i;
            }
        }
        throw new IllegalStateException(c.sender() + " -> " + c.receiver() + " is no longer enabled");
    }

    private static Name nextToExplore(Level l) {
        for (Name c : l.backtrack) {
            if (!l.done.contains(c) && !l.sleep.contains(c)) {
                return c;
            }
        }
        return null;
    }

    /** The clock of the next delivery to {@code receiver} of a message sent at step {@code sentAt}. */
    private Map<ActorId, Integer> clockFor(ActorId receiver, long sentAt) {
        Map<ActorId, Integer> clock = new HashMap<>();
        int last = lastOn(receiver, trace.size());
        if (last > 0) {
            clock.putAll(trace.get(last - 1).clock());
        }
        if (sentAt > 0) {
            trace.get((int) sentAt - 1).clock().forEach((a, v) -> clock.merge(a, v, Math::max));
        }
        clock.put(receiver, trace.size() + 1);
        return clock;
    }

    /** The 1-based index of the last delivery to {@code receiver} among the first {@code upTo}, or 0. */
    private int lastOn(ActorId receiver, int upTo) {
        for (int k = upTo; k >= 1; k--) {
            if (trace.get(k - 1).channel().receiver().equals(receiver)) {
                return k;
            }
        }
        return 0;
    }

    /** Whether delivery {@code i} (1-based) happens before delivery {@code j}. */
    private boolean happensBefore(int i, int j) {
        if (i > j || j == 0) {
            return false;
        }
        Integer v = trace.get(j - 1).clock().get(trace.get(i - 1).channel().receiver());
        return v != null && v >= i;
    }

    /**
     * The next delivery of channel {@code c} (its message sent at step {@code sentAt}) races with the
     * last delivery to the same receiver unless that one happened before the send.
     */
    private void addRaces(Name c, long sentAt) {
        int i = lastOn(c.receiver(), trace.size());
        if (i == 0 || happensBefore(i, (int) sentAt)) {
            return;
        }
        Level pre = levels.get(i - 1);
        if (pre.enabled.contains(c)) {
            pre.backtrack.add(c);
            return;
        }
        // the message was not sent yet: first take a step, enabled then, that leads to its send
        for (int j = i; j <= trace.size(); j++) {
            Name step = trace.get(j - 1).channel();
            if (pre.enabled.contains(step) && (j == sentAt || happensBefore(j, (int) sentAt))) {
                pre.backtrack.add(step);
                return;
            }
        }
        pre.backtrack.addAll(pre.enabled);
    }
}
