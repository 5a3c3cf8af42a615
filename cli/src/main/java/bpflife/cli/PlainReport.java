package bpflife.cli;

import bpflife.explore.Report;
import bpflife.explore.RunResult;
import bpflife.explore.Violation;
import bpflife.model.ObjectState;
import bpflife.model.Task;
import bpflife.model.scenario.Outcome;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.Stmt;
import bpflife.model.scenario.TaskDef;
import bpflife.model.world.Listings;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.Info;
import bpflife.protocol.Result;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The plain report of one run, for a kernel developer: each task's statements with what they
 * returned (strace style, {@code = 3}, {@code = ENOENT (No such file or directory)}), the bytes
 * each read returned and what each listing printed, the final {@code link show} / {@code prog show}
 * as bpftool prints them, the expectations, the invariants and a last {@code verdict:} line.
 */
final class PlainReport {
    private PlainReport() {}

    static final String CHECK_MARK = "\u2713";
    /** Longest statement column; longer statements push their result right. */
    private static final int MAX_LEFT = 44;
    /** A {@code read ... until eof} with more results is summarized. */
    private static final int MAX_LISTED_READS = 12;
    /** Indentation of the lines printed under a statement (dumped bytes, listings). */
    private static final String UNDER = "      ";

    static void write(PrintWriter out, RunResult run, Report rep) {
        header(out, run, rep);
        tasks(out, run, rep);
        listing(out, "link show", rep.linkShow());
        listing(out, "prog show", rep.progShow());
        expectations(out, rep);
        invariants(out, rep);
        out.println();
        out.println(Verdict.of(rep).line());
        out.flush();
    }

    private static void header(PrintWriter out, RunResult run, Report rep) {
        out.println("scenario   " + rep.scenario());
        out.println("file       " + rep.file());
        out.println("semantics  " + rep.semantics() + ": " + run.semantics().summary());
        out.println("scheduler  " + rep.scheduler());
        out.println("steps      " + rep.steps());
    }

    // ---- tasks

    private static void tasks(PrintWriter out, RunResult run, Report rep) {
        List<Report.TaskCalls> shown = rep.tasks().stream().filter(t -> !t.calls().isEmpty()).toList();
        int width = 0;
        for (Report.TaskCalls t : shown) {
            for (Stmt st : run.scenario().task(t.task()).body()) {
                width = Math.max(width, st.text().length());
            }
        }
        width = Math.min(width, MAX_LEFT);
        for (Report.TaskCalls t : shown) {
            out.println();
            task(out, run, t, width);
        }
    }

    private static void task(PrintWriter out, RunResult run, Report.TaskCalls t, int width) {
        TaskDef def = run.scenario().task(t.task());
        out.println(def.name().equals(Scenario.SETUP) ? "setup:" : "task " + def.name() + ":");
        Map<Integer, Report.Call> byPc = new HashMap<>();
        t.calls().forEach(c -> byPc.put(c.pc(), c));
        ObjectState state = run.states().get(new TaskId(def.name()));
        Task.State ts = state instanceof Task.State s ? s : null;
        boolean exited = ts == null || ts.exited();
        for (int pc = 0; pc < def.body().size(); pc++) {
            Stmt st = def.body().get(pc);
            String left = "  " + Text.pad(st.text(), width) + "  ";
            boolean current = !exited && ts.call() != null && ts.pc() == pc;
            Report.Call c = byPc.get(pc);
            if (c == null) {
                out.println(left + (current ? "(did not return: the run stopped)" : "(not run)"));
                continue;
            }
            out.println(left + "= " + returned(c.results(), current) + mark(st, c.check()));
            under(out, c);
        }
    }

    /** What a statement returned: one value, or the sequence of a read until eof. */
    static String returned(List<Result> rs, boolean unfinished) {
        if (rs.size() == 1 && !unfinished) {
            return one(rs.get(0));
        }
        Result last = rs.get(rs.size() - 1);
        if (rs.size() <= MAX_LISTED_READS) {
            List<String> parts = new ArrayList<>();
            for (Result r : rs) {
                parts.add(r.ok() ? Long.toString(r.value()) : one(r));
            }
            if (unfinished) {
                parts.add("...");
            }
            return String.join(", ", parts);
        }
        long bytes = rs.stream().filter(Result::ok).mapToLong(r -> r.data() == null ? 0 : r.data().length()).sum();
        String end;
        if (unfinished) {
            end = "not finished";
        } else if (!last.ok()) {
            end = "then " + one(last);
        } else {
            end = "eof".equals(last.word()) ? "eof" : "last " + last.value();
        }
        return rs.size() + " reads, " + bytes + " bytes, " + end;
    }

    private static String one(Result r) {
        if (!r.ok()) {
            return r.errno().name() + " (" + r.errno().text() + ")";
        }
        if (r.listing() != null) {
            return r.listing().size() + " listed";
        }
        return Long.toString(r.value());
    }

    private static String mark(Stmt st, Report.Check check) {
        if (check == null) {
            return "";
        }
        if (check.ok()) {
            return "  " + CHECK_MARK;
        }
        String why = st.expect() instanceof Outcome.Results r ? "expected " + String.join(" | ", r.alternatives())
                : check.detail();
        return "  FAIL (" + why + ")";
    }

    /** The bytes a read statement returned, or the listing a show printed, indented under it. */
    private static void under(PrintWriter out, Report.Call c) {
        StringBuilder data = new StringBuilder();
        for (Result r : c.results()) {
            if (r.data() != null) {
                data.append(r.data());
            }
        }
        if (!data.isEmpty()) {
            String text = data.toString();
            if (text.endsWith("\n")) {
                text = text.substring(0, text.length() - 1);
            }
            for (String line : text.split("\n", -1)) {
                out.println(UNDER + line);
            }
        }
        Result last = c.last();
        if (last.listing() != null) {
            for (Info i : last.listing()) {
                out.println(UNDER + Bpftool.plain(i));
            }
        }
    }

    // ---- end of run

    private static void listing(PrintWriter out, String what, List<Listings.Entry> entries) {
        out.println();
        out.println(what + " (end of run):");
        if (entries.isEmpty()) {
            out.println("  (none)");
        }
        for (Listings.Entry e : entries) {
            out.println("  " + Bpftool.plain(e));
        }
    }

    private static void expectations(PrintWriter out, Report rep) {
        out.println();
        out.println("expectations:");
        if (rep.expectations().isEmpty()) {
            out.println("  (none)");
            return;
        }
        if (!rep.violations().isEmpty()) {
            out.println("  (checked in the state the run stopped in, at step " + rep.steps() + ")");
        }
        int width = Math.min(MAX_LEFT, rep.expectations().stream().mapToInt(c -> c.text().length()).max().orElse(0));
        for (Report.Check c : rep.expectations()) {
            out.println("  " + (c.ok() ? "ok  " : "FAIL") + "  " + Text.pad(c.text(), width) + "  " + c.detail());
        }
    }

    private static void invariants(PrintWriter out, Report rep) {
        out.println();
        out.println("invariants:");
        if (rep.violations().isEmpty()) {
            out.println(rep.quiescent() ? "  all held after every one of " + rep.steps() + " steps"
                    : "  all held for " + rep.steps() + " steps, but the run did not finish");
            return;
        }
        for (Violation v : rep.violations()) {
            violation(out, v);
        }
    }

    /** A broken invariant: what, the rule, and the object's steps that led there. */
    static void violation(PrintWriter out, Violation v) {
        out.println("  VIOLATED " + v.headline());
        out.println("  rule: " + v.invariant().rule());
        if (!v.chain().isEmpty()) {
            out.println("  the steps of " + v.object().key() + " that led there:");
            for (String step : v.chain()) {
                out.println("    " + step);
            }
        }
    }
}
