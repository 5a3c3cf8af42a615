package bpflife.explore;

import bpflife.model.DumpCheck;
import bpflife.model.ObjectState;
import bpflife.model.SeqSession;
import bpflife.model.scenario.Expectation;
import bpflife.model.scenario.Outcome;
import bpflife.model.scenario.Pos;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.ShowEntry;
import bpflife.model.scenario.Stmt;
import bpflife.model.scenario.TaskDef;
import bpflife.model.world.Breach;
import bpflife.model.world.Invariants;
import bpflife.model.world.Listings;
import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.Event;
import bpflife.protocol.IdKind;
import bpflife.protocol.Info;
import bpflife.protocol.Result;
import bpflife.protocol.StepRecord;
import bpflife.protocol.Syscall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The report of one run: each task's calls with what they returned, the final listings, the
 * scenario's expectations checked, the invariants' verdict.
 */
public record Report(String scenario, String file, String semantics, String scheduler, long steps,
                     List<TaskCalls> tasks, List<Listings.Entry> linkShow, List<Listings.Entry> progShow,
                     List<Check> expectations, List<Violation> violations, boolean quiescent) {

    /** One task's calls, in the order they returned. */
    public record TaskCalls(String task, List<Call> calls) {}

    /**
     * One statement: the results of its calls ({@code read ... until eof} returns many times) and
     * its inline expectation's verdict (null when it had none).
     */
    public record Call(int pc, String text, List<Result> results, Check check) {
        public Result last() {
            return results.get(results.size() - 1);
        }
    }

    /** An expectation and whether it held. */
    public record Check(String text, boolean ok, String detail, Pos pos) {}

    public boolean pass() {
        return violations.isEmpty() && quiescent && expectations.stream().allMatch(Check::ok)
                && tasks.stream().flatMap(t -> t.calls().stream()).allMatch(c -> c.check() == null || c.check().ok());
    }

    /** The first failed expectation (inline or final), or null. */
    public Check firstFailure() {
        for (TaskCalls t : tasks) {
            for (Call c : t.calls()) {
                if (c.check() != null && !c.check().ok()) {
                    return c.check();
                }
            }
        }
        return expectations.stream().filter(c -> !c.ok()).findFirst().orElse(null);
    }

    public static Report of(RunResult r) {
        return new Builder(r).build();
    }

    private static final class Builder {
        private final RunResult run;
        private final Scenario sc;
        /** task -> var -> the object its last binding call bound. */
        private final Map<String, Map<String, ActorId>> bound = new HashMap<>();
        /** task -> pc -> results. */
        private final Map<String, LinkedHashMap<Integer, List<Result>>> results = new LinkedHashMap<>();

        Builder(RunResult run) {
            this.run = run;
            this.sc = run.scenario();
        }

        Report build() {
            for (StepRecord rec : run.records()) {
                if (!(rec.receiver() instanceof TaskId t)) {
                    continue;
                }
                for (Event e : rec.events()) {
                    switch (e) {
                        case Event.FdInstalled in when in.var() != null ->
                                bound.computeIfAbsent(t.name(), k -> new HashMap<>()).put(in.var(), in.object());
                        case Event.TaskForked f -> bound.computeIfAbsent(f.task().name(), k -> new HashMap<>());
                        case Event.SyscallReturned ret -> results.computeIfAbsent(t.name(), k -> new LinkedHashMap<>())
                                .computeIfAbsent(ret.pc(), k -> new ArrayList<>()).add(ret.result());
                        default -> { }
                    }
                }
                for (StepRecord.Spawn sp : rec.spawned()) {
                    if (sp.born() instanceof Event.TaskForked f) {
                        Map<String, ActorId> inherited = new HashMap<>(bound.getOrDefault(t.name(), Map.of()));
                        bound.put(f.task().name(), inherited);
                    }
                }
            }
            List<TaskCalls> tasks = new ArrayList<>();
            List<TaskDef> all = new ArrayList<>();
            all.add(sc.setup());
            all.addAll(sc.tasks());
            for (TaskDef def : all) {
                List<Call> calls = new ArrayList<>();
                results.getOrDefault(def.name(), new LinkedHashMap<>()).forEach((pc, rs) -> {
                    Stmt st = def.body().get(pc);
                    calls.add(new Call(pc, st.text(), List.copyOf(rs), inline(def.name(), st, rs.get(rs.size() - 1))));
                });
                tasks.add(new TaskCalls(def.name(), calls));
            }
            List<Check> checks = new ArrayList<>();
            for (Expectation e : sc.expectations()) {
                checks.add(check(e));
            }
            return new Report(sc.name(), sc.file(), run.semantics().name(), run.scheduler(), run.steps(), tasks,
                    Listings.show(run.states(), IdKind.LINK), Listings.show(run.states(), IdKind.PROG), checks,
                    run.violations(), run.quiescent());
        }

        private Check inline(String task, Stmt st, Result r) {
            if (st.expect() == null) {
                return null;
            }
            String text = task + ": " + st.text() + " => " + st.expect().text();
            return switch (st.expect()) {
                case Outcome.Results alt -> new Check(text, alt.accepts(r.word(),
                        st.call() instanceof bpflife.protocol.Syscall.Read && r.ok() && r.data() != null
                                ? (long) r.data().length() : null),
                        "returned " + describe(r), st.pos());
                case Outcome.Listing l -> {
                    if (!r.ok()) {
                        yield new Check(text, false, "returned " + describe(r), st.pos());
                    }
                    String problem = compare(l.entries(), r.listing(), st.call() instanceof Syscall.Show sh ? sh.kind()
                            : IdKind.LINK);
                    yield new Check(text, problem == null, problem == null ? "listed " + ids(r.listing()) : problem,
                            st.pos());
                }
            };
        }

        private Check check(Expectation e) {
            return switch (e) {
                case Expectation.Dump d -> dump(d);
                case Expectation.Show s -> {
                    List<Listings.Entry> listed = Listings.show(run.states(), s.kind());
                    List<Info> infos = listed.stream().map(Listings.Entry::info).toList();
                    String problem = compare(s.entries(), infos, s.kind());
                    yield new Check(s.kind().word() + " show: " + ShowEntry.text(s.entries()), problem == null,
                            problem == null ? "listed " + ids(infos) : problem, s.pos());
                }
                case Expectation.Freed f -> {
                    ActorId obj = object(f.task(), f.var());
                    ObjectState st = obj == null ? null : run.states().get(obj);
                    boolean ok = st != null && st.freed();
                    yield new Check("freed " + f.task() + "." + f.var(), ok,
                            obj == null ? f.task() + "." + f.var() + " was never bound" : obj + (ok ? " is freed"
                                    : " is not freed"), f.pos());
                }
            };
        }

        private Check dump(Expectation.Dump d) {
            StringBuilder text = new StringBuilder("dump " + d.task() + "." + d.var() + ": ");
            text.append(String.join(" | ", d.alternatives()));
            Result opened = bindingResult(d.task(), d.var());
            if (opened == null) {
                return new Check(text.toString(), false, d.task() + "." + d.var() + " was never opened", d.pos());
            }
            if (!opened.ok()) {
                boolean ok = d.orErrnos().contains(opened.errno().name());
                return new Check(text.toString(), ok, "open returned " + describe(opened), d.pos());
            }
            ActorId session = opened.object();
            if (d.rank() >= 0 && run.states().get(session) instanceof SeqSession.State opened1
                    && Outcomes.rank(opened1) == d.rank()) {
                return new Check(text.toString(), true, "session " + d.rank(), d.pos());
            }
            String dump = run.dumps().getOrDefault(session, "");
            if (run.states().get(session) instanceof SeqSession.State rs && rs.repeatedRead() > 0) {
                // D6: a complete dump, then object lines again after its END line
                return new Check(text.toString(), d.repeats(), rs.repeatedRead() + " object lines after the END line",
                        d.pos());
            }
            if (!run.eof().contains(session)) {
                return new Check(text.toString(), false, "the session was not read to EOF (" + dump.length()
                        + " bytes read)", d.pos());
            }
            SeqSession.State st = (SeqSession.State) run.states().get(session);
            DumpCheck.Summary sum = DumpCheck.summarize(dump);
            Breach broken = Invariants.dump(st, dump, -1);
            String problem = broken == null ? null : broken.detail();
            if (d.onlyEnd() && problem == null && sum.objectLines() == 0) {
                return new Check(text.toString(), true, "only the END line", d.pos());
            }
            if (d.objects() >= 0 && problem == null && sum.objectLines() == d.objects()) {
                return new Check(text.toString(), true, "complete, " + sum.objectLines() + " objects", d.pos());
            }
            if (!d.complete()) {
                if (problem != null) {
                    return new Check(text.toString(), false, problem, d.pos());
                }
                return new Check(text.toString(), false, sum.objectLines() + " object lines", d.pos());
            }
            if (problem != null) {
                return new Check(text.toString(), false, problem, d.pos());
            }
            if (d.fromVar() != null && st.template().prog() == null) {
                return new Check(text.toString(), false, "the session held the link, not a prog of its own (it ran "
                        + sum.prog() + ")", d.pos());
            }
            if (d.fromVar() != null && !Objects.equals(object(d.fromTask(), d.fromVar()), st.template().prog())) {
                return new Check(text.toString(), false, "the dump came from " + st.template().prog() + " ("
                        + sum.prog() + "), not " + d.fromTask() + "." + d.fromVar(), d.pos());
            }
            return new Check(text.toString(), true, "complete, " + sum.objectLines() + " objects from " + sum.prog(),
                    d.pos());
        }

        /** The result of the last call that bound task.var (or tried to). */
        private Result bindingResult(String task, String var) {
            TaskDef def = sc.task(task);
            LinkedHashMap<Integer, List<Result>> rs = results.get(task);
            if (def == null || rs == null) {
                return null;
            }
            Result found = null;
            for (var e : rs.entrySet()) {
                if (var.equals(def.body().get(e.getKey()).call().result())) {
                    List<Result> l = e.getValue();
                    found = l.get(l.size() - 1);
                }
            }
            return found;
        }

        private ActorId object(String task, String var) {
            return bound.getOrDefault(task, Map.of()).get(var);
        }

        private int kernelId(String task, String var) {
            ActorId obj = object(task, var);
            return obj == null || run.states().get(obj) == null ? -1 : Listings.kernelId(run.states().get(obj));
        }

        /** Null when the listing has exactly the expected objects in id order ({@link ListingCheck}). */
        private String compare(List<ShowEntry> expected, List<Info> listed, IdKind kind) {
            return ListingCheck.problem(expected, listed, kind, this::kernelId);
        }

        private static String ids(List<Info> infos) {
            return infos.isEmpty() ? "none" : infos.stream().map(i -> String.valueOf(Info.idOf(i))).toList().toString();
        }

    }

    /** {@code 3}, {@code 16 bytes}, {@code ENOENT (No such file or directory)}. */
    public static String describe(Result r) {
        if (!r.ok()) {
            return r.errno().name() + " (" + r.errno().text() + ")";
        }
        if (r.data() != null) {
            return r.data().isEmpty() ? "0 (eof)" : r.data().length() + " bytes";
        }
        if (r.listing() != null) {
            return r.listing().size() + " listed";
        }
        return Long.toString(r.value());
    }
}
