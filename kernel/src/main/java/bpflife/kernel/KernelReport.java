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

    /** NOT_RUN: the check could not run the scenario here (the reason is {@link #skipReason}); never an agreement. */
    public enum Verdict { AGREE, DIFFER, NOT_RUN }

    public enum Status { AGREE, DIFFER, NOT_COMPARED }

    /** One observable: what the model and the kernel showed for it; {@code reason} says why it was not compared. */
    public record Check(String what, String model, String kernel, Status status, String reason) {
        Check(String what, String model, String kernel, Status status) {
            this(what, model, kernel, status, null);
        }

        static Check of(String what, String model, String kernel) {
            return new Check(what, model, kernel, Objects.equals(model, kernel) ? Status.AGREE : Status.DIFFER);
        }

        static Check notCompared(String what, String model, String kernel, String reason) {
            return new Check(what, model, kernel, Status.NOT_COMPARED, reason);
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
                List.copyOf(notes), Verdict.NOT_RUN, reason);
    }

    /** The check did not run the scenario (see {@link #skipReason}). */
    public boolean skipped() {
        return verdict == Verdict.NOT_RUN;
    }

    public List<Check> allChecks() {
        List<Check> all = new ArrayList<>();
        rows.forEach(r -> all.addAll(r.checks()));
        dumps.forEach(d -> all.addAll(d.checks()));
        end.forEach(r -> all.addAll(r.checks()));
        return all;
    }

    /** Every observable that was not compared, with where and why: {@code dump t.s: objects: tid 4 names ...}. */
    public List<String> notCompared() {
        List<String> out = new ArrayList<>();
        for (Row r : rows) {
            for (Check c : r.checks()) {
                if (c.status() == Status.NOT_COMPARED) {
                    out.add("#" + r.index() + " " + r.task() + ": " + r.call() + ": " + c.what() + ": "
                            + (c.reason() != null ? c.reason() : r.note() != null ? r.note() : "not run on the kernel"));
                }
            }
        }
        for (DumpRow d : dumps) {
            for (Check c : d.checks()) {
                if (c.status() == Status.NOT_COMPARED) {
                    out.add("dump " + d.session() + ": " + c.what() + ": " + c.reason());
                }
            }
        }
        for (Row r : end) {
            for (Check c : r.checks()) {
                if (c.status() == Status.NOT_COMPARED) {
                    out.add(r.call() + " at the end: " + (c.reason() != null ? c.reason() : "not listed"));
                }
            }
        }
        return out;
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
                           List<String> notes, BpftoolListing.Outcome bpftool) {
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
            rows.add(row(index, s, m.calls.get(key), k.calls.get(key),
                    s.call() instanceof Syscall.Read rd ? readSizes(key, rd.count(), m, k) : null));
        }
        int extraLevels = ws.cgroupDir == null || host.cgroup2() == null ? 0
                : host.cgroup2().relativize(ws.cgroupDir).getNameCount();
        List<DumpRow> dumps = dumps(m, k, extraLevels);
        List<Row> end = new ArrayList<>();
        if (!trace.run.quiescent()) {
            // the model failed to predict a run the kernel made without trouble
            Violation v = trace.run.violations().isEmpty() ? null : trace.run.violations().get(0);
            end.add(new Row(-1, "", "the run", "stopped: " + (v == null ? "no quiescence" : v.headline()),
                    "made the same calls", List.of(new Check("run", "stopped", "finished", Status.DIFFER)), null));
        }
        end.add(endRow("link show", m.finalLinks, k.finalLinks));
        end.add(endRow("prog show", m.finalProgs, k.finalProgs));
        end.add(bpftoolRow(bpftool));
        List<String> allNotes = new ArrayList<>(notes);
        allNotes.addAll(bpftool.notes());
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
            allNotes.add("waited " + kr.settleWaits + " time(s) for a deferred free (a dying link, a freed prog's "
                    + "used map) before the next call (at most " + kr.settleMaxMicros + " us), as the model delivers "
                    + "pending kernel work between calls");
        }
        KernelReport r = new KernelReport(trace.run.scenario().name(), trace.run.scenario().file(), kernel,
                ws.bpffsDir.toString(), model, order, rows, dumps, end, allNotes, Verdict.AGREE, null);
        boolean differ = r.allChecks().stream().anyMatch(c -> c.status() == Status.DIFFER);
        return differ ? new KernelReport(r.scenario, r.file, kernel, r.bpffsDir, model, order, rows, dumps, end,
                allNotes, Verdict.DIFFER, null) : r;
    }

    /** The real bpftool's listing against the model's (BpftoolListing): identical, a first difference, or not compared. */
    private static Row bpftoolRow(BpftoolListing.Outcome o) {
        Check c = switch (o.verdict()) {
            case "identical" -> new Check("bpftool listing", "identical", "identical", Status.AGREE);
            case "different" -> new Check("bpftool listing", "different", "different", Status.DIFFER, o.difference());
            default -> new Check("bpftool listing", "-", "-", Status.NOT_COMPARED, o.difference());
        };
        String shown = switch (o.verdict()) {
            case "identical" -> o.objects() + " objects, field by field";
            case "different" -> o.difference();
            default -> "not compared: " + o.difference();
        };
        return new Row(-1, "", "bpftool listing", shown, shown, List.of(c), null);
    }

    private static String describe(ModelTrace trace, String key) {
        int at = key.lastIndexOf('@');
        String task = key.substring(0, at);
        int pc = Integer.parseInt(key.substring(at + 1));
        return "'" + task + ": " + trace.run.scenario().task(task).body().get(pc).text() + "'";
    }

    /**
     * A read statement's sizes (every read's byte count, 0 at end of file, or the errno), compared
     * when both dumps of its session have the same line lengths (a scenario's {@code pad} makes the
     * lines equal; otherwise the kernel's lines carry real pids, ids and session ids, so other
     * lengths and other read boundaries). Where the lengths differ but this statement read each
     * side's whole dump and it fits in one read of {@code count} bytes, the read boundaries do not depend on the lengths, and the sizes
     * are compared as a shape ({@code all, 0}: everything, then end of file). Null when not a read.
     */
    static Check readSizes(String key, int count, Side m, Side k) {
        List<Integer> ms = m.readSizes.get(key);
        List<Integer> ks = k.readSizes.get(key);
        if (ms == null || ks == null) {
            return null;
        }
        String session = k.readSession.get(key);
        Side.Session a = session == null ? null : m.sessions.get(session);
        Side.Session b = session == null ? null : k.sessions.get(session);
        String mt = every(ms);
        String kt = every(ks);
        if (a != null && b != null && !lineLengths(a.text).equals(lineLengths(b.text))) {
            int fits = Math.min(count, bpflife.model.DumpFormat.SEQ_BUFFER);
            if (a.text.length() <= fits && b.text.length() <= fits && positive(ms) == a.text.length()
                    && positive(ks) == b.text.length()) {
                Check shape = Check.of("sizes", shape(ms, a.text.length()), shape(ks, b.text.length()));
                return new Check("sizes", mt, kt, shape.status(), null);
            }
            return Check.notCompared("sizes", mt, kt, "the session's lines have other lengths on the kernel (real "
                    + "pids, ids and session ids; a prog's pad makes them equal)");
        }
        return Check.of("sizes", mt, kt);
    }

    /** Every read's size ({@code 4096, 4096, 17, 0}; an errno by name). */
    private static String every(List<Integer> sizes) {
        return String.join(", ", sizes.stream().map(n -> n < 0 ? Errnos.name(-n) : Integer.toString(n)).toList());
    }

    private static int positive(List<Integer> sizes) {
        return sizes.stream().mapToInt(n -> Math.max(n, 0)).sum();
    }

    /** A read statement's sizes with the whole dump's length as {@code all}. */
    private static String shape(List<Integer> sizes, int whole) {
        return String.join(", ", sizes.stream().map(n -> n == whole && n > 0 ? "all" : Integer.toString(n)).toList());
    }

    private static List<Integer> lineLengths(CharSequence text) {
        List<Integer> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                out.add(i + 1 - start);
                start = i + 1;
            }
        }
        out.add(text.length() - start);
        return out;
    }

    private static Row row(int index, ModelTrace.Step s, Observed m, Observed k, Check sizes) {
        Syscall c = s.call();
        String text = s.stmt().text();
        List<Check> checks = new ArrayList<>();
        String note = null;
        if (c instanceof Syscall.Signal || c instanceof Syscall.Wait) {
            return new Row(index, s.task(), text, m.shown(), "(no-op)", List.of(), null);
        } else if (k == null || !k.ran()) {
            note = k == null ? "not run on the kernel" : k.note();
            checks.add(Check.notCompared("result", m.word(), "(not run)", note));
        } else {
            checks.add(Check.of("result", m.word(), k.word()));
            if (c instanceof Syscall.Show && m.listing() != null && k.listing() != null) {
                checks.add(Check.of("listing", Shown.listing(m.listing()), Shown.listing(k.listing())));
            }
            if (c instanceof Syscall.GetNextId && m.idName() != null && k.idName() != null) {
                checks.add(Check.of("id", m.idName(), k.idName()));
            }
            if (sizes != null) {
                checks.add(sizes);
            }
            note = k.note();
        }
        return new Row(index, s.task(), text, m.shown(), k == null ? "(not run)" : k.shown(), checks, note);
    }

    private static List<DumpRow> dumps(Side m, Side k, int extraLevels) {
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
                checks.add(completeness(a, b, ms));
                checks.add(Check.of("read to the end", yesNo(a.eof()), yesNo(b.eof())));
                checks.add(objects(a, b, ms, ks, extraLevels));
            }
            out.add(new DumpRow(name, a.describe(refM), b.describe(refK), checks));
        }
        return out;
    }

    /**
     * Whether each dump is complete, at the depth the two sides can share (issue 14, D5): where the
     * kernel shows the scenario's own objects (its cgroups, its map's entries) the positions passed
     * and not shown must be the same ones (the model's hidden positions against the kernel's seq
     * gaps); for the other targets, how many (the kernel's count of tasks, files, vmas is the
     * machine's, so positions differ; a task of the scenario exiting during a dump leaves one). A walk
     * over the machine's objects ({@link ModelTrace#machineWalk}: from the root cgroup, every task,
     * every map) passes objects going away elsewhere, gaps of the kernel's own: then the gaps are not
     * compared (the objects shown still are).
     */
    static Check completeness(DumpShape a, DumpShape b, Side.Session ms) {
        String target = a.target() != null ? a.target() : b.target() != null ? b.target() : ms.target;
        boolean wellFormed = (a.complete() || a.gapsOnly()) && (b.complete() || b.gapsOnly());
        if (ms.machineWalk && wellFormed && (a.gapsOnly() || b.gapsOnly())) {
            return Check.notCompared("complete", a.state(), b.state(), ms.rootWalk
                    ? "a walk from the root passes the machine's cgroups: one being removed elsewhere is counted in "
                    + "seq_num but not shown (cgroup_iter skips a dead cgroup)"
                    : "the walk passes the machine's " + ms.target + " objects: one going away elsewhere between two "
                    + "reads is counted in seq_num but not shown");
        }
        if (DumpShape.exactCount(target) && !ms.rootWalk) {
            return Check.of("complete", a.state(), b.state());
        }
        return Check.of("complete", a.stateByCount(), b.stateByCount());
    }

    /**
     * none vs some; the exact count where the kernel shows the scenario's own objects. A cgroup walk
     * from the root shows the machine's cgroups (none vs some); a walk up the ancestors passes the
     * run's own cgroup directories ({@code extraLevels}) before the root, which the model does not
     * have; a tid that names a real task here shows that task, which the model's world does not have.
     */
    private static Check objects(DumpShape a, DumpShape b, Side.Session ms, Side.Session ks, int extraLevels) {
        String target = a.target() != null ? a.target() : b.target();
        if (ms.namedTask != null) {
            return namedTaskObjects(a, b, ms.namedTask, target);
        }
        if (ms.tid != 0 && ks.tidNamesRealTask) {
            return Check.notCompared("objects", Integer.toString(a.objects()), Integer.toString(b.objects()),
                    "tid " + ms.tid + " names a real task on this machine; the model's world has no task with a tid");
        }
        if (ms.ancestors) {
            String kb = b.objects() + " - " + extraLevels + " (the run's cgroup directory) = "
                    + (b.objects() - extraLevels);
            return new Check("objects", Integer.toString(a.objects()), kb,
                    a.objects() == b.objects() - extraLevels ? Status.AGREE : Status.DIFFER);
        }
        if (DumpShape.exactCount(target) && !ms.rootWalk) {
            return Check.of("objects", Integer.toString(a.objects()), Integer.toString(b.objects()));
        }
        String ma = a.objects() == 0 ? "none" : a.objects() + " (some)";
        String kb = b.objects() == 0 ? "none" : b.objects() + " (some)";
        return new Check("objects", ma, kb, (a.objects() == 0) == (b.objects() == 0) ? Status.AGREE : Status.DIFFER);
    }

    /**
     * A dump over the scenario task a {@code tid NAME} names, which is the driver process the check
     * passed the pid of: {@code task} shows that one task (the driver has one thread) while it is
     * found, so the count is compared exactly; {@code task_vma} shows the driver's real mappings
     * (the model has {@code objects task_vma N}), so none vs some; {@code task_file} shows its real
     * files: its own fds 0, 1, 2 (its pipes) besides the scenario's, none once it exited, a count the
     * model's files do not give: not compared.
     */
    static Check namedTaskObjects(DumpShape a, DumpShape b, String task, String target) {
        if ("task".equals(target)) {
            return Check.of("objects", Integer.toString(a.objects()), Integer.toString(b.objects()));
        }
        if ("task_file".equals(target)) {
            return Check.notCompared("objects", Integer.toString(a.objects()), Integer.toString(b.objects()),
                    "tid " + task + ": the task's driver holds its own fds 0, 1, 2 (its pipes) besides the "
                            + "scenario's, and once it exits none: a count the model's files do not give");
        }
        String ma = a.objects() == 0 ? "none" : a.objects() + " (some)";
        String kb = b.objects() == 0 ? "none" : b.objects() + " (some)";
        return new Check("objects", ma, kb, (a.objects() == 0) == (b.objects() == 0) ? Status.AGREE : Status.DIFFER);
    }

    private static Row endRow(String what, List<String> m, List<String> k) {
        String ms = m == null ? "(the model's run did not finish)" : Shown.listing(m);
        String ks = k == null ? "(not listed)" : Shown.listing(k);
        Check c = m == null || k == null ? Check.notCompared("listing", ms, ks, m == null
                ? "the model's serialized run did not finish" : "the kernel run was not listed")
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
            out.println("not run: " + skipReason);
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
        List<String> unchecked = notCompared();
        if (!unchecked.isEmpty()) {
            out.println("not compared:");
            unchecked.forEach(d -> out.println("  " + d));
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
            return "NOT RUN (" + skipReason + ")";
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
        n.put("version", 1);
        // the JSON contract's one vocabulary (docs/JSON.md): agree is a pass, a check not run is skipped
        n.put("verdict", switch (verdict) {
            case AGREE -> "pass";
            case DIFFER -> "fail";
            case NOT_RUN -> "skipped";
        });
        if (skipped()) {
            n.put("reason", skipReason);
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
        n.set("not_compared", strings(notCompared()));
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
            if (c.reason() != null) {
                o.put("reason", c.reason());
            }
        }
        return a;
    }

    private static ArrayNode strings(List<String> l) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        l.forEach(a::add);
        return a;
    }
}
