package bpflife.cli.pictures;

import bpflife.model.BpfMap;
import bpflife.model.Bpffs;
import bpflife.model.Cgroup;
import bpflife.model.Cgroupfs;
import bpflife.model.Idr;
import bpflife.model.Inode;
import bpflife.model.Link;
import bpflife.model.ObjectState;
import bpflife.model.OpenFile;
import bpflife.model.Prog;
import bpflife.model.SeqSession;
import bpflife.model.SessionCounter;
import bpflife.model.Sync;
import bpflife.model.Task;
import bpflife.protocol.ActorId;
import bpflife.protocol.Msg;
import bpflife.protocol.StepRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;

/**
 * Who holds a reference on whom right after a step, as a Graphviz DOT graph: the picture of "who
 * keeps this link alive". Nodes are the objects that hold or are held (each with its refcount and
 * phase), a solid edge holder → object per kind of holding with the number of references on it,
 * and a dashed edge for each reference a message in flight carries (a put on its way, a granted
 * reference not yet received) from whoever it is on its way from or to (a put's sender, a grant's
 * receiver) to the object, labelled with the message. An object whose refcount differs from what the graph accounts for (holders plus
 * references in flight minus increments promised), or that is freed while something still points
 * at it, is drawn in red.
 *
 * <p>Assumptions and guarantees: {@code states} are the world right after step {@code step}
 * ({@code History.View.states()}, {@code Projection.statesAt}) and {@code records} the run's steps
 * up to and including it, from its first; pure, and the output is deterministic (objects in the
 * order they were made, edges in the order of their holders).
 */
public final class RefGraph {
    private RefGraph() {}

    /**
     * The DOT text of the references right after {@code step}; with a {@code focus} (or null: every
     * object), only it, what keeps it alive (its holders, theirs, ...) and what it holds, it bold.
     */
    public static String dot(SequencedMap<ActorId, ObjectState> states, List<StepRecord> records, long step,
            String title, ActorId focus) {
        // holder -> (held -> count), in the order the holders were made
        SequencedMap<ActorId, SequencedMap<ActorId, Integer>> holds = new LinkedHashMap<>();
        Map<ActorId, Integer> heldBy = new HashMap<>();
        for (ObjectState s : states.values()) {
            for (ActorId held : s.holds()) {
                holds.computeIfAbsent(s.self(), k -> new LinkedHashMap<>()).merge(held, 1, Integer::sum);
                heldBy.merge(held, 1, Integer::sum);
            }
        }
        List<InFlight> flying = inFlight(records, step);
        Map<ActorId, Integer> carried = new HashMap<>();
        Map<ActorId, Integer> promised = new HashMap<>();
        for (InFlight f : flying) {
            if (f.msg().carries() != null) {
                carried.merge(f.msg().carries(), 1, Integer::sum);
            }
            if (f.msg().increments() != null) {
                promised.merge(f.msg().increments(), 1, Integer::sum);
            }
        }
        Set<ActorId> shown = new LinkedHashSet<>();
        for (ObjectState s : states.values()) {
            ActorId id = s.self();
            boolean counted = s.refcount() >= 0 && !s.freed();
            if (holds.containsKey(id) || heldBy.containsKey(id) || counted || carried.containsKey(id)) {
                shown.add(id);
            }
        }
        for (InFlight f : flying) {
            if (f.msg().carries() != null) {
                shown.add(f.bearer());
                shown.add(f.msg().carries());
            }
        }
        if (focus != null) {
            shown.retainAll(keepers(focus, holds, flying));
        }

        StringBuilder b = new StringBuilder(4096);
        b.append("digraph refs {\n")
                .append("  label=").append(quote(title + " — references right after step " + step)).append(";\n")
                .append("  labelloc=t; rankdir=LR; fontname=\"Helvetica\";\n")
                .append("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#f6f8fa\", fontname=\"Helvetica\", fontsize=11];\n")
                .append("  edge [fontname=\"Helvetica\", fontsize=10];\n");
        for (ActorId id : shown) {
            ObjectState s = states.get(id);
            StringBuilder label = new StringBuilder(id.key());
            boolean wrong = false;
            if (s != null) {
                String phase = phase(s);
                if (!phase.isEmpty()) {
                    label.append('\n').append(phase);
                }
                if (s.refcount() >= 0) {
                    long accounted = heldBy.getOrDefault(id, 0) + carried.getOrDefault(id, 0)
                            - promised.getOrDefault(id, 0);
                    label.append("\nrefcnt ").append(s.refcount());
                    if (accounted != s.refcount() && !s.freed()) {
                        label.append(" (holders ").append(accounted).append(")");
                        wrong = true;
                    }
                }
                wrong |= s.freed() && heldBy.containsKey(id);
            }
            b.append("  ").append(quote(id.key())).append(" [label=").append(quote(label.toString()))
                    .append(", fillcolor=").append(quote(wrong ? "#ffd7d7" : fill(id)));
            if (wrong) {
                b.append(", color=\"#d00020\", penwidth=2");
            }
            if (id.equals(focus)) {
                b.append(", penwidth=3");
            }
            b.append("];\n");
        }
        for (Map.Entry<ActorId, SequencedMap<ActorId, Integer>> h : holds.entrySet()) {
            for (Map.Entry<ActorId, Integer> e : h.getValue().entrySet()) {
                if (!shown.contains(h.getKey()) || !shown.contains(e.getKey())) {
                    continue;
                }
                b.append("  ").append(quote(h.getKey().key())).append(" -> ").append(quote(e.getKey().key()));
                if (e.getValue() > 1) {
                    b.append(" [label=").append(quote("×" + e.getValue())).append(", penwidth=2]");
                }
                b.append(";\n");
            }
        }
        for (InFlight f : flying) {
            if (f.msg().carries() != null && shown.contains(f.bearer()) && shown.contains(f.msg().carries())) {
                b.append("  ").append(quote(f.bearer().key())).append(" -> ").append(quote(f.msg().carries().key()))
                        .append(" [style=dashed, color=\"#8250df\", fontcolor=\"#8250df\", label=")
                        .append(quote(f.describe())).append("];\n");
            }
        }
        b.append("}\n");
        return b.toString();
    }

    /**
     * The object and everything that keeps it alive: its holders, their holders, and so on, with
     * the bearers of references to any of them in flight; what the object itself holds, one level.
     */
    static Set<ActorId> keepers(ActorId focus, SequencedMap<ActorId, SequencedMap<ActorId, Integer>> holds,
            List<InFlight> flying) {
        Set<ActorId> keep = new LinkedHashSet<>();
        java.util.ArrayDeque<ActorId> todo = new java.util.ArrayDeque<>(List.of(focus));
        while (!todo.isEmpty()) {
            ActorId held = todo.poll();
            if (!keep.add(held)) {
                continue;
            }
            for (Map.Entry<ActorId, SequencedMap<ActorId, Integer>> h : holds.entrySet()) {
                if (h.getValue().containsKey(held)) {
                    todo.add(h.getKey());
                }
            }
            for (InFlight f : flying) {
                if (held.equals(f.msg().carries())) {
                    todo.add(f.bearer());
                }
            }
        }
        keep.addAll(holds.getOrDefault(focus, new LinkedHashMap<>()).keySet());
        return keep;
    }

    /** A message sent by step ≤ {@code step} and not yet delivered. */
    record InFlight(ActorId from, ActorId to, Msg msg) {
        /**
         * Who the carried reference is on its way from or to: the receiver of a grant, the sender
         * of a put (a message to the referenced object itself).
         */
        ActorId bearer() {
            return to.equals(msg.carries()) ? from : to;
        }

        String describe() {
            return Labels.message(msg) + (to.equals(msg.carries()) ? "" : " from " + from.key()) + " (in flight)";
        }
    }

    /** The messages in flight right after {@code step}: every channel's sends less its deliveries, in order. */
    static List<InFlight> inFlight(List<StepRecord> records, long step) {
        Map<String, ArrayDeque<InFlight>> channels = new LinkedHashMap<>();
        for (StepRecord r : records) {
            if (r.position() > step) {
                break;
            }
            ArrayDeque<InFlight> q = channels.get(r.sender().key() + ">" + r.receiver().key());
            if (q != null) {
                q.poll();
            }
            for (StepRecord.Envelope e : r.sent()) {
                channels.computeIfAbsent(r.receiver().key() + ">" + e.to().key(), k -> new ArrayDeque<>())
                        .add(new InFlight(r.receiver(), e.to(), e.msg()));
            }
        }
        List<InFlight> out = new ArrayList<>();
        channels.values().forEach(out::addAll);
        return out;
    }

    /** An object's phase in a word or two (a link's PRIMED ... FREED, a task's status). */
    static String phase(ObjectState s) {
        return switch (s) {
            case Prog.State p -> p.phase().name();
            case Link.State l -> l.phase().name();
            case BpfMap.State m -> m.phase().name();
            case Cgroup.State c -> c.gone() ? "gone" : c.online() ? "online" : "offline";
            case OpenFile.State f -> f.phase().name();
            case SeqSession.State ss -> ss.phase().name();
            case Inode.State i -> "nlink " + i.nlink() + (i.destroyed() ? ", destroyed" : "");
            case Task.State t -> t.status().name();
            case Bpffs.State bf -> "";
            case Cgroupfs.State cf -> "";
            case Idr.State idr -> "";
            case SessionCounter.State sc -> "";
            case Sync.State sy -> "";
            case bpflife.model.Mm.State mm -> mm.phase().name();
            case bpflife.model.FilesTable.State ft -> ft.phase().name();
        };
    }

    private static String fill(ActorId id) {
        return switch (id.kind()) {
            case TASK -> "#ddf4ff";
            case FILE -> "#fff1d6";
            case SESSION -> "#f1e6ff";
            case LINK -> "#dafbe1";
            case PROG -> "#e7f0ff";
            case MAP -> "#fde8f2";
            case INODE -> "#f0f0e0";
            case CGROUP, MM, FILES -> "#e0f0f0";
            case SERVICE -> "#eeeeee";
        };
    }

    /** A DOT string: double-quoted, {@code "} and {@code \} escaped, a newline as DOT's line break. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                b.append("\\\"");
            } else if (c == '\\') {
                b.append("\\\\");
            } else if (c == '\n') {
                b.append("\\n");
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
