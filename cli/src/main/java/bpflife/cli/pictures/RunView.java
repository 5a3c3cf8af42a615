package bpflife.cli.pictures;

import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.Stmt;
import bpflife.model.scenario.TaskDef;
import bpflife.protocol.ActorId;
import bpflife.protocol.Event;
import bpflife.protocol.StepRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.TreeSet;

/**
 * A run's journal read for drawing: its objects (lifelines, tracks, nodes) and, for each delivery,
 * the step that sent the message ({@link #origin}) and the scenario statement it serves
 * ({@link #source}). Every picture (sequence diagram, trace, graph) reads the journal through it,
 * so they name objects and steps alike.
 *
 * <p>Assumptions and guarantees: {@code records} are one run's steps in their global order from its
 * first step (a picture of a window is cut from the whole run's view, so every message's sending
 * step is seen before it). Messages no step sent (the world's first {@code Start}) have no origin. Objects are ordered by kind (tasks,
 * files, sessions, links, progs, maps, inodes, cgroups, services) and, within a kind, by first
 * appearance, so the order depends only on the journal. Pure: no I/O, no clock.
 */
public final class RunView {

    /** One delivery with what the pictures need beside the record. */
    public record Step(StepRecord record, int sender, int receiver, long origin, int source) {}

    /** A scenario statement: the task, its file position and its text. */
    public record Source(String task, int line, String text) {
        public String label() {
            return "line " + line + " (" + task + "): " + text;
        }
    }

    private final List<ActorId> objects;
    private final List<Step> steps;
    private final List<Source> sources;
    private final Map<Long, Integer> byPosition;

    private RunView(List<ActorId> objects, List<Step> steps, List<Source> sources, Map<Long, Integer> byPosition) {
        this.objects = objects;
        this.steps = steps;
        this.sources = sources;
        this.byPosition = byPosition;
    }

    public List<ActorId> objects() {
        return objects;
    }

    public List<Step> steps() {
        return steps;
    }

    public List<Source> sources() {
        return sources;
    }

    /** The step at a journal position, or null if this view does not hold it. */
    public Step at(long position) {
        Integer i = byPosition.get(position);
        return i == null ? null : steps.get(i);
    }

    /** The source of a step, or null. */
    public Source source(Step s) {
        return s.source() < 0 ? null : sources.get(s.source());
    }

    /** Builds the view; {@code scenario} (may be null) gives each call's source line. */
    public static RunView of(List<StepRecord> records, Scenario scenario) {
        SequencedMap<ActorId, Integer> seen = new LinkedHashMap<>();
        for (StepRecord r : records) {
            seen.putIfAbsent(r.sender(), seen.size());
            seen.putIfAbsent(r.receiver(), seen.size());
            r.spawned().forEach(sp -> seen.putIfAbsent(sp.id(), seen.size()));
            r.sent().forEach(e -> seen.putIfAbsent(e.to(), seen.size()));
        }
        List<ActorId> objects = new ArrayList<>(seen.keySet());
        // by kind first, then by first appearance (a stable sort keeps it)
        objects.sort((a, b) -> Integer.compare(rank(a), rank(b)));
        Map<ActorId, Integer> index = new HashMap<>();
        for (int i = 0; i < objects.size(); i++) {
            index.put(objects.get(i), i);
        }

        // (sender > receiver) -> positions of the steps that sent each message on that channel, in order
        Map<String, List<Long>> sends = new HashMap<>();
        // a task's call in progress: the source of the statement it entered
        Map<ActorId, Integer> callOf = new HashMap<>();
        Map<String, Integer> sourceIndex = new HashMap<>();
        List<Source> sources = new ArrayList<>();
        List<Step> steps = new ArrayList<>(records.size());
        Map<Long, Integer> byPosition = new HashMap<>();
        for (StepRecord r : records) {
            long origin = origin(sends, r);
            int source = -1;
            if (origin > 0 && byPosition.containsKey(origin)) {
                source = steps.get(byPosition.get(origin)).source();
            }
            if (r.receiver() instanceof ActorId.TaskId) {
                Integer current = callOf.get(r.receiver());
                for (Event e : r.events()) {
                    if (e instanceof Event.SyscallEntered en) {
                        current = sourceOf(scenario, r.receiver(), en.pc(), sourceIndex, sources);
                        callOf.put(r.receiver(), current);
                    }
                }
                if (current != null) {
                    source = current;
                }
                for (Event e : r.events()) {
                    if (e instanceof Event.SyscallReturned || e instanceof Event.TaskExited
                            || e instanceof Event.TaskBailed) {
                        callOf.remove(r.receiver());
                    }
                }
            }
            for (StepRecord.Envelope e : r.sent()) {
                sends.computeIfAbsent(r.receiver().key() + ">" + e.to().key(), k -> new ArrayList<>()).add(r.position());
            }
            byPosition.put(r.position(), steps.size());
            steps.add(new Step(r, index.get(r.sender()), index.get(r.receiver()), origin, source));
        }
        return new RunView(List.copyOf(objects), Collections.unmodifiableList(steps), List.copyOf(sources), byPosition);
    }

    /** The step that sent r's message (the oldest send still queued on its channel), or 0 when no step did. */
    private static long origin(Map<String, List<Long>> sends, StepRecord r) {
        List<Long> on = sends.get(r.sender().key() + ">" + r.receiver().key());
        if (on == null || on.isEmpty()) {
            return 0;
        }
        // messages on a channel are delivered in order: this one is the oldest still queued
        return on.remove(0);
    }

    private static Integer sourceOf(Scenario sc, ActorId task, int pc, Map<String, Integer> index, List<Source> out) {
        if (sc == null) {
            return null;
        }
        TaskDef t = sc.task(task.name());
        if (t == null || pc < 0 || pc >= t.body().size()) {
            return null;
        }
        Stmt st = t.body().get(pc);
        String key = task.name() + "#" + pc;
        return index.computeIfAbsent(key, k -> {
            out.add(new Source(task.name(), st.pos().line(), st.text()));
            return out.size() - 1;
        });
    }

    /** Lifeline order by kind: user space on the left, the kernel's objects, then its singletons. */
    static int rank(ActorId id) {
        if (id.equals(ActorId.WORLD)) {
            return -1;
        }
        return switch (id.kind()) {
            case TASK -> 0;
            case FILE -> 1;
            case SESSION -> 2;
            case LINK -> 3;
            case PROG -> 4;
            case MAP -> 5;
            case INODE -> 6;
            case CGROUP, MM, FILES -> 7;
            case SERVICE -> 8;
        };
    }

    /**
     * The causal chain that led to a step: the step, the step that sent its message, that step's
     * own origin, and so on back to the start; positions in ascending order.
     */
    public TreeSet<Long> chainTo(long position) {
        TreeSet<Long> chain = new TreeSet<>();
        Step s = at(position);
        while (s != null && chain.add(s.record().position())) {
            s = s.origin() > 0 ? at(s.origin()) : null;
        }
        return chain;
    }
}
