package bpflife.kernel;

import bpflife.explore.Violation;
import bpflife.protocol.Syscall;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The model and the kernel side by side: every statement in the order the kernel ran it, with
 * what each side returned and a verdict per observable; each session's dump shape; the listings
 * at the end of the run; and the overall verdict.
 *
 * <p>Observables compared: the result of every call (ok, eof or the errno), the objects every
 * {@code link show} / {@code prog show} listed (as the scenario variables that made them, in id
 * order: relative ids), the object every {@code next id} returned, and for every session the
 * program that printed its dump, its session id relative to the first session, its END lines,
 * whether it is complete and was read to the end, and whether it has objects (the exact count
 * for targets that show the scenario's own objects: bpf_map_elem, cgroup).
 */
public record KernelReport(String scenario, String file, String kernel, String bpffsDir, String model,
                           String order, List<Row> rows, List<DumpRow> dumps, List<Row> end, List<String> notes,
                           Verdict verdict, String skipReason) {

    public enum Verdict { AGREE, DIFFER, SKIPPED }

    public enum Status { AGREE, DIFFER, NOT_COMPARED }

    /** One observable: what the model and the kernel showed for it. */
    public record Check(String what, String model, String kernel, Status status) {
        static Check of(String what, String model, String kernel) {
            return new Check(what, model, kernel, Objects.equals(model, kernel) ? Status.AGREE : Status.DIFFER);
        }
    }

    /**
     * One statement (or a task's exit: {@code index} 0, no checks). {@code note} says why a call
     * did not run or was not compared, or carries the kernel's detail of a failed call.
     */
    public record Row(int index, String task, String call, String model, String kernel, List<Check> checks,
                      String note) {
        public boolean exit() {
            return index == 0;
        }

        public String verdict() {
            if (checks.isEmpty()) {
                return "";
            }
            List<String> differ = checks.stream().filter(c -> c.status() == Status.DIFFER).map(Check::what).toList();
            if (!differ.isEmpty()) {
                return "DIFFER (" + String.join(", ", differ) + ")";
            }
            return checks.stream().allMatch(c -> c.status() == Status.NOT_COMPARED) ? "not compared" : "ok";
        }
    }

    /** One session's dump on both sides, named by the variable its open bound. */
    public record DumpRow(String session, String model, String kernel, List<Check> checks) {}

    static KernelReport skipped(String scenario, String file, String reason, List<String> notes) {
        return new KernelReport(scenario, file, null, null, null, null, List.of(), List.of(), List.of(),
                List.copyOf(notes), Verdict.SKIPPED, reason);
    }

    public boolean skipped() {
        return verdict == Verdict.SKIPPED;
    }

    public List<Check> allChecks() {
        List<Check> all = new ArrayList<>();
        rows.forEach(r -> all.addAll(r.checks()));
        dumps.forEach(d -> all.addAll(d.checks()));
        end.forEach(r -> all.addAll(r.checks()));
        return all;
    }

    /** Every observable that differs, with where: {@code #22 late: f = open ...: result: model ENOENT, kernel ok}. */
    public List<String> differences() {
        List<String> out = new ArrayList<>();
        for (Row r : rows) {
            for (Check c : r.checks()) {
                if (c.status() == Status.DIFFER) {
                    out.add("#" + r.index() + " " + r.task() + ": " + r.call() + ": " + c.what() + ": model " + c.model()
                            + ", kernel " + c.kernel());
                }
            }
        }
        for (DumpRow d : dumps) {
            for (Check c : d.checks()) {
                if (c.status() == Status.DIFFER) {
                    out.add("dump " + d.session() + ": " + c.what() + ": model " + c.model() + ", kernel " + c.kernel());
                }
            }
        }
        for (Row r : end) {
            for (Check c : r.checks()) {
                if (c.status() == Status.DIFFER) {
                    out.add(r.call() + " at the end: model " + r.model() + ", kernel " + r.kernel());
                }
            }
        }
        return out;
    }

    // ---- building ----

    static KernelReport of(ModelTrace trace, KernelRun kr, Host host, Workspace ws, String scheduler,
                           List<String> notes) {
        Side m = trace.side;
        Side k = kr.side;
        List<Row> rows = new ArrayList<>();
        int index = 0;
        int calls = 0;
        int exits = 0;
        Set<String> calling = new HashSet<>();
        for (ModelTrace.Step s : trace.steps) {
            if (s.kind() == ModelTrace.Kind.EXIT) {
                if (calling.contains(s.task())) { // a task without calls (an empty setup) has nothing to close
                    rows.add(new Row(0, s.task(), "(exit: every fd closed)", "", "", List.of(), null));
                    exits++;
                }
                continue;
            }
            calling.add(s.task());
            calls++;
            if (!s.last()) {
                continue;
            }
            index++;
            String key = Side.key(s.task(), s.pc());
            rows.add(row(index, s, m.calls.get(key), k.calls.get(key)));
        }
        List<DumpRow> dumps = dumps(m, k);
        List<Row> end = new ArrayList<>();
        if (!trace.run.quiescent()) {
            // the model failed to predict a run the kernel made without trouble
            Violation v = trace.run.violations().isEmpty() ? null : trace.run.violations().get(0);
            end.add(new Row(-1, "", "the run", "stopped: " + (v == null ? "no quiescence" : v.headline()),
                    "made the same calls", List.of(new Check("run", "stopped", "finished", Status.DIFFER)), null));
        }
        end.add(endRow("link show", m.finalLinks, k.finalLinks));
        end.add(endRow("prog show", m.finalProgs, k.finalProgs));
        List<String> allNotes = new ArrayList<>(notes);
        for (var run : List.of(trace.original, trace.run)) {
            if (run.quiescent()) {
                continue;
            }
            Violation v = run.violations().isEmpty() ? null : run.violations().get(0);
            allNotes.add("the model's " + (run == trace.run ? "serialized" : scheduler) + " run did not finish"
                    + (v == null ? "" : ": " + v.headline()) + (run == trace.run ? "; the end-of-run listings are not "
                    + "compared" : ""));
        }
        if (!kr.notRunnable.isEmpty()) {
            allNotes.add(kr.notRunnable.size() + " call(s) not run on the kernel: fault injection cannot be done there; "
                    + "their tasks end as in the model");
        }
        if (!trace.changed.isEmpty()) {
            List<String> at = trace.changed.stream().map(key -> describe(trace, key)).toList();
            String list = at.size() <= 3 ? String.join(", ", at)
                    : String.join(", ", at.subList(0, 3)) + " and " + (at.size() - 3) + " more";
            allNotes.add("one call at a time, the model returns something else than in its " + scheduler + " run at "
                    + list + " (calls that overlapped there); the comparison is with the serialized run");
        }
        String kernel = "Linux " + host.release() + " (" + host.machine() + ")";
        String model = trace.run.semantics().name() + " semantics; the " + scheduler + " run (" + trace.original.steps()
                + " steps) gives the order, the model re-runs it one call at a time (" + trace.run.steps() + " steps)";
        String order = calls + (calls == 1 ? " call and " : " calls and ") + exits + (exits == 1 ? " exit" : " exits")
                + ", one at a time, in the order the model's calls "
                + trace.order.word() + "; signal/wait are no-ops (the order keeps them)";
        if (kr.settleWaits > 0) {
            allNotes.add("waited " + kr.settleWaits + " time(s) for a dying link's deferred free before the next call"
                    + " (at most " + kr.settleMaxMicros + " us), as the model delivers pending kernel work between calls");
        }
        KernelReport r = new KernelReport(trace.run.scenario().name(), trace.run.scenario().file(), kernel,
                ws.bpffsDir.toString(), model, order, rows, dumps, end, allNotes, Verdict.AGREE, null);
        boolean differ = r.allChecks().stream().anyMatch(c -> c.status() == Status.DIFFER);
        return differ ? new KernelReport(r.scenario, r.file, kernel, r.bpffsDir, model, order, rows, dumps, end,
                allNotes, Verdict.DIFFER, null) : r;
    }

    private static String describe(ModelTrace trace, String key) {
        int at = key.lastIndexOf('@');
        String task = key.substring(0, at);
        int pc = Integer.parseInt(key.substring(at + 1));
        return "'" + task + ": " + trace.run.scenario().task(task).body().get(pc).text() + "'";
    }

    private static Row row(int index, ModelTrace.Step s, Observed m, Observed k) {
        Syscall c = s.call();
        String text = s.stmt().text();
        List<Check> checks = new ArrayList<>();
        String note = null;
        if (c instanceof Syscall.Signal || c instanceof Syscall.Wait) {
            return new Row(index, s.task(), text, m.shown(), "(no-op)", List.of(), null);
        } else if (k == null || !k.ran()) {
            note = k == null ? "not run on the kernel" : k.note();
            checks.add(new Check("result", m.word(), "(not run)", Status.NOT_COMPARED));
        } else {
            checks.add(Check.of("result", m.word(), k.word()));
            if (c instanceof Syscall.Show && m.listing() != null && k.listing() != null) {
                checks.add(Check.of("listing", Shown.listing(m.listing()), Shown.listing(k.listing())));
            }
            if (c instanceof Syscall.GetNextId && m.idName() != null && k.idName() != null) {
                checks.add(Check.of("id", m.idName(), k.idName()));
            }
            note = k.note();
        }
        return new Row(index, s.task(), text, m.shown(), k == null ? "(not run)" : k.shown(), checks, note);
    }

    private static List<DumpRow> dumps(Side m, Side k) {
        Set<String> keys = new LinkedHashSet<>(m.sessions.keySet());
        keys.addAll(k.sessions.keySet());
        Long refM = null;
        Long refK = null;
        for (String key : keys) {
            Side.Session ms = m.sessions.get(key);
            Side.Session ks = k.sessions.get(key);
            if (ms != null && ks != null) {
                DumpShape a = DumpShape.of(ms.text.toString(), ms.eof);
                DumpShape b = DumpShape.of(ks.text.toString(), ks.eof);
                if (a.sessionId() != null && b.sessionId() != null) {
                    refM = a.sessionId();
                    refK = b.sessionId();
                    break;
                }
            }
        }
        List<DumpRow> out = new ArrayList<>();
        for (String key : keys) {
            Side.Session ms = m.sessions.get(key);
            Side.Session ks = k.sessions.get(key);
            String name = ms != null ? ms.name : ks.name;
            if (ms == null || ks == null) {
                out.add(new DumpRow(name, ms == null ? "not opened" : "opened", ks == null ? "not opened" : "opened",
                        List.of(Check.of("opened", ms == null ? "no" : "yes", ks == null ? "no" : "yes"))));
                continue;
            }
            DumpShape a = DumpShape.of(ms.text.toString(), ms.eof);
            DumpShape b = DumpShape.of(ks.text.toString(), ks.eof);
            List<Check> checks = new ArrayList<>();
            if (a.bytes() == 0 && b.bytes() == 0) {
                checks.add(Check.of("read to the end", yesNo(a.eof()), yesNo(b.eof())));
            } else {
                checks.add(Check.of("prog", a.prog(), b.prog()));
                checks.add(Check.of("session", a.relative(refM), b.relative(refK)));
                checks.add(Check.of("END lines", Integer.toString(a.ends()), Integer.toString(b.ends())));
                checks.add(new Check("complete", a.complete() ? "complete" : a.problem(),
                        b.complete() ? "complete" : b.problem(), a.complete() == b.complete() ? Status.AGREE
                        : Status.DIFFER));
                checks.add(Check.of("read to the end", yesNo(a.eof()), yesNo(b.eof())));
                checks.add(objects(a, b));
            }
            out.add(new DumpRow(name, a.describe(refM), b.describe(refK), checks));
        }
        return out;
    }

    /** none vs some; the exact count where the kernel shows the scenario's own objects. */
    private static Check objects(DumpShape a, DumpShape b) {
        String target = a.target() != null ? a.target() : b.target();
        if (DumpShape.exactCount(target)) {
            return Check.of("objects", Integer.toString(a.objects()), Integer.toString(b.objects()));
        }
        String ma = a.objects() == 0 ? "none" : a.objects() + " (some)";
        String kb = b.objects() == 0 ? "none" : b.objects() + " (some)";
        return new Check("objects", ma, kb, (a.objects() == 0) == (b.objects() == 0) ? Status.AGREE : Status.DIFFER);
    }

    private static Row endRow(String what, List<String> m, List<String> k) {
        String ms = m == null ? "(the model's run did not finish)" : Shown.listing(m);
        String ks = k == null ? "(not listed)" : Shown.listing(k);
        Check c = m == null || k == null ? new Check("listing", ms, ks, Status.NOT_COMPARED)
                : Check.of("listing", ms, ks);
        return new Row(-1, "", what, ms, ks, List.of(c), null);
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }

    // ---- rendering ----

    /** The side-by-side text report. */
    public void print(PrintWriter out) {
        if (skipped()) {
            out.println("scenario   " + scenario);
            out.println("file       " + file);
            for (String n : notes) {
                out.println("note       " + n);
            }
            out.println();
            out.println("skipped: " + skipReason);
            return;
        }
        out.println("scenario   " + scenario);
        out.println("file       " + file);
        out.println("kernel     " + kernel);
        out.println("bpffs      " + bpffsDir + " (the scenario's /sys/fs/bpf; removed at the end)");
        out.println("model      " + model);
        out.println("order      " + order);
        for (String n : notes) {
            out.println("note       " + n);
        }
        out.println();
        int wCall = 4;
        int wModel = 5;
        int wKernel = 6;
        for (Row r : rows) {
            if (!r.exit()) {
                wCall = Math.max(wCall, (r.task() + ": " + r.call()).length());
                wModel = Math.max(wModel, r.model().length());
                wKernel = Math.max(wKernel, r.kernel().length());
            }
        }
        wCall = Math.min(wCall, 56);
        wModel = Math.min(wModel, 40);
        wKernel = Math.min(wKernel, 40);
        String fmt = "%4s  %-" + wCall + "s  %-" + wModel + "s  %-" + wKernel + "s  %s%n";
        out.printf(fmt, "#", "call", "model", "kernel", "verdict");
        for (Row r : rows) {
            if (r.exit()) {
                out.printf("%4s  %s%n", "", r.task() + ": " + r.call());
                continue;
            }
            out.printf(fmt, r.index(), r.task() + ": " + r.call(), r.model(), r.kernel(), r.verdict());
            if (r.note() != null) {
                out.printf("%4s    (%s)%n", "", r.note());
            }
        }
        out.println();
        out.println("dumps (shapes: the program, the session id relative to the first, objects, END lines; "
                + "not the object values):");
        if (dumps.isEmpty()) {
            out.println("  (no session)");
        }
        int wName = dumps.stream().mapToInt(d -> d.session().length()).max().orElse(4);
        for (DumpRow d : dumps) {
            String verdict = verdict(d.checks());
            out.printf("  %-" + wName + "s  model   %s%n", d.session(), d.model());
            out.printf("  %-" + wName + "s  kernel  %s%n", "", d.kernel());
            out.printf("  %-" + wName + "s  %s%n", "", verdict);
        }
        out.println();
        out.println("end of run (every task exited):");
        for (Row r : end) {
            out.printf("  %-9s  model   %s%n", r.call(), r.model());
            out.printf("  %-9s  kernel  %s%n", "", r.kernel());
            out.printf("  %-9s  %s%n", "", r.verdict());
        }
        out.println();
        List<String> diffs = differences();
        if (!diffs.isEmpty()) {
            out.println("differences:");
            diffs.forEach(d -> out.println("  " + d));
            out.println();
        }
        out.println("verdict: " + summary());
    }

    private static String verdict(List<Check> checks) {
        List<String> parts = new ArrayList<>();
        boolean differ = false;
        for (Check c : checks) {
            if (c.status() == Status.DIFFER) {
                differ = true;
                parts.add(c.what() + " DIFFERS");
            }
        }
        if (!differ) {
            return "ok (" + String.join(", ", checks.stream().map(Check::what).toList()) + ")";
        }
        return "DIFFER: " + String.join(", ", parts);
    }

    /** {@code AGREE (57 observables)}, {@code DIFFER (2 of 57 observables differ)}, {@code SKIPPED (...)}. */
    public String summary() {
        if (skipped()) {
            return "SKIPPED (" + skipReason + ")";
        }
        List<Check> all = allChecks();
        long compared = all.stream().filter(c -> c.status() != Status.NOT_COMPARED).count();
        long differ = all.stream().filter(c -> c.status() == Status.DIFFER).count();
        long notCompared = all.size() - compared;
        String nc = notCompared == 0 ? "" : "; " + notCompared + " not compared";
        return differ == 0 ? "AGREE (" + compared + " observables agree" + nc + ")"
                : "DIFFER (" + differ + " of " + compared + " observables differ" + nc + ")";
    }

    /** The report as one JSON document. */
    public ObjectNode json() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode n = f.objectNode();
        n.put("scenario", scenario);
        n.put("file", file);
        n.put("verdict", verdict.name().toLowerCase(java.util.Locale.ROOT));
        if (skipped()) {
            n.put("skipped", skipReason);
            n.set("notes", strings(notes));
            return n;
        }
        n.put("kernel", kernel);
        n.put("bpffs", bpffsDir);
        n.put("model", model);
        n.put("order", order);
        n.set("notes", strings(notes));
        ArrayNode calls = n.putArray("calls");
        for (Row r : rows) {
            ObjectNode o = calls.addObject();
            o.put("task", r.task());
            if (r.exit()) {
                o.put("exit", true);
                continue;
            }
            o.put("index", r.index());
            o.put("call", r.call());
            o.put("model", r.model());
            o.put("kernel", r.kernel());
            if (r.note() != null) {
                o.put("note", r.note());
            }
            o.set("checks", checks(r.checks()));
        }
        ArrayNode ds = n.putArray("dumps");
        for (DumpRow d : dumps) {
            ObjectNode o = ds.addObject();
            o.put("session", d.session());
            o.put("model", d.model());
            o.put("kernel", d.kernel());
            o.set("checks", checks(d.checks()));
        }
        ObjectNode e = n.putObject("end");
        for (Row r : end) {
            ObjectNode o = e.putObject(r.call().replace("the ", "").replace(' ', '_'));
            o.put("model", r.model());
            o.put("kernel", r.kernel());
            o.put("verdict", r.checks().get(0).status().name().toLowerCase(java.util.Locale.ROOT));
        }
        n.set("differences", strings(differences()));
        n.put("summary", summary());
        return n;
    }

    private static ArrayNode checks(List<Check> checks) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (Check c : checks) {
            ObjectNode o = a.addObject();
            o.put("what", c.what());
            o.put("model", c.model());
            o.put("kernel", c.kernel());
            o.put("verdict", c.status().name().toLowerCase(java.util.Locale.ROOT));
        }
        return a;
    }

    private static ArrayNode strings(List<String> l) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        l.forEach(a::add);
        return a;
    }
}
