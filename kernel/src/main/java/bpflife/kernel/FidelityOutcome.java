package bpflife.kernel;

import bpflife.explore.Outcomes;
import bpflife.model.ObjectState;
import bpflife.model.Observation;
import bpflife.model.OpenFile;
import bpflife.model.SeqSession;
import bpflife.model.Task;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.TaskDef;
import bpflife.model.world.Listings;
import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.IdKind;
import bpflife.protocol.Info;
import bpflife.protocol.IterTarget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a run as both the model and the real kernel can state it, for {@code kernel
 * --runs}: per task, what each statement returned ({@code ok}, {@code eof} or the errno; a
 * {@code read ... until eof} by its last read; a listing with how many of the run's objects it
 * listed); per session, the program that printed its dump,
 * its objects (the exact count where the kernel shows the scenario's own objects, else none or
 * some), whether it is complete and was read to end of file; and the links and progs listed at
 * the end (by target and program name, in id order). Left out because they differ between a
 * model run and a kernel run that behaved alike: fd numbers, ids, pids, session ids, byte counts
 * (the kernel's lines carry real values, so other lengths).
 */
final class FidelityOutcome {
    private FidelityOutcome() {}

    /** D6: a named task's vma dump repeats its tail after the END line (SeqSession.repeat). */
    static final String D6 = "an object line after the END line";

    /** Whether a tid names a real task here: then its dump's objects are not compared (the model has none). */
    static boolean tidNamesRealTask(int tid) {
        return tid != 0 && java.nio.file.Files.exists(java.nio.file.Path.of("/proc", Integer.toString(tid)));
    }

    /** The model's outcome read off a terminal state of its exhaustive search. */
    static Outcomes.Result model(Scenario sc, Map<ActorId, ObjectState> states) {
        List<String> lines = new ArrayList<>();
        for (TaskDef def : tasks(sc)) {
            if (states.get(new TaskId(def.name())) instanceof Task.State t) {
                Map<Integer, String> last = new java.util.TreeMap<>();
                for (Observation o : t.observed()) {
                    if (injectsFault(def, o.pc())) {
                        continue; // not run on the kernel (KernelRun): its task ends there on both sides
                    }
                    last.put(o.pc(), o.listing() != null ? o.word() + "(" + o.listing().size() + " listed)" : o.word());
                }
                lines.add(taskLine(def, last));
            }
        }
        for (TaskDef def : tasks(sc)) {
            if (states.get(new TaskId(def.name())) instanceof Task.State t) {
                t.objects().forEach((var, obj) -> {
                    // named by the task.var that opened it (as the kernel side names it), not by a dup or
                    // a forked child's copy of the fd
                    if (states.get(obj) instanceof SeqSession.State ss && opens(def, var)) {
                        boolean eof = eof(states, obj);
                        IterTarget target = ss.template().target();
                        ActorId.TaskId named = ss.template().attach().task();
                        String objects = named != null ? namedTaskObjects(target.kernelName(), ss.shown())
                                : objectsOf(target.kernelName(), ss.shown(), target == IterTarget.CGROUP
                                && ss.template().attach().cgroup() == null, ModelTrace.filterNumber(ss.template().attach()));
                        // the program is seen only once something was read (a read that failed with E2BIG
                        // after hidden positions moved the walk and showed nothing)
                        boolean read = ss.shown() > 0 || ss.ended() || !ss.buffered().isEmpty();
                        String prog = !read ? "nothing read" : ss.prog() == null ? "?" : ss.prog().name();
                        lines.add("dump " + def.name() + "." + var + ": " + prog + ", " + objects + ", "
                                + (ss.repeatedRead() > 0 ? "incomplete: " + D6 // as DumpShape words the kernel's
                                : eof ? completeness(ss, target) : "not read to eof"));
                    }
                });
            }
        }
        List<String> listed = new ArrayList<>();
        Map<Integer, String> progNames = new HashMap<>();
        for (Listings.Entry e : Listings.show(states, IdKind.PROG)) {
            Info.ProgInfo p = (Info.ProgInfo) e.info();
            progNames.put(p.id(), p.name());
        }
        for (Listings.Entry e : Listings.show(states, IdKind.LINK)) {
            Info.LinkInfo l = (Info.LinkInfo) e.info();
            listed.add("link " + l.target().kernelName() + " prog " + progNames.getOrDefault(l.progId(), "?"));
        }
        for (Listings.Entry e : Listings.show(states, IdKind.PROG)) {
            listed.add("prog " + ((Info.ProgInfo) e.info()).name());
        }
        lines.add("at the end: " + (listed.isEmpty() ? "none" : String.join(", ", listed)));
        return new Outcomes.Result(List.copyOf(lines));
    }

    /** The kernel's outcome of one concurrent run; {@code model} is the model's side (how each session walks). */
    static Outcomes.Result kernel(Scenario sc, KernelRun kr, Side model, int extraLevels) {
        Side k = kr.side;
        List<String> lines = new ArrayList<>();
        Map<String, Map<Integer, String>> words = new HashMap<>();
        synchronized (k.calls) {
            k.calls.forEach((key, o) -> {
                if (o.ran()) {
                    int at = key.lastIndexOf('@');
                    words.computeIfAbsent(key.substring(0, at), x -> new java.util.TreeMap<>())
                            .put(Integer.parseInt(key.substring(at + 1)), o.listing() != null
                                    ? o.word() + "(" + o.listing().size() + " listed)" : o.word());
                }
            });
        }
        for (TaskDef def : tasks(sc)) {
            if (words.containsKey(def.name()) || kr.started.contains(def.name())) {
                lines.add(taskLine(def, words.getOrDefault(def.name(), Map.of())));
            }
        }
        // per task.var, the last session it opened (as the model's task keeps its last binding)
        Map<String, Side.Session> byName = new java.util.TreeMap<>();
        Map<String, Side.Session> walks = new HashMap<>();
        synchronized (k.sessions) {
            k.sessions.forEach((key, s) -> {
                byName.put(s.name, s);
                Side.Session ms = model.sessions.get(key);
                if (ms != null) {
                    walks.put(s.name, ms);
                }
            });
        }
        for (TaskDef def : tasks(sc)) {
            byName.forEach((name, s) -> {
                if (!name.startsWith(def.name() + ".")) {
                    return;
                }
                DumpShape d = DumpShape.of(s.text.toString(), s.eof);
                Side.Session ms = walks.get(name);
                // the machine's cgroups above the scenario's are in a walk up only once it showed something
                int objects = d.objects() - (ms != null && ms.ancestors && d.objects() > 0 ? extraLevels : 0);
                String target = d.target() != null ? d.target() : ms != null ? ms.target : null;
                String cls = ms != null && ms.namedTask != null ? namedTaskObjects(target, objects)
                        : objectsOf(target, objects, ms != null && ms.rootWalk, ms != null ? ms.tid : 0);
                // positions passed and not shown (a dead cgroup a walk passes, D5; an object fetched at a
                // read boundary whose task then exited) counted on both sides; a walk over the machine's
                // objects (from the root cgroup, every task, every map) has gaps of the machine's own: not
                // counted there
                boolean machineWalk = ms != null && ms.machineWalk;
                String state = d.complete() || d.gapsOnly() ? (machineWalk ? "complete" : d.stateByCount())
                        : d.eof() || d.ends() > 0 ? "incomplete: " + d.problem() : "not read to eof";
                String text = s.text.toString();
                String prog = d.prog() != null ? d.prog() : text.isEmpty() ? "nothing read"
                        : text.indexOf(' ') > 0 ? text.substring(0, text.indexOf(' ')) : "?";
                lines.add("dump " + name + ": " + prog + ", " + cls + ", " + state);
            });
        }
        List<String> end = k.finalByName == null ? List.of("(not listed)") : k.finalByName;
        lines.add("at the end: " + (end.isEmpty() ? "none" : String.join(", ", end)));
        return new Outcomes.Result(List.copyOf(lines));
    }

    /** A {@code link create ... fault}: a real kernel cannot be made to fail there, so it is stated by neither side. */
    static boolean injectsFault(TaskDef def, int pc) {
        return pc >= 0 && pc < def.body().size() && def.body().get(pc).call() instanceof bpflife.protocol.Syscall.LinkCreate lc
                && lc.fault() != null;
    }

    private static String taskLine(TaskDef def, Map<Integer, String> last) {
        StringBuilder b = new StringBuilder(def.name()).append(':');
        last.forEach((pc, w) -> b.append(' ').append(def.body().get(pc).pos().line()).append('=').append(w));
        return b.toString();
    }

    private static String objectsOf(String target, int n, boolean rootWalk, int tid) {
        if (tidNamesRealTask(tid)) {
            return "objects not compared (tid " + tid + " names a real task here)";
        }
        if (DumpShape.exactCount(target) && !rootWalk) {
            return n + (n == 1 ? " object" : " objects");
        }
        return n == 0 ? "no objects" : "some objects";
    }

    /**
     * The model's dump read to end of file, as {@link DumpShape#stateByCount} states the kernel's:
     * its END line's seq less the last position shown is how many positions it passed and did not
     * show; a walk over the machine's objects states none ({@link ModelTrace#machineWalk}: the
     * kernel's can have gaps of the machine's own).
     */
    static String completeness(SeqSession.State ss, IterTarget target) {
        if (ModelTrace.machineWalk(target, ss.template().attach())) {
            return "complete";
        }
        // positions 0..END seq were passed (with nothing shown and END seq=0, none can be told apart)
        long unshown = ss.shown() == 0 ? (ss.seqNum() == 0 ? 0 : ss.seqNum() + 1) : ss.seqNum() - ss.shown() + 1;
        return unshown <= 0 ? "complete" : "complete but " + unshown + " not shown";
    }

    /** A dump over a task that {@code tid NAME} names, as {@link KernelReport#namedTaskObjects} compares it. */
    private static String namedTaskObjects(String target, int n) {
        if ("task".equals(target)) {
            return n + (n == 1 ? " object" : " objects");
        }
        if ("task_file".equals(target)) {
            return "objects not compared (the driver's own fds 0-2 besides the scenario's)";
        }
        return n == 0 ? "no objects" : "some objects";
    }

    private static boolean opens(TaskDef def, String var) {
        return Outcomes.opens(def, var);
    }

    private static boolean eof(Map<ActorId, ObjectState> states, ActorId session) {
        return Outcomes.eof(states, session);
    }

    private static List<TaskDef> tasks(Scenario sc) {
        return Outcomes.tasks(sc);
    }
}
