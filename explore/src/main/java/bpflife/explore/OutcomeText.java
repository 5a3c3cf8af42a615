package bpflife.explore;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * An outcome set as text and as JSON (docs/OUTCOMES-JSON.md lists the fields), in a stable order
 * (outcomes sorted by their text), for {@code explore} and {@code kernel --runs}:
 * <pre>
 * outcomes   3 (of 41 terminal states)
 *   #1  12 terminal states
 *       setup: 9=3 10=4 11=0 12=0
 *       cat1: 20=ENOENT
 *       ...
 * expectations (on every terminal state):
 *   always     cat1: f = open /sys/fs/bpf/tasks/foo =&gt; ok | ENOENT
 *   sometimes  dump cat1.f: complete   (fails on 3 of 41)
 * </pre>
 */
public final class OutcomeText {
    private OutcomeText() {}

    public static String text(Outcomes.OutcomeSet set) {
        StringBuilder b = new StringBuilder();
        b.append("outcomes   ").append(set.outcomes().size()).append(" (of ").append(set.terminalStates())
                .append(" terminal states").append(set.complete() ? "" : "; incomplete: the search stopped at its bound")
                .append(")\n");
        int i = 0;
        for (Outcomes.Count c : set.outcomes()) {
            i++;
            b.append("  #").append(i).append("  ").append(c.terminalStates())
                    .append(c.terminalStates() == 1 ? " terminal state\n" : " terminal states\n");
            for (String line : c.outcome().lines()) {
                b.append("      ").append(line).append('\n');
            }
        }
        if (!set.violations().isEmpty()) {
            b.append("invariant violations met (not terminal states): ").append(String.join(", ", set.violations()))
                    .append('\n');
        }
        b.append("expectations (on every terminal state):\n");
        if (set.expectations().isEmpty()) {
            b.append("  (none)\n");
        }
        for (Outcomes.Verdict v : set.expectations()) {
            b.append(String.format(Locale.ROOT, "  %-13s %s", v.word(), v.text()));
            if (v.violated()) {
                b.append("   (fails on ").append(v.fails()).append(" of ").append(v.holds() + v.fails()).append(')');
            }
            if (v.notReached() > 0 && v.holds() + v.fails() > 0) {
                b.append("   (not reached on ").append(v.notReached()).append(')');
            }
            b.append('\n');
        }
        return b.toString();
    }

    public static ObjectNode json(Outcomes.OutcomeSet set) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode n = f.objectNode();
        n.put("version", 1);
        n.put("scenario", set.scenario());
        n.put("terminal_states", set.terminalStates());
        n.put("complete", set.complete());
        ArrayNode outs = n.putArray("outcomes");
        for (Outcomes.Count c : set.outcomes()) {
            ObjectNode o = outs.addObject();
            o.put("terminal_states", c.terminalStates());
            ArrayNode lines = o.putArray("observed");
            c.outcome().lines().forEach(lines::add);
        }
        ArrayNode ex = n.putArray("expectations");
        for (Outcomes.Verdict v : set.expectations()) {
            ObjectNode o = ex.addObject();
            o.put("expectation", v.text());
            o.put("line", v.pos().line());
            o.put("verdict", v.word().replace(' ', '_'));
            o.put("holds", v.holds());
            o.put("fails", v.fails());
            o.put("not_reached", v.notReached());
        }
        ArrayNode vs = n.putArray("violations");
        set.violations().forEach(vs::add);
        return n;
    }
}
