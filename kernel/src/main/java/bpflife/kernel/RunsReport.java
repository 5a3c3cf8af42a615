package bpflife.kernel;

import bpflife.explore.Outcomes;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;

/** {@code kernel --runs K} as text and JSON: the kernel's histogram beside the model's outcome set. */
public final class RunsReport {
    private RunsReport() {}

    /** {@code pass}, {@code fail} (an outcome the model does not allow), {@code incomplete} or {@code skipped}. */
    public static String verdict(KernelRuns.Histogram h) {
        if (h.skipped()) {
            return "skipped";
        }
        if (h.fidelityFailure()) {
            return h.modelComplete() ? "fail" : "incomplete";
        }
        return "pass";
    }

    public static void print(KernelRuns.Histogram h, PrintWriter out) {
        out.println("scenario   " + h.scenario());
        for (String n : h.notes()) {
            out.println("note       " + n);
        }
        if (h.skipped()) {
            out.println();
            out.println("not run: " + h.skipReason());
            return;
        }
        out.println("model      " + h.modelStates().size() + " outcome(s) over " + h.modelTerminal()
                + " terminal states of the exhaustive search" + (h.modelComplete() ? "" : " (INCOMPLETE: bound reached)"));
        out.println("kernel     " + h.runs() + " run(s), " + (h.order() == null
                ? "the tasks at once on their own threads and processes"
                : "forced order: the model's calls one at a time as they " + h.order().word()));
        out.println("compared   each statement's result, each dump's program, objects (exact where the kernel shows "
                + "the scenario's own), completeness; the links and progs left at the end");
        out.println();
        out.println("observed on the kernel:");
        int i = 0;
        for (KernelRuns.Observed o : h.observed()) {
            i++;
            Long states = h.modelStates().get(o.outcome());
            out.println("  #" + i + "  " + o.runs() + " of " + h.runs() + " runs   " + (o.allowed()
                    ? "allowed (" + states + " terminal state" + (states == 1 ? "" : "s") + " in the model)"
                    : "NOT ALLOWED by the model"));
            for (String line : o.outcome().lines()) {
                out.println("      " + line);
            }
        }
        out.println();
        out.println("allowed by the model, never observed (information):");
        if (h.neverObserved().isEmpty()) {
            out.println("  (none)");
        }
        for (Outcomes.Result r : h.neverObserved()) {
            out.println("  " + h.modelStates().get(r) + " terminal state(s)");
            for (String line : r.lines()) {
                out.println("      " + line);
            }
        }
        for (KernelRuns.Observed o : h.observed()) {
            if (!o.allowed()) {
                out.println();
                out.println("fidelity failure: run " + o.firstRun() + " observed an outcome the model does not allow;"
                        + " its trace (calls in the order they returned):");
                o.trace().forEach(t -> out.println("  " + t));
            }
        }
        out.println();
        long allowedSeen = h.observed().stream().filter(KernelRuns.Observed::allowed).count();
        String v = verdict(h);
        out.println("verdict: " + switch (v) {
            case "pass" -> "PASS (every observed outcome is allowed; " + allowedSeen + " of " + h.modelStates().size()
                    + " allowed outcomes observed)";
            case "fail" -> "FIDELITY FAILURE (" + h.observed().stream().filter(o -> !o.allowed()).count()
                    + " observed outcome(s) the model does not allow)";
            default -> "INCOMPLETE (an observed outcome is outside the model's set, but the model's search did not "
                    + "finish)";
        });
    }

    public static ObjectNode json(KernelRuns.Histogram h) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("version", 1);
        n.put("scenario", h.scenario());
        n.put("verdict", verdict(h));
        if (h.skipped()) {
            n.put("reason", h.skipReason());
            return n;
        }
        n.put("runs", h.runs());
        n.put("order", h.order() == null ? "races" : h.order().word());
        n.put("model_complete", h.modelComplete());
        n.put("model_terminal_states", h.modelTerminal());
        ArrayNode obs = n.putArray("observed");
        for (KernelRuns.Observed o : h.observed()) {
            ObjectNode e = obs.addObject();
            e.put("runs", o.runs());
            e.put("allowed", o.allowed());
            Long states = h.modelStates().get(o.outcome());
            e.put("model_terminal_states", states == null ? 0 : states);
            ArrayNode lines = e.putArray("outcome");
            o.outcome().lines().forEach(lines::add);
            if (!o.allowed()) {
                e.put("first_run", o.firstRun());
                ArrayNode t = e.putArray("trace");
                o.trace().forEach(t::add);
            }
        }
        ArrayNode never = n.putArray("never_observed");
        for (Outcomes.Result r : h.neverObserved()) {
            ObjectNode e = never.addObject();
            e.put("model_terminal_states", h.modelStates().get(r));
            ArrayNode lines = e.putArray("outcome");
            r.lines().forEach(lines::add);
        }
        return n;
    }
}
